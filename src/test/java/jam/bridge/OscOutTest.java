package jam.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.clock.Clock;
import jam.testing.RecordingReporter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OscOut to a UDP socket on loopback, read back with the codec. */
class OscOutTest {
  private DatagramSocket receiver;

  @BeforeEach
  void bind() throws Exception {
    receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    receiver.setSoTimeout(10_000);
  }

  @AfterEach
  void close() {
    receiver.close();
  }

  @Test
  void immediateBangsAreBareMessagesAndScheduledOnesTimeTaggedBundles() throws Exception {
    Clock local = Clock.shifted(250); // time tags are on this machine's clock, shifted or not
    try (OscOut out = open(OscFormat.JAM, local, "class-a", new RecordingReporter())) {
      out.bang("kick", null, System.nanoTime(), false);
      assertEquals(new Osc.Message("/jam/bang", "kick", "", "class-a"), next());

      long at = System.nanoTime() + Duration.ofMillis(300).toNanos();
      out.bang(null, "ana", at, true);
      Osc.Bundle b = (Osc.Bundle) next();
      assertEquals(List.of(new Osc.Message("/jam/bang", "bang", "ana", "class-a")), b.elements());
      assertEquals(TimeTag.ofUnixMs(local.at(at)), b.timeTag());

      out.step(Arrays.asList(440.0, null, 660.0), 0.5, "riff", at);
      Osc.Bundle step = (Osc.Bundle) next();
      assertEquals(
          List.of(
              new Osc.Message("/jam/note", 440f, 0.5f, "riff", "class-a"),
              new Osc.Message("/jam/note", 660f, 0.5f, "riff", "class-a")),
          step.elements());
    }
  }

  @Test
  void superDirtGetsItsOwnNames() throws Exception {
    try (OscOut out = open(OscFormat.SUPERDIRT, Clock.TRUE, "", new RecordingReporter())) {
      out.bang("kick", null, System.nanoTime(), false);
      assertEquals(new Osc.Message("/dirt/play", "s", "bd", "orbit", 0), next());
      out.bang("tabla", null, System.nanoTime(), false);
      assertEquals(new Osc.Message("/dirt/play", "s", "tabla", "orbit", 0), next());
      out.step(List.of(220.0), 0.5, null, System.nanoTime());
      assertEquals(
          List.of(
              new Osc.Message(
                  "/dirt/play", "s", "superpiano", "freq", 220f, "sustain", 0.5f, "orbit", 0)),
          ((Osc.Bundle) next()).elements());
    }
  }

  @Test
  void aHostThatDoesNotResolveIsOneLineAndNothingStops() throws Exception {
    RecordingReporter reporter = new RecordingReporter();
    try (OscOut out =
        OscOut.open(
            new UdpAddress("no-such-host.invalid", 9),
            OscFormat.JAM,
            Clock.TRUE,
            Duration.ofMillis(100),
            "",
            reporter)) {
      out.bang("kick", null, System.nanoTime(), false);
      out.bang("kick", null, System.nanoTime(), false);
      assertTrue(reporter.await("cannot resolve no-such-host.invalid").startsWith("--osc: "));
    }
  }

  @Test
  void aPacketTooBigForUdpIsOneLine() throws Exception {
    RecordingReporter reporter = new RecordingReporter();
    try (OscOut out = open(OscFormat.JAM, Clock.TRUE, "", reporter)) {
      out.bang("x".repeat(70_000), null, System.nanoTime(), false);
      out.bang("kick", null, System.nanoTime(), false);
      assertEquals(new Osc.Message("/jam/bang", "kick", "", ""), next());
      assertTrue(reporter.await("not sent: a packet of").contains("65507"));
    }
  }

  private OscOut open(OscFormat format, Clock local, String room, RecordingReporter reporter) {
    return OscOut.open(
        new UdpAddress("127.0.0.1", receiver.getLocalPort()),
        format,
        local,
        Duration.ofMillis(100),
        room,
        reporter);
  }

  private Osc.Packet next() throws Exception {
    byte[] buffer = new byte[65_536];
    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
    receiver.receive(p);
    return Osc.decode(buffer, 0, p.getLength());
  }
}
