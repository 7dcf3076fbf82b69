package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.testing.TestCertificates;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** join's and bench's trust options as users type them: the token, wss:// and what they print. */
class ClientOptionsTest {
  private static final String SECRET = "s3cret-value";

  @Test
  void joinWithAWrongTokenIsOneLineAndExit4WithoutTheSecret(@TempDir Path dir) {
    try (Relay relay =
        Relay.start(RelayConfig.builder().token(SECRET).build(), new RelayListener() {})) {
      Run r =
          Run.jam(
              "join",
              "--mute",
              relay.url() + "?token=url-" + SECRET,
              "--token",
              "wrong-" + SECRET,
              "--store",
              dir.resolve("s.json").toString(),
              "--exit-after",
              "5s");
      assertEquals(4, r.exitCode(), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().contains("refused the token (HTTP 401)"), r.err());
      assertTrue(r.err().contains("?token=***"), r.err());
      assertFalse(r.err().contains(SECRET), r.err());
    }
  }

  @Test
  void joinWithTheRightTokenConnectsAndShowsTheUrlMasked(@TempDir Path dir) {
    try (Relay relay =
        Relay.start(RelayConfig.builder().token(SECRET).build(), new RelayListener() {})) {
      Run r =
          Run.jam(
              "join",
              "--mute",
              relay.url(),
              "--token",
              SECRET,
              "--store",
              dir.resolve("s.json").toString(),
              "--exit-after",
              "300ms");
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.err().contains("connected to " + relay.url() + "?token=***"), r.err());
      assertFalse(r.err().contains(SECRET), r.err());
    }
  }

  @Test
  void insecureWarnsOnceAndJoinsARelayWithAnUnknownCertificate(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    try (Relay relay =
        Relay.start(
            RelayConfig.builder().tls(certs.serverContextFromPem()).build(),
            new RelayListener() {})) {
      Run refused =
          Run.jam(
              "join",
              "--mute",
              relay.url(),
              "--store",
              dir.resolve("s.json").toString(),
              "--exit-after",
              "300ms");
      assertEquals(4, refused.exitCode(), refused.err());
      assertTrue(
          refused.err().contains("--cacert FILE"),
          refused.err()); // the TLS failure, however it surfaced

      Run insecure =
          Run.jam(
              "join",
              "--mute",
              relay.url(),
              "--insecure",
              "--store",
              dir.resolve("s.json").toString(),
              "--exit-after",
              "300ms");
      assertEquals(0, insecure.exitCode(), insecure.err());
      assertEquals(
          1, insecure.err().lines().filter(l -> l.contains("--insecure")).count(), insecure.err());

      Run both =
          Run.jam(
              "join", "--mute", relay.url(), "--insecure", "--cacert", certs.certPem().toString());
      assertEquals(2, both.exitCode(), both.err());
    }
  }

  @Test
  void benchRefusesWssAsAUsageErrorAndMasksTheToken() {
    Run r = Run.jam("bench", "wss://127.0.0.1:9/socket?token=" + SECRET, "--no-warmup");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("plain ws:// only, not wss://"), r.err());
    assertTrue(r.err().contains("token=***"), r.err());
    assertFalse(r.err().contains(SECRET), r.err());
  }

  @Test
  void benchPresentsItsTokenAndAWrongOneIsExit4(@TempDir Path dir) {
    try (Relay relay =
        Relay.start(RelayConfig.builder().token(SECRET).build(), new RelayListener() {})) {
      Run ok =
          Run.jam(
              "bench",
              relay.url(),
              "--token",
              SECRET,
              "--peers",
              "2",
              "--messages",
              "20",
              "--no-warmup",
              "--json");
      assertEquals(0, ok.exitCode(), ok.err());
      assertTrue(ok.out().contains("token=***"), ok.out());
      assertFalse(ok.out().contains(SECRET) || ok.err().contains(SECRET), ok.out() + ok.err());

      Run wrong =
          Run.jam(
              "bench",
              relay.url(),
              "--token",
              "nope",
              "--peers",
              "2",
              "--messages",
              "20",
              "--no-warmup");
      assertEquals(4, wrong.exitCode(), wrong.err());
      assertTrue(wrong.err().contains("401"), wrong.err());
    }
  }
}
