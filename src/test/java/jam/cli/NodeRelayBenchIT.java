package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.testing.JamProcess;
import jam.testing.JsonValues;
import jam.testing.NodeRelay;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jam bench} against the tutorials' Node relay (../shared/bench/anchors/node-ws-relay.js):
 * it works against any relay that speaks the protocol. See {@link NodeRelay} for what it needs.
 */
class NodeRelayBenchIT {
  @TempDir Path dir;

  private static long num(Map<String, Object> j, String key) {
    assertTrue(j.get(key) instanceof Number, key + " in " + j);
    return ((Number) j.get(key)).longValue();
  }

  @Test
  void everyModeWorksAgainstTheNodeRelay() throws Exception {
    try (NodeRelay node = NodeRelay.start()) {
      String url = node.url().toString();
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
      // at least F(10) = 55 collects + 385 arrays (replies still in flight when a peer joins reach
      // it too)
      assertTrue(num(s, "frames") >= 55 + 385, s.toString());
    }
  }

  private Map<String, Object> bench(String url, String... args) throws Exception {
    String[] all = new String[args.length + 5];
    all[0] = "bench";
    all[1] = url;
    System.arraycopy(args, 0, all, 2, args.length);
    all[args.length + 2] = "--json";
    all[args.length + 3] = "-q";
    all[args.length + 4] = "--no-warmup";
    JamProcess.Result r = JamProcess.run(dir, Map.of(), all);
    assertEquals(0, r.exitCode(), r.err());
    return JsonValues.object(r.out());
  }
}
