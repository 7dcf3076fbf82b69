package jam.cli;

import static jam.testing.JamProcess.jam;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.protocol.Wire;
import jam.testing.JamProcess;
import jam.testing.RecordingClient;
import jam.testing.TestCertificates;
import jam.tls.TlsContexts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jam serve} through the real launcher, as a separate process. */
class ServeIT {
  @TempDir Path dir;

  @Test
  void printsItsUrlFirstRelaysAndExitsZeroOnSigterm() throws Exception {
    try (JamProcess serve = jam(dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", "0")) {
      String url = serve.nextLine();
      assertTrue(
          url != null && url.matches("ws://127\\.0\\.0\\.1:\\d+/socket"), "first line: " + url);
      try (RecordingClient a = RecordingClient.connect(url)) {
        a.assertText(Wire.COLLECT);
        a.send(Wire.TRIGGER_INPUT);
        a.assertText(Wire.TRIGGER_OUTPUT);
        serve.terminate();
        a.assertClosed(1001);
      }
      assertEquals(0, serve.exitCode(10), "exit code after SIGTERM");
      assertEquals(url + "\n", serve.out(), "the URL is the only line on stdout");
      String err = serve.err();
      assertTrue(err.contains("joined (1 peer)"), err);
    }
  }

  @Test
  void sigintStopsItWithExitZeroToo() throws Exception {
    try (JamProcess serve =
        jam(dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", "0", "-q")) {
      String url = serve.nextLine();
      try (RecordingClient a = RecordingClient.connect(url)) {
        a.assertText(Wire.COLLECT);
        serve.interrupt();
        a.assertClosed(1001);
      }
      assertEquals(0, serve.exitCode(10));
      assertEquals("", serve.err(), "-q: nothing on stderr");
    }
  }

  @Test
  void aRebuildOfTheJarDoesNotBreakARelayStillRunning() throws Exception {
    Path jar = JamProcess.PROJECT.resolve("target/jam.jar");
    byte[] built = Files.readAllBytes(jar);
    try (JamProcess serve =
        jam(dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", "0", "-q")) {
      String url = serve.nextLine();
      try (RecordingClient a = RecordingClient.connect(url)) {
        a.assertText(Wire.COLLECT);
        // what Maven's jar plugin does first in a rebuild: rewrite target/jam.jar in place
        Files.write(jar, new byte[0]);
        serve.interrupt();
        a.assertClosed(1001);
      } finally {
        Files.write(jar, built);
      }
      assertEquals(0, serve.exitCode(10));
      assertEquals("", serve.err(), "no class went missing at exit");
    }
  }

  @Test
  void aTakenPortIsAOneLineErrorNamingItAndANonZeroExit() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      JamProcess.Result r =
          JamProcess.run(
              dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", Integer.toString(port));
      assertEquals(4, r.exitCode());
      assertEquals("", r.out());
      assertEquals(
          "jam: cannot bind 127.0.0.1 port " + port + ": address already in use\n", r.err());
    }
  }

  @Test
  void withJamTokenStrangersAreRefusedAndTheSecretStaysOutOfTheLog() throws Exception {
    try (JamProcess serve =
        jam(dir, Map.of("JAM_TOKEN", "hunter2"), "serve", "--host", "127.0.0.1", "--port", "0")) {
      String url = serve.nextLine();
      Throwable refused = RecordingClient.connectAsync(url).handle((c, t) -> t).join();
      assertTrue(
          refused != null && refused.getCause() instanceof WebSocketHandshakeException,
          "refused: " + refused);
      assertEquals(
          401, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
      try (RecordingClient a = RecordingClient.connect(url + "?token=hunter2")) {
        a.assertText(Wire.COLLECT);
      }
      serve.terminate();
      assertEquals(0, serve.exitCode(10));
      String err = serve.err();
      assertTrue(err.contains("(401): no token"), err);
      assertTrue(!err.contains("hunter2"), err);
    }
  }

  @Test
  void servesWssWithPemFiles() throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    try (JamProcess serve =
        jam(
            dir,
            Map.of(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "-q",
            "--tls-cert",
            certs.certPem().toString(),
            "--tls-key",
            certs.keyPem().toString())) {
      String url = serve.nextLine();
      assertTrue(url != null && url.matches("wss://localhost:\\d+/socket"), "first line: " + url);
      try (RecordingClient a =
          RecordingClient.connect(url, TlsContexts.clientTrusting(certs.certPem()))) {
        a.assertText(Wire.COLLECT);
      }
      serve.terminate();
      assertEquals(0, serve.exitCode(10));
    }
  }

  @Test
  void aMissingKeyFileIsAOneLineError() throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    JamProcess.Result r =
        JamProcess.run(
            dir,
            Map.of(),
            "serve",
            "--port",
            "0",
            "--tls-cert",
            certs.certPem().toString(),
            "--tls-key",
            dir.resolve("nope.pem").toString());
    assertEquals(5, r.exitCode());
    assertEquals("jam: cannot read " + dir.resolve("nope.pem") + ": no such file\n", r.err());
  }

  @Test
  void helpAndVersionWork() throws Exception {
    JamProcess.Result version = JamProcess.run(dir, Map.of(), "--version");
    assertEquals(0, version.exitCode());
    assertTrue(version.out().matches("jam \\d+\\.\\d+\\.\\d+.*\\n"), version.out());
    JamProcess.Result help = JamProcess.run(dir, Map.of(), "serve", "--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().contains("--max-message"), help.out());
    assertEquals("", help.err());
  }

  @Test
  void writesUtf8EvenUnderTheCLocale() throws Exception {
    JamProcess.Result r =
        JamProcess.run(
            dir, Map.of("LANG", "C", "LC_ALL", "C"), "serve", "--path", "/é", "--port", "99999");
    assertEquals(2, r.exitCode());
    JamProcess.Result help =
        JamProcess.run(dir, Map.of("LANG", "C", "LC_ALL", "C"), "serve", "--help");
    assertTrue(help.out().contains("serve"), help.out());
    try (JamProcess serve =
        jam(
            dir,
            Map.of("LANG", "C", "LC_ALL", "C"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--path",
            "/jäm")) {
      String url = serve.nextLine();
      assertTrue(url.endsWith("/jäm"), "URL read as UTF-8: " + url);
      serve.terminate();
      assertEquals(0, serve.exitCode(10));
    }
  }
}
