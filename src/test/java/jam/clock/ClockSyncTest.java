package jam.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.peer.RelayConnection;
import jam.protocol.Message;
import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.testing.NodeRelay;
import jam.testing.RecordingClient;
import jam.testing.RecordingReporter;
import jam.testing.RelayHarness;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A peer's clock sync against jam's relay, which answers, and the tutorials' Node relay, which
 * broadcasts.
 */
class ClockSyncTest {
  @RegisterExtension final RelayHarness harness = new RelayHarness();

  private static RelayConnection connect(URI url, ClockSync sync) {
    RelayConnection c =
        RelayConnection.open(
            url, Duration.ofSeconds(5), (from, text) -> sync.accept(text, System.nanoTime()));
    sync.connected(c::send);
    return c;
  }

  @Test
  void aShiftedClockFindsTheRelaysTimeAndNobodyElseSeesThePings() throws Exception {
    Relay relay = harness.relay(RelayConfig.builder().build());
    RecordingClient other = harness.peer(relay);
    other.assertText("collect");
    RecordingReporter reporter = new RecordingReporter();
    try (ClockSync sync =
            ClockSync.start(Clock.shifted(-432.1), reporter, ClockSync.Schedule.PEER);
        RelayConnection c = harness.closeLater(connect(URI.create(relay.url()), sync))) {
      ClockSync.State s = sync.settled().get(10, TimeUnit.SECONDS);
      assertEquals(ClockSync.Status.SYNCED, s.status());
      assertEquals(432.1, s.offsetMs(), 2, s.toJson());
      assertEquals(Clock.TRUE.now(), sync.relayNow(), 2);
      long nanos = System.nanoTime() + 500_000_000;
      assertEquals(nanos, sync.nanosAt(Clock.TRUE.at(nanos)), 2_000_000);
    }
    other.assertExhausted(); // neither pings nor pongs reached the other peer
  }

  @Test
  void theRelayAnswersOnlyWellFormedPingsAndRelaysNoPongs() {
    Relay relay = harness.relay(RelayConfig.builder().build());
    RecordingClient a = harness.peer(relay);
    RecordingClient b = harness.peer(relay);
    a.assertText("collect");
    b.assertText("collect");
    a.send("{\"type\":\"clock-ping\",\"n\":1,\"t0\":12.5}");
    Message.ClockPong pong = assertInstanceOf(Message.ClockPong.class, Message.parse(a.nextText()));
    assertEquals(1, pong.n());
    assertEquals(12.5, pong.t0());
    assertTrue(
        pong.t2() >= pong.t1() && Math.abs(pong.t1() - Clock.TRUE.now()) < 1000, pong.toString());
    a.send("{\"type\":\"clock-pong\",\"n\":1,\"t0\":1,\"t1\":2,\"t2\":3}"); // a forged pong: nobody
    // gets it
    a.send("{\"type\":\"clock-ping\",\"n\":\"x\"}"); // malformed: no answer
    a.send(
        "{\"type\":\"clock-ping\",\"n\":2,\"t0\":1,"
            + "\"pad\":\""
            + "x".repeat(300)
            + "\"}"); // too long
    a.send("after");
    a.assertText("after");
    b.assertText("after");
    a.assertExhausted();
    b.assertExhausted();
  }

  @Test
  void aRelayThatBroadcastsIsNoticedAtOnceAndSaidOnce() throws Exception {
    try (NodeRelay node = NodeRelay.start()) {
      RecordingReporter reporter = new RecordingReporter();
      try (ClockSync sync = ClockSync.start(Clock.TRUE, reporter, ClockSync.Schedule.PEER);
          RelayConnection c = connect(node.url(), sync)) {
        ClockSync.State s = sync.settled().get(2, TimeUnit.SECONDS);
        assertEquals(ClockSync.Status.OWN_CLOCK, s.status());
        assertTrue(
            reporter.await("play by this machine's own clock").contains("sends clock pings back"));
        assertEquals(0, sync.relayNow() - Clock.TRUE.now(), 2);
      }
    }
  }

  @Test
  void aRelayThatNeverAnswersFallsBackWithinTheTimeout() throws Exception {
    RecordingReporter reporter = new RecordingReporter();
    long start = System.nanoTime();
    try (ClockSync sync = ClockSync.start(Clock.TRUE, reporter, ClockSync.Schedule.PEER)) {
      sync.connected(text -> true); // a relay that takes pings and says nothing
      ClockSync.State s = sync.settled().get(3, TimeUnit.SECONDS);
      assertEquals(ClockSync.Status.OWN_CLOCK, s.status());
      assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1_500));
      assertTrue(reporter.await("own clock").contains("did not answer clock pings within 1000 ms"));
    }
  }
}
