package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.protocol.Wire;
import jam.testing.JamProcess;
import jam.testing.RecordingClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code jam serve} through the real launcher, as a separate process. */
class ServeIT {
  @Test
  void printsItsUrlFirstRelaysAndExitsZeroOnSigterm() throws Exception {
    try (JamProcess serve = JamProcess.start("serve", "--host", "127.0.0.1", "--port", "0")) {
      String url = serve.readLine();
      assertTrue(url != null && url.matches("ws://127\\.0\\.0\\.1:\\d+/socket"), "first line: " + url);
      try (RecordingClient a = RecordingClient.connect(url)) {
        a.assertText(Wire.COLLECT);
        a.send(Wire.TRIGGER_INPUT);
        a.assertText(Wire.TRIGGER_OUTPUT);
        serve.terminate();
        a.assertClosed(1001);
      }
      assertEquals("", serve.readRest(), "the URL is the only line on stdout");
      assertEquals(0, serve.waitFor(10), "exit code after SIGTERM");
      String err = serve.stderr();
      assertTrue(err.contains("joined (1 peer)"), err);
    }
  }

  @Test
  void sigintStopsItWithExitZeroToo() throws Exception {
    try (JamProcess serve = JamProcess.start("serve", "--host", "127.0.0.1", "--port", "0", "-q")) {
      String url = serve.readLine();
      try (RecordingClient a = RecordingClient.connect(url)) {
        a.assertText(Wire.COLLECT);
        serve.interrupt();
        a.assertClosed(1001);
      }
      assertEquals(0, serve.waitFor(10));
      assertEquals("", serve.stderr(), "-q: nothing on stderr");
    }
  }

  @Test
  void aTakenPortIsAOneLineErrorNamingItAndANonZeroExit() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      JamProcess.Result r = JamProcess.run("serve", "--host", "127.0.0.1", "--port", Integer.toString(port));
      assertEquals(4, r.exitCode());
      assertEquals("", r.stdout());
      assertEquals(
          "jam: cannot bind 127.0.0.1 port " + port + ": address already in use\n", r.stderr());
    }
  }

  @Test
  void helpAndVersionWork() throws Exception {
    JamProcess.Result version = JamProcess.run("--version");
    assertEquals(0, version.exitCode());
    assertTrue(version.stdout().matches("jam \\d+\\.\\d+\\.\\d+.*\\n"), version.stdout());
    JamProcess.Result help = JamProcess.run("serve", "--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.stdout().contains("--max-message"), help.stdout());
    assertEquals("", help.stderr());
  }

  @Test
  void writesUtf8EvenUnderTheCLocale() throws Exception {
    JamProcess.Result r =
        JamProcess.run(Map.of("LANG", "C", "LC_ALL", "C"), "serve", "--path", "/é", "--port", "99999");
    assertEquals(2, r.exitCode());
    JamProcess.Result help = JamProcess.run(Map.of("LANG", "C", "LC_ALL", "C"), "serve", "--help");
    assertTrue(help.stdout().contains("serve"), help.stdout());
    try (JamProcess serve =
        JamProcess.start(Map.of("LANG", "C", "LC_ALL", "C"), "serve", "--host", "127.0.0.1", "--port", "0", "--path", "/jäm")) {
      String url = serve.readLine();
      assertTrue(url.endsWith("/jäm"), "URL read as UTF-8: " + url);
      serve.terminate();
      assertEquals(0, serve.waitFor(10));
    }
  }
}
