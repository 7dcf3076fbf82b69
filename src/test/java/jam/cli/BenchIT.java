package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import jam.testing.JamProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code jam bench} through the real launcher against {@code jam serve --collect} (exact collect counts), each a separate process. */
class BenchIT {
  private static long num(Map<String, Object> j, String key) {
    assertTrue(j.get(key) instanceof Number, key + " in " + j);
    return ((Number) j.get(key)).longValue();
  }

  @Test
  void broadcastAndStormAgainstJamServeReportJson() throws Exception {
    try (JamProcess serve = JamProcess.start("serve", "--host", "127.0.0.1", "--port", "0", "-q", "--collect")) {
      String url = serve.readLine();
      String pid = Long.toString(serve.process().pid()); // bin/jam execs java: the same process
      // the URL from $JAM_URL
      JamProcess.Result r = JamProcess.run(Map.of("JAM_URL", url),
          "bench", "--peers", "10", "--messages", "100", "--json", "--server-pid", pid);
      assertEquals(0, r.exitCode(), r.stderr());
      assertTrue(r.stderr().startsWith("jam: warmed up in "), r.stderr());
      assertTrue(r.stderr().contains("\njam: 11 connections open in "), r.stderr());
      Map<String, Object> j = JSON.std.mapFrom(r.stdout());
      assertEquals("bcast", j.get("mode"));
      assertEquals(url, j.get("url"));
      assertEquals(10, num(j, "peers"));
      assertEquals(100, num(j, "messages"));
      assertEquals(1000, num(j, "delivered"));
      assertEquals(0, num(j, "lost"));
      assertEquals(66, num(j, "collect_expected"));
      assertEquals(66, num(j, "collect_received"));
      assertTrue(num(j, "p99_ms") >= 0 && num(j, "max_ms") >= num(j, "p50_ms"), j.toString());
      assertTrue(j.get("server_cpu_pct") instanceof Number, "relay CPU read through --server-pid: " + j);
      assertTrue(num(j, "server_rss_kb") > 0, j.toString());
      assertEquals(true, j.get("ok"));

      JamProcess.Result s = JamProcess.run("bench", url, "--mode", "storm", "--peers", "10", "--arrival", "burst", "--json", "-q", "--no-warmup");
      assertEquals(0, s.exitCode(), s.stderr());
      assertEquals("", s.stderr());
      Map<String, Object> k = JSON.std.mapFrom(s.stdout());
      assertEquals("storm", k.get("mode"));
      assertEquals("burst", k.get("arrival"));
      assertEquals(true, k.get("complete"));
      assertEquals(100, num(k, "pairs_seen"));
      assertEquals(55, num(k, "collect_received"));
    }
  }

  @Test
  void anUnreachableRelayExitsFourWithOneLine() throws Exception {
    int port;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = gone.getLocalPort();
    }
    String url = "ws://127.0.0.1:" + port + "/socket";
    JamProcess.Result r = JamProcess.run("bench", url);
    assertEquals(4, r.exitCode());
    assertEquals("", r.stdout());
    assertEquals("jam: cannot connect to " + url + ": connection refused\n", r.stderr());
  }
}
