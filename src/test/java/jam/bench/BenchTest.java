package jam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.ExitCode;
import jam.JamException;
import jam.bench.BenchConfig.Arrival;
import jam.bench.BenchConfig.Mode;
import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.testing.TestFrames;
import jam.testing.TestWebSocketServer;
import jam.websocket.WebSocketProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tiny loads of every mode against the in-process jam relay on loopback: counts, not timings. The
 * relay runs the tutorial's collect mode, whose counts the load generator checks exactly; one storm
 * also runs against the default mode.
 */
class BenchTest {
  private static Relay relay;
  private static Relay newcomerRelay;

  @BeforeAll
  static void startRelay() {
    relay = Relay.start(RelayConfig.builder().collectAll(true).build(), new RelayListener() {});
    newcomerRelay = Relay.start(RelayConfig.loopback(), new RelayListener() {});
  }

  @AfterAll
  static void stopRelay() {
    relay.close();
    newcomerRelay.close();
  }

  private static BenchConfig config(
      String url, Mode mode, int peers, int senders, long messages, double rate, Arrival arrival) {
    return new BenchConfig(
        Target.parse(url),
        mode,
        peers,
        senders,
        messages,
        BenchConfig.defaultSize(mode),
        rate,
        BenchConfig.defaultDuration(mode),
        arrival,
        List.of(ProcessHandle.current().pid()),
        false,
        null);
  }

  private static BenchConfig load(Mode mode, int peers, int senders, long messages, double rate) {
    return config(relay.url(), mode, peers, senders, messages, rate, Arrival.SEQUENTIAL);
  }

  private static long num(Map<String, Object> f, String key) {
    Object v = f.get(key);
    assertNotNull(v, key + " in " + f);
    return ((Number) v).longValue();
  }

  private static void assertDelivered(BenchResult r, int peers, int senders, long messages) {
    Map<String, Object> f = r.fields();
    assertTrue(r.ok(), f.toString());
    assertNull(r.failure());
    assertEquals(messages, num(f, "messages"));
    assertEquals(messages * peers, num(f, "delivered"));
    assertEquals(messages * peers, num(f, "expected"));
    assertEquals(0, num(f, "lost"));
    long t = peers + senders;
    assertEquals(t * (t + 1) / 2, num(f, "collect_expected"));
    assertEquals(num(f, "collect_expected"), num(f, "collect_received"), "collect count");
    assertEquals(0, num(f, "out_of_order"));
    assertEquals(0, num(f, "other_received"));
    assertEquals(List.of(), f.get("errors"));
    assertEquals(messages * peers, num(f, "latency_samples"));
    assertTrue(
        ((Number) f.get("p50_ms")).doubleValue() <= ((Number) f.get("p99_ms")).doubleValue());
    assertNotNull(f.get("server_cpu_pct"), "--server-pid read from /proc");
  }

  /**
   * The collects counted say which protocol the relay speaks, not "11 of 66" as if 55 were lost.
   */
  @Test
  void collectsAreNamedByTheRelaysWay() {
    assertEquals("11 (one each: only newcomers asked)", BenchResult.collects(11, 11));
    assertEquals(
        "66 (every peer at each join, as the tutorial's relay)", BenchResult.collects(66, 11));
    assertEquals(
        "12 (expected 11, one each, or 66, every peer at each join)", BenchResult.collects(12, 11));
  }

  @Test
  void broadcastAtMaxRateDeliversEveryMessageToEveryPeer() {
    BenchResult r = Bench.run(load(Mode.BROADCAST, 10, 1, 100, 0), Progress.NONE);
    assertDelivered(r, 10, 1, 100);
    assertEquals("bcast", r.fields().get("mode"));
    assertEquals("max", r.fields().get("rate"));
    assertEquals("messages", r.fields().get("stop"));
    assertTrue(r.table().contains("1,000 of 1,000, 0 lost"), r.table());
    assertTrue(r.json().startsWith("{\"mode\":\"bcast\","), r.json());
  }

  @Test
  void broadcastAtAFixedRateFromTwoSendersKeepsEachSendersOrder() {
    BenchResult r = Bench.run(load(Mode.BROADCAST, 10, 2, 100, 1000), Progress.NONE);
    assertDelivered(r, 10, 2, 100);
    assertEquals(1000L, r.fields().get("rate"));
    assertNull(r.fields().get("window"));
    assertEquals(false, r.fields().get("saturated"));
  }

  @Test
  void triggerCountsTriggerOutput() {
    BenchResult r = Bench.run(load(Mode.TRIGGER, 10, 1, 100, 0), Progress.NONE);
    assertDelivered(r, 10, 1, 100);
    assertEquals("trigger-output", r.fields().get("trigger_reply"));
    assertEquals(13L, num(r.fields(), "payload"));
  }

  @Test
  void sequentialStormEndsWithEveryPeerHavingEveryTrack() {
    assertStorm(
        Bench.run(
            config(relay.url(), Mode.STORM, 10, 1, Long.MAX_VALUE, 0, Arrival.SEQUENTIAL),
            Progress.NONE),
        10);
  }

  @Test
  void burstStormEndsWithEveryPeerHavingEveryTrack() {
    assertStorm(
        Bench.run(
            config(relay.url(), Mode.STORM, 10, 1, Long.MAX_VALUE, 0, Arrival.BURST),
            Progress.NONE),
        10);
  }

  @Test
  void stormAgainstTheDefaultModeCompletesWithOneCollectPerPeer() {
    BenchResult r =
        Bench.run(
            config(newcomerRelay.url(), Mode.STORM, 10, 1, Long.MAX_VALUE, 0, Arrival.SEQUENTIAL),
            Progress.NONE);
    Map<String, Object> f = r.fields();
    assertTrue(r.ok(), f.toString());
    assertEquals(true, f.get("complete"));
    assertEquals(100L, num(f, "pairs_seen"));
    assertEquals(10L, num(f, "collect_received"), "only the newcomer is asked");
    assertEquals(num(f, "frames"), num(f, "collect_received") + num(f, "arrays_received"));
  }

  private static void assertStorm(BenchResult r, int n) {
    Map<String, Object> f = r.fields();
    assertTrue(r.ok(), f.toString());
    assertEquals("storm", f.get("mode"));
    assertEquals(true, f.get("complete"));
    assertEquals("complete", f.get("stop"));
    assertEquals((long) n * n, num(f, "pairs_seen"));
    assertEquals(n, num(f, "peers_complete"));
    assertEquals((long) n * (n + 1) / 2, num(f, "collect_expected"));
    assertEquals(num(f, "collect_expected"), num(f, "collect_received"));
    assertEquals(num(f, "collect_received"), num(f, "replies_sent"));
    assertEquals(200, num(f, "track_bytes"));
    // every frame is a collect or a track array, and the wire holds exactly their payloads and
    // headers
    assertEquals(num(f, "frames"), num(f, "collect_received") + num(f, "arrays_received"));
    assertEquals(0, num(f, "other_received"));
    // frame headers: 2 bytes for a collect, 4 for a 200-byte array
    assertEquals(
        num(f, "bytes") + 2 * num(f, "collect_received") + 4 * num(f, "arrays_received"),
        num(f, "wire_bytes"));
    assertTrue(r.table().contains("every peer has every peer's track"), r.table());
  }

  @Test
  void anUnreachableRelayIsUnavailableNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = gone.getLocalPort();
    }
    String url = "ws://127.0.0.1:" + port + "/socket";
    for (Mode mode : Mode.values()) {
      JamException e =
          assertThrows(
              JamException.class,
              () -> Bench.run(config(url, mode, 3, 1, 10, 0, Arrival.SEQUENTIAL), Progress.NONE));
      assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
      assertEquals("cannot connect to " + url + ": connection refused", e.getMessage());
    }
  }

  @Test
  void aRelayThatDropsMessagesFailsTheRunAsIncomplete() throws Exception {
    try (LossyRelay lossy = new LossyRelay()) {
      BenchConfig c = config(lossy.url(), Mode.BROADCAST, 2, 1, 5, 0, Arrival.SEQUENTIAL);
      BenchResult r = Bench.run(c, Progress.NONE);
      assertEquals(10, num(r.fields(), "lost"), r.fields().toString());
      assertEquals(false, r.fields().get("ok"));
      JamException e = r.failure();
      assertEquals(ExitCode.INCOMPLETE, e.exitCode());
      assertEquals(
          "10 of 10 deliveries lost (not received within 5 s of the last send)", e.getMessage());
      assertTrue(r.table().contains("FAILED: 10 of 10 deliveries lost"), r.table());
    }
  }

  @Test
  void whatTheRelaySaysInItsCloseIsEscapedInTheFailure() throws Exception {
    try (TestWebSocketServer server = new TestWebSocketServer()) {
      byte[] reason = "gone \u001b[31m".getBytes(StandardCharsets.UTF_8);
      ByteBuffer close =
          ByteBuffer.allocate(2 + reason.length)
              .putShort((short) WebSocketProtocol.CLOSE_GOING_AWAY)
              .put(reason);
      byte[] frame =
          TestFrames.unmasked(
              WebSocketProtocol.B0_FLAG_FIN | WebSocketProtocol.OPCODE_CONTROL_CLOSE,
              close.array());
      Thread closer =
          new Thread(
              () -> {
                while (true) {
                  TestWebSocketServer.Connection c;
                  try {
                    c = server.accept();
                  } catch (IOException e) {
                    return; // the server closed
                  }
                  try {
                    c.upgrade().write(frame);
                  } catch (IOException e) {
                    // a connection of the run before, closed before its request: the next
                  }
                }
              },
              "closing-relay");
      closer.setDaemon(true);
      closer.start();
      for (Mode mode : Mode.values()) {
        JamException failure;
        try {
          failure =
              Bench.run(config(server.url(), mode, 3, 1, 10, 0, Arrival.SEQUENTIAL), Progress.NONE)
                  .failure();
        } catch (JamException e) {
          failure = e; // while connecting
        }
        assertNotNull(failure, mode.toString());
        assertEquals(ExitCode.UNAVAILABLE, failure.exitCode());
        assertTrue(
            failure.getMessage().endsWith(": closed by the relay (1001 gone \\e[31m)"),
            failure.getMessage());
      }
    }
  }

  @Test
  void targetsAreWsUrlsShownWithoutTheirToken() {
    Target t = Target.parse("ws://[::1]:9000/socket?token=s3cret&x=1");
    assertEquals("ws://[::1]:9000/socket?token=***&x=1", t.text());
    assertEquals("ws://[::1]:9000/socket?token=***&x=1", t.toString());
    assertEquals("::1", t.host());
    assertEquals(9000, t.port());
    assertEquals("/socket?token=s3cret&x=1", t.url().resource());
    assertEquals(80, Target.parse("ws://example.org").port());
    for (String bad :
        new String[] {"http://x/", "wss://x/", "ws:///path", "not a url", "ws://x:99999/"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Target.parse(bad), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Target.parse("wss://x/?token=s3cret"));
    assertEquals(
        "'wss://x/?token=***': jam bench speaks plain ws:// only, not wss:// (TLS); bench the relay's ws:// port "
            + "from its own network",
        e.getMessage());
  }

  @Test
  void configNamesTheOptionItRejects() {
    Target u = Target.parse("ws://127.0.0.1:1/");
    Duration d = Duration.ofSeconds(1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new BenchConfig(
                    u, Mode.BROADCAST, 10, 1, 10, 36, 0, d, Arrival.BURST, List.of(), false, null));
    assertEquals("--size must be at least 37 bytes in broadcast mode, not 36", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new BenchConfig(
                    u, Mode.TRIGGER, 10, 2, 10, 64, 0, d, Arrival.BURST, List.of(), false, null));
    assertEquals("--mode trigger takes one sender, not 2", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new BenchConfig(
                    u, Mode.STORM, 1, 1, 10, 64, 0, d, Arrival.BURST, List.of(), false, null));
    assertEquals("--peers must be 2 to 20000 in storm mode, not 1", e.getMessage());
  }
}
