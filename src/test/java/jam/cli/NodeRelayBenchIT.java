package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import jam.testing.JamProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code jam bench} against the tutorials' Node relay (../shared/bench/anchors/node-ws-relay.js): it
 * works against any relay that speaks the protocol. Skipped when node or the harness's node_modules
 * (npm ci in ../shared/bench) are missing.
 */
class NodeRelayBenchIT {
  private static final Path BENCH = JamProcess.HOME.resolve("../shared/bench").normalize();

  private static long num(Map<String, Object> j, String key) {
    assertTrue(j.get(key) instanceof Number, key + " in " + j);
    return ((Number) j.get(key)).longValue();
  }

  @Test
  void everyModeWorksAgainstTheNodeRelay() throws Exception {
    assumeTrue(Files.isDirectory(BENCH.resolve("node_modules/ws")), "no " + BENCH + "/node_modules (npm ci there)");
    assumeTrue(nodeRuns(), "node is not installed");
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Process node = new ProcessBuilder("node", BENCH.resolve("anchors/node-ws-relay.js").toString(), Integer.toString(port))
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    try {
      BufferedReader log = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
      String first = log.readLine();
      assertTrue(first != null && first.contains("listening"), "node relay: " + first);
      String url = "ws://127.0.0.1:" + port + "/socket";
      String pid = Long.toString(node.pid());

      Map<String, Object> b = bench(url, "--peers", "10", "--messages", "100", "--server-pid", pid);
      assertEquals(1000, num(b, "delivered"));
      assertEquals(0, num(b, "lost"));
      assertEquals(66, num(b, "collect_received"));
      assertTrue(b.get("server_us_per_delivery") instanceof Number, b.toString());

      Map<String, Object> t = bench(url, "--mode", "trigger", "--peers", "10", "--messages", "100");
      assertEquals(1000, num(t, "delivered"));
      assertEquals("trigger-output", t.get("trigger_reply"));

      Map<String, Object> s = bench(url, "--mode", "storm", "--peers", "10");
      assertEquals(true, s.get("complete"));
      assertEquals(55, num(s, "collect_received"));
      // at least F(10) = 55 collects + 385 arrays (replies still in flight when a peer joins reach it too)
      assertTrue(num(s, "frames") >= 55 + 385, s.toString());
    } finally {
      node.destroy();
      node.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Map<String, Object> bench(String url, String... args) throws Exception {
    String[] all = new String[args.length + 5];
    all[0] = "bench";
    all[1] = url;
    System.arraycopy(args, 0, all, 2, args.length);
    all[args.length + 2] = "--json";
    all[args.length + 3] = "-q";
    all[args.length + 4] = "--no-warmup";
    JamProcess.Result r = JamProcess.run(all);
    assertEquals(0, r.exitCode(), r.stderr());
    return JSON.std.mapFrom(r.stdout());
  }

  private static boolean nodeRuns() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
