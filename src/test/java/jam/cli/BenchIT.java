package jam.cli;

import static jam.testing.JamProcess.jam;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.testing.JamProcess;
import jam.testing.JsonValues;
import jam.testing.NatsServers;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jam bench} through the real launcher against {@code jam serve --collect} (exact collect
 * counts), and against two relays of a cluster over Debian's nats-server (--sender-url), each a
 * separate process.
 */
class BenchIT {
  @TempDir Path dir;

  private static long num(Map<String, Object> j, String key) {
    assertTrue(j.get(key) instanceof Number, key + " in " + j);
    return ((Number) j.get(key)).longValue();
  }

  @Test
  void broadcastAndStormAgainstJamServeReportJson() throws Exception {
    try (JamProcess serve =
        jam(dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", "0", "-q", "--collect")) {
      String url = serve.nextLine();
      String pid = Long.toString(serve.process().pid()); // bin/jam execs java: the same process
      // the URL from $JAM_URL
      JamProcess.Result r =
          JamProcess.run(
              dir,
              Map.of("JAM_URL", url),
              "bench",
              "--peers",
              "10",
              "--messages",
              "100",
              "--json",
              "--server-pid",
              pid);
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.err().startsWith("jam: warmed up in "), r.err());
      assertTrue(r.err().contains("\njam: 11 connections open in "), r.err());
      Map<String, Object> j = JsonValues.object(r.out());
      assertEquals("bcast", j.get("mode"));
      assertEquals(url, j.get("url"));
      assertEquals(10, num(j, "peers"));
      assertEquals(100, num(j, "messages"));
      assertEquals(1000, num(j, "delivered"));
      assertEquals(0, num(j, "lost"));
      assertEquals(66, num(j, "collect_expected"));
      assertEquals(66, num(j, "collect_received"));
      assertTrue(num(j, "p99_ms") >= 0 && num(j, "max_ms") >= num(j, "p50_ms"), j.toString());
      assertTrue(
          j.get("server_cpu_pct") instanceof Number, "relay CPU read through --server-pid: " + j);
      assertTrue(num(j, "server_rss_kb") > 0, j.toString());
      assertEquals(true, j.get("ok"));

      JamProcess.Result s =
          JamProcess.run(
              dir,
              Map.of(),
              "bench",
              url,
              "--mode",
              "storm",
              "--peers",
              "10",
              "--arrival",
              "burst",
              "--json",
              "-q",
              "--no-warmup");
      assertEquals(0, s.exitCode(), s.err());
      assertEquals("", s.err());
      Map<String, Object> k = JsonValues.object(s.out());
      assertEquals("storm", k.get("mode"));
      assertEquals("burst", k.get("arrival"));
      assertEquals(true, k.get("complete"));
      assertEquals(100, num(k, "pairs_seen"));
      assertEquals(55, num(k, "collect_received"));
    }
  }

  @Test
  void theSenderOnOneRelayOfAClusterItsPeersOnAnother() throws Exception {
    try (NatsServers nats = NatsServers.one(dir);
        JamProcess a = clustered(nats);
        JamProcess b = clustered(nats)) {
      String urlA = a.nextLine();
      String urlB = b.nextLine();
      a.awaitErr("cluster: relay ");
      b.awaitErr("cluster: relay ");
      JamProcess.Result r =
          JamProcess.run(
              dir,
              Map.of(),
              "bench",
              urlB,
              "--sender-url",
              urlA,
              "--peers",
              "10",
              "--messages",
              "100",
              "--rate",
              "200",
              "--json",
              "-q",
              "--no-warmup",
              "--server-pid",
              "" + a.process().pid(),
              "--server-pid",
              "" + b.process().pid(),
              "--server-pid",
              "" + nats.pid(0));
      assertEquals(0, r.exitCode(), r.err());
      Map<String, Object> j = JsonValues.object(r.out());
      assertEquals(urlB, j.get("url"));
      assertEquals(urlA, j.get("sender_url"));
      assertEquals(1000, num(j, "delivered"), "through NATS from A to B's peers: " + j);
      assertEquals(0, num(j, "lost"));
      List<?> each = (List<?>) j.get("server_cpu_by_pid");
      assertEquals(3, each.size(), j.toString());
      assertEquals(a.process().pid(), ((Number) ((Map<?, ?>) each.get(0)).get("pid")).longValue());
      assertEquals(true, j.get("ok"));
      a.close();
      b.close();
      assertEquals(1, count(a.err(), " joined ("), "the sender alone on A: " + a.err());
      assertEquals(10, count(b.err(), " joined ("), "the peers on B: " + b.err());
    }
  }

  private JamProcess clustered(NatsServers nats) {
    return jam(
        dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", "0", "--cluster", nats.url(0));
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  @Test
  void anUnreachableRelayExitsFourWithOneLine() throws Exception {
    int port;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = gone.getLocalPort();
    }
    String url = "ws://127.0.0.1:" + port + "/socket";
    JamProcess.Result r = JamProcess.run(dir, Map.of(), "bench", url);
    assertEquals(4, r.exitCode());
    assertEquals("", r.out());
    assertEquals("jam: cannot connect to " + url + ": connection refused\n", r.err());
  }
}
