package jam.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.clock.Clock;
import jam.peer.TrackPeer;
import jam.protocol.Message;
import jam.testing.RecordingReporter;
import jam.track.Track;
import java.lang.reflect.Method;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BridgeTest {
  /** A sink that keeps what it is given, as the printer and the console would take it. */
  private static final class Kept implements TrackPeer.Sink {
    final List<Object> got = new ArrayList<>();

    @Override
    public boolean accept(Track track) {
      got.add(track);
      return true;
    }

    @Override
    public void bang(Message.Bang bang, long nanos) {
      got.add(bang);
    }
  }

  @Test
  void passesOnEveryMethodOfTheSink() throws Exception {
    for (Method m : TrackPeer.Sink.class.getMethods()) {
      Method mine = Bridge.class.getMethod(m.getName(), m.getParameterTypes());
      assertSame(
          Bridge.class,
          mine.getDeclaringClass(),
          "Bridge must pass " + m.getName() + " on to the sink it wraps");
    }
  }

  @Test
  void withoutOutputsTheSinkIsItself() {
    Kept sink = new Kept();
    assertSame(sink, Bridge.tee(sink, List.of(), true));
  }

  @Test
  void bangsAndTracksGoToTheSinkAndOutOverOsc() throws Exception {
    try (DatagramSocket receiver =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      receiver.setSoTimeout(10_000);
      Kept sink = new Kept();
      try (OscOut out =
          OscOut.open(
              new UdpAddress("127.0.0.1", receiver.getLocalPort()),
              OscFormat.JAM,
              Clock.TRUE,
              Duration.ZERO,
              "",
              new RecordingReporter())) {
        TrackPeer.Sink tee = Bridge.tee(sink, List.of(out), true);
        tee.bang(new Message.Bang("hat"), System.nanoTime());
        assertEquals(new Osc.Message("/jam/bang", "hat", "", ""), next(receiver));
        Track track = Track.parse("{\"trackname\":\"riff\",\"data\":[[440,null],[],[null,null]]}");
        assertTrue(tee.accept(track));
        Osc.Bundle row = (Osc.Bundle) next(receiver);
        assertEquals(List.of(new Osc.Message("/jam/note", 440f, 0.5f, "riff", "")), row.elements());
        assertEquals(List.of(new Message.Bang("hat"), track), sink.got);
      }
    }
  }

  private static Osc.Packet next(DatagramSocket s) throws Exception {
    byte[] b = new byte[65_536];
    DatagramPacket p = new DatagramPacket(b, b.length);
    s.receive(p);
    return Osc.decode(b, 0, p.getLength());
  }
}
