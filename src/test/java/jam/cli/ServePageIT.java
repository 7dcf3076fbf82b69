package jam.cli;

import static jam.testing.JamProcess.jam;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jam.testing.JamProcess;
import jam.testing.Needs;
import jam.testing.Wait;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code jam serve} prints about its page, through bin/jam: the page's URL on stderr beside
 * the relay's, stdout the relay's URL alone; at a terminal (tmux) a QR code of the LAN page URL,
 * which {@code --no-qr} turns off, and never one into a pipe.
 */
class ServePageIT {
  @TempDir Path dir;

  /** One tmux server per pane: a new session on a socket just killed may fail. */
  final List<String> sockets = new ArrayList<>();

  @AfterEach
  void stop() {
    for (String socket : sockets) {
      try {
        tmux(socket, "kill-server");
      } catch (AssertionError e) {
        // already gone
      }
    }
  }

  @Test
  void intoPipesThePageUrlGoesToStderrAndNoQrCode() throws Exception {
    Path site = Files.createDirectories(dir.resolve("site"));
    for (List<String> extra : List.of(List.<String>of(), List.of("--static", site.toString()))) {
      List<String> args = new ArrayList<>(List.of("serve", "--host", "127.0.0.1", "--port", "0"));
      args.addAll(extra);
      try (JamProcess serve = jam(dir, Map.of(), args.toArray(String[]::new))) {
        String url = serve.nextLine();
        assertTrue(url.matches("ws://127\\.0\\.0\\.1:\\d+/socket"), url);
        serve.awaitErr("relay ready");
        String port = url.replaceAll(".*:(\\d+)/socket", "$1");
        String page = "http://127.0.0.1:" + port + (extra.isEmpty() ? "/" : "/jam/");
        assertEquals(
            List.of("jam: page at " + page, "jam: relay ready; Ctrl-C stops it"),
            serve.err().lines().toList());
        serve.terminate();
        assertEquals(0, serve.exitCode());
        assertEquals(url + "\n", serve.out(), "stdout: the relay's URL alone");
      }
    }
  }

  @Test
  void atATerminalAQrCodeOfTheLanPageUnlessNoQr() throws Exception {
    Needs.programs("tmux");
    String withQr = pane("");
    assertTrue(withQr.contains("jam: page at http://127.0.0.1:"), withQr);
    assertTrue(withQr.matches("(?s).*also reachable at ws://\\S+, page at http://\\S+/.*"), withQr);
    long blockLines =
        withQr.lines().filter(l -> l.contains("\u2580") || l.contains("\u2584")).count();
    assertTrue(blockLines >= 12, "a QR code of half blocks:\n" + withQr);

    String without = pane("--no-qr");
    assertTrue(without.contains("relay ready"), without);
    assertFalse(without.contains("\u2580") || without.contains("\u2584"), without);
  }

  /** jam serve on every interface in a tmux pane, stdout to a file; the pane once it is ready. */
  private String pane(String option) throws Exception {
    String socket = "jam-test-" + UUID.randomUUID().toString().substring(0, 8);
    sockets.add(socket);
    String command =
        "cd '"
            + dir
            + "' && env -u JAM_TOKEN -u NO_COLOR HOME='"
            + dir
            + "' TERM=xterm-256color '"
            + JamProcess.LAUNCHER
            + "' serve --port 0 "
            + option
            + " > url.txt; sleep 60";
    tmux(socket, "new-session", "-d", "-s", "jam", "-x", "160", "-y", "60", command);
    try {
      Wait.atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> tmux(socket, "capture-pane", "-p", "-t", "jam").contains("relay ready"));
    } catch (ConditionTimeoutException e) {
      fail("jam serve did not start:\n" + tmux(socket, "capture-pane", "-p", "-t", "jam"));
    }
    String pane = tmux(socket, "capture-pane", "-p", "-t", "jam");
    tmux(socket, "send-keys", "-t", "jam", "C-c");
    return pane;
  }

  private static String tmux(String socket, String... args) {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("tmux " + String.join(" ", args) + ": " + out);
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
