package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.testing.JsonValues;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
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
}
