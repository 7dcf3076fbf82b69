package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.testing.JsonValues;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code jam bench} in process: options, exit codes and exact output. */
class BenchCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int jam(String... args) {
    return CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void aBadRateIsAUsageError() {
    assertEquals(2, jam("bench", "--rate", "fast"));
    assertEquals(
        "jam: --rate must be 'max' or a positive number of messages per second, not 'fast'\n",
        err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void optionsAreCheckedBeforeConnecting() {
    assertEquals(2, jam("bench", "ws://127.0.0.1:1/socket", "--mode", "storm", "--peers", "1"));
    assertEquals("jam: --peers must be 2 to 20000 in storm mode, not 1\n", err.toString());
  }

  @Test
  void onlyWsUrlsAreAccepted() {
    assertEquals(2, jam("bench", "http://127.0.0.1:8080/socket"));
    assertEquals("jam: 'http://127.0.0.1:8080/socket' is not a ws:// URL\n", err.toString());
  }

  @Test
  void anUnreachableRelayIsOneLineNamingTheUrlAndExitFour() throws Exception {
    int port;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = gone.getLocalPort();
    }
    String url = "ws://127.0.0.1:" + port + "/socket";
    assertEquals(4, jam("bench", url, "-q"));
    assertEquals("jam: cannot connect to " + url + ": connection refused\n", err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void jsonIsOneObjectOnOneLine() throws Exception {
    try (Relay relay = Relay.start(RelayConfig.loopback(), new RelayListener() {})) {
      assertEquals(
          0,
          jam(
              "bench",
              relay.url(),
              "--peers",
              "5",
              "--messages",
              "50",
              "--json",
              "-q",
              "--no-warmup"));
      assertEquals("", err.toString());
      String text = out.toString();
      assertEquals(1, text.lines().count(), text);
      Map<String, Object> j = JsonValues.object(text);
      assertEquals("bcast", j.get("mode"));
      assertEquals(250, ((Number) j.get("delivered")).intValue());
      assertEquals(0, ((Number) j.get("lost")).intValue());
      assertEquals(true, j.get("ok"));
    }
  }

  @Test
  void theSummaryIsATableAndProgressGoesToStderr() throws Exception {
    try (Relay relay = Relay.start(RelayConfig.loopback(), new RelayListener() {})) {
      assertEquals(
          0,
          jam(
              "bench",
              relay.url(),
              "--mode",
              "trigger",
              "--peers",
              "5",
              "--messages",
              "20",
              "--no-warmup"));
      String table = out.toString();
      assertTrue(table.startsWith("jam bench: trigger against " + relay.url() + "\n\n"), table);
      assertTrue(table.contains("\n  delivered       100 of 100, 0 lost"), table);
      assertTrue(table.contains("\n  replies         trigger-output\n"), table);
      assertTrue(table.endsWith("\n  result          ok\n"), table);
      // not a terminal: plain "jam: " lines, no carriage returns
      assertTrue(err.toString().startsWith("jam: 6 connections open in "), err.toString());
      assertTrue(!err.toString().contains("\r"), err.toString());
    }
  }

  @Test
  void aStormHasNoSendersToPutElsewhere() {
    assertEquals(
        2,
        jam(
            "bench",
            "ws://127.0.0.1:1/socket",
            "--mode",
            "storm",
            "--sender-url",
            "ws://127.0.0.1:2/socket"));
    assertEquals(
        "jam: --sender-url is for broadcast and trigger mode: a storm has no senders\n",
        err.toString());
  }

  @Test
  void theSendersUrlIsCheckedAndReachedToo() throws Exception {
    assertEquals(2, jam("bench", "ws://127.0.0.1:1/socket", "--sender-url", "wss://h/socket"));
    assertTrue(err.toString().startsWith("jam: 'wss://h/socket': jam bench speaks plain ws://"));
    int port;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Relay relay = Relay.start(RelayConfig.loopback(), new RelayListener() {})) {
      port = gone.getLocalPort();
      gone.close();
      String senders = "ws://127.0.0.1:" + port + "/socket";
      err.getBuffer().setLength(0);
      assertEquals(4, jam("bench", relay.url(), "--sender-url", senders, "-q"));
      assertEquals("jam: cannot connect to " + senders + ": connection refused\n", err.toString());
    }
  }

  @Test
  void aRepeatedServerPidIsSummedAndListedPerProcess() throws Exception {
    long self = ProcessHandle.current().pid();
    try (Relay relay = Relay.start(RelayConfig.loopback(), new RelayListener() {})) {
      String[] args = {
        "bench", relay.url(), "--peers", "5", "--messages", "50", "--json", "-q", "--no-warmup"
      };
      assertEquals(0, jam(concat(args, "--server-pid", "" + self)));
      Map<String, Object> one = JsonValues.object(out.toString());
      assertTrue(one.get("server_cpu_pct") instanceof Number, one.toString());
      assertFalse(one.containsKey("server_cpu_by_pid"), "one pid: the fields as before");

      out.getBuffer().setLength(0);
      assertEquals(0, jam(concat(args, "--server-pid", "" + self, "--server-pid", "" + self)));
      Map<String, Object> two = JsonValues.object(out.toString());
      List<?> each = (List<?>) two.get("server_cpu_by_pid");
      assertEquals(2, each.size(), two.toString());
      for (Object o : each) {
        Map<?, ?> m = (Map<?, ?>) o;
        assertEquals(self, ((Number) m.get("pid")).longValue());
        assertTrue(m.get("us_per_delivery") instanceof Number, m.toString());
        assertTrue(m.get("us_per_message") instanceof Number, m.toString());
        assertTrue(m.get("cpu_s") instanceof Number, m.toString());
      }
      double total = ((Number) two.get("server_cpu_pct")).doubleValue();
      double first = ((Number) ((Map<?, ?>) each.get(0)).get("cpu_pct")).doubleValue();
      assertEquals(2 * first, total, 0.2, "summed: " + two);

      out.getBuffer().setLength(0);
      String[] table = {"bench", relay.url(), "--peers", "5", "--messages", "50", "--no-warmup"};
      assertEquals(
          0, jam(concat(table, "-q", "--server-pid", "" + self, "--server-pid", "" + self)));
      assertTrue(out.toString().contains("\n    pid " + self + " "), out.toString());
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
