package jam.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.Reporter;
import jam.clock.Clock;
import jam.clock.ClockSync;
import jam.protocol.Message;
import jam.testing.RecordingReporter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OscIn on a loopback port, fed bytes written by hand as the OSC 1.0 specification lays them. */
class OscInTest {
  private final BlockingQueue<Message.Bang> sent = new LinkedBlockingQueue<>();
  private final RecordingReporter reporter = new RecordingReporter();
  private ClockSync clock;
  private OscIn in;
  private DatagramSocket sender;

  @BeforeEach
  void open() throws Exception {
    clock = ClockSync.off(Clock.TRUE, Reporter.SILENT);
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    in = OscIn.open(new UdpAddress("127.0.0.1", port), clock, sent::add, reporter);
    assertNotNull(in, reporter.left().toString());
    reporter.await("listening for OSC on udp://127.0.0.1:" + port);
    sender = new DatagramSocket();
  }

  @AfterEach
  void close() {
    in.close();
    sender.close();
    clock.close();
  }

  @Test
  void aBangWithOrWithoutASound() throws Exception {
    send(latin1("/jam/bang\0\0\0,s\0\0kick\0\0\0\0"));
    assertEquals(new Message.Bang("kick"), next());
    send(latin1("/jam/bang\0\0\0,\0\0\0"));
    assertEquals(Message.Bang.DEFAULT, next());
    send(latin1("/jam/bang\0\0\0,is\0\0\0\0\0hat\0"));
    assertEquals(new Message.Bang("hat"), next(), "the first string is the sound");
  }

  @Test
  void aBundleTimeTaggedInTheFutureIsABangAtThatTimeOnTheRelaysClock() throws Exception {
    double atMs = Clock.TRUE.now() + 500;
    send(bundle(TimeTag.ofUnixMs(atMs), latin1("/jam/bang\0\0\0,s\0\0bell\0\0\0\0")));
    Message.Bang b = next();
    assertEquals("bell", b.sound());
    assertEquals(atMs, b.at(), 0.01);
    send(bundle(TimeTag.IMMEDIATELY, latin1("/jam/bang\0\0\0,s\0\0kick\0\0\0\0")));
    assertEquals(new Message.Bang("kick"), next(), "immediately: as it arrives");
    send(bundle(TimeTag.ofUnixMs(Clock.TRUE.now() - 1000), latin1("/jam/bang\0\0\0")));
    assertEquals(Message.Bang.DEFAULT, next(), "a time past: as it arrives");
  }

  @Test
  void badInputIsOneLineEachAndNothingStops() throws Exception {
    send(latin1("garbage!"));
    send(latin1("garbage!"));
    send(latin1("/other\0\0,i\0\0\0\0\0\1"));
    send(new byte[OscIn.MAX_PACKET + 4]);
    send(bundle(TimeTag.ofUnixMs(Clock.TRUE.now() + 120_000), latin1("/jam/bang\0\0\0")));
    send(latin1("/jam/bang\0\0\0,s\0\0" + "x".repeat(100) + "\0\0\0\0"));
    send(latin1("/jam/bang\0\0\0,s\0\0snare\0\0\0"));
    assertEquals(new Message.Bang("snare"), next());
    String lines = String.join("\n", reporter.left());
    assertEquals(1, lines.split("malformed", -1).length - 1, "two alike, one line: " + lines);
    assertTrue(lines.contains("ignored /other from 127.0.0.1:"), lines);
    assertTrue(lines.contains("ignored a packet over 4096 bytes"), lines);
    assertTrue(lines.contains("more than 60 s ahead"), lines);
    assertTrue(lines.contains("over 64 characters"), lines);
    assertTrue(sent.isEmpty());
  }

  @Test
  void aPortInUseIsOneLineAndNoListener() {
    RecordingReporter other = new RecordingReporter();
    assertNull(OscIn.open(new UdpAddress("127.0.0.1", in.port()), clock, sent::add, other));
    assertTrue(other.next().startsWith("--osc-listen: cannot listen on udp://127.0.0.1:"));
  }

  @Test
  void withoutAConnectionBangsAreDroppedWithOneLine() throws Exception {
    RecordingReporter r = new RecordingReporter();
    int port = in.port();
    in.close();
    in = OscIn.open(new UdpAddress("127.0.0.1", port), clock, b -> false, r);
    r.await("listening");
    send(latin1("/jam/bang\0\0\0"));
    send(latin1("/jam/bang\0\0\0"));
    assertTrue(r.next().contains("not connected to the relay"));
  }

  private Message.Bang next() throws InterruptedException {
    Message.Bang b = sent.poll(10, TimeUnit.SECONDS);
    assertNotNull(b, "no bang; " + reporter.left());
    return b;
  }

  private void send(byte[] bytes) throws Exception {
    sender.send(
        new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", in.port())));
  }

  private static byte[] bundle(long timeTag, byte[] element) {
    return ByteBuffer.allocate(20 + element.length)
        .put("#bundle\0".getBytes(StandardCharsets.US_ASCII))
        .putLong(timeTag)
        .putInt(element.length)
        .put(element)
        .array();
  }

  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
