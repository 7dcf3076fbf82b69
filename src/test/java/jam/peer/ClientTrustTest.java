package jam.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.protocol.RelayUrls;
import jam.protocol.Wire;
import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.testing.TestCertificates;
import jam.tls.ClientTrust;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer's side of trust: it presents the token, verifies wss:// certificates and names, and stops
 * on a refusal.
 */
class ClientTrustTest {
  private static final String SECRET = "s3cret/+&=";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final RelayListener NO_LOG = new RelayListener() {};
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Relay relay(RelayConfig config) {
    Relay relay = Relay.start(config, NO_LOG);
    open.add(relay);
    return relay;
  }

  private RelayConnection connect(URI url, ClientTrust trust, BlockingQueue<String> texts) {
    RelayConnection c = RelayConnection.open(url, TIMEOUT, trust, (from, text) -> texts.add(text));
    open.add(c);
    return c;
  }

  @Test
  void theTokenGoesInTheQueryAndIsNeverShown() throws Exception {
    Relay relay = relay(RelayConfig.builder().token(SECRET).build());
    URI bare = URI.create(relay.url());

    JamException none =
        assertThrows(
            JamException.class,
            () -> connect(bare, ClientTrust.defaults(), new LinkedBlockingQueue<>()));
    assertEquals(ExitCode.UNAVAILABLE, none.exitCode());
    assertTrue(none.getMessage().contains("the relay wants a token (HTTP 401)"), none.getMessage());

    URI wrong = RelayUrls.withToken(bare, "guess-" + SECRET);
    JamException refused =
        assertThrows(
            JamException.class,
            () -> connect(wrong, ClientTrust.defaults(), new LinkedBlockingQueue<>()));
    assertTrue(
        refused.getMessage().contains("the relay refused the token (HTTP 401)"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("token=***"), refused.getMessage());
    assertFalse(refused.getMessage().contains("guess"), refused.getMessage());

    BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    connect(RelayUrls.withToken(bare, SECRET), ClientTrust.defaults(), texts);
    assertEquals(Wire.COLLECT, texts.poll(10, TimeUnit.SECONDS));
  }

  @Test
  void wssVerifiesTheChainByDefaultAndTrustsAPrivateCaWhenGivenOne(@TempDir Path dir)
      throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    Relay relay = relay(RelayConfig.builder().tls(certs.serverContextFromPem()).build());
    URI url = URI.create(relay.url());

    JamException untrusted =
        assertThrows(
            JamException.class,
            () -> connect(url, ClientTrust.defaults(), new LinkedBlockingQueue<>()));
    assertTrue(
        untrusted.getMessage().contains("--cacert FILE"),
        untrusted.getMessage()); // however the TLS failure surfaced

    BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    connect(url, ClientTrust.trusting(certs.certPem()), texts);
    assertEquals(Wire.COLLECT, texts.poll(10, TimeUnit.SECONDS));

    BlockingQueue<String> insecure = new LinkedBlockingQueue<>();
    connect(url, ClientTrust.insecure(), insecure);
    assertEquals(Wire.COLLECT, insecure.poll(10, TimeUnit.SECONDS));
  }

  /**
   * wss:// at a plain relay is refused at once and called that, even with --insecure: the relay
   * does not wait for its handshake timeout with the TLS hello as an unfinished request, which
   * would leave the client blaming the certificate.
   */
  @Test
  void wssAtAPlainRelayIsRefusedAtOnceAndSaysTryWs() {
    Relay relay = relay(RelayConfig.loopback().toBuilder().handshakeTimeout(60_000).build());
    String plain = relay.url();
    URI wss = URI.create("wss" + plain.substring(2));
    long start = System.nanoTime();
    JamException e =
        assertThrows(
            JamException.class,
            () -> connect(wss, ClientTrust.insecure(), new LinkedBlockingQueue<>()));
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertTrue(e.getMessage().endsWith(": a plain relay is ws://, try " + plain), e.getMessage());
    assertTrue(
        seconds < TIMEOUT.toSeconds(),
        "refused after " + seconds + " s: at a timeout, not at once");
  }

  /** A plain server that hangs up on the TLS hello: the handshake ended, not the certificate. */
  @Test
  void wssAtAServerThatHangsUpSaysTheHandshakeEndedAndTryWs() throws Exception {
    try (java.net.ServerSocket server =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread hangUp =
          new Thread(
              () -> {
                try (java.net.Socket s = server.accept()) {
                  s.getInputStream().read(); // the first byte of the hello, then close
                } catch (java.io.IOException e) {
                  // the test ends either way
                }
              });
      hangUp.setDaemon(true);
      hangUp.start();
      URI wss = URI.create("wss://127.0.0.1:" + server.getLocalPort() + "/socket");
      JamException e =
          assertThrows(
              JamException.class,
              () -> connect(wss, ClientTrust.insecure(), new LinkedBlockingQueue<>()));
      assertTrue(
          e.getMessage()
              .matches(
                  "cannot connect to wss://127\\.0\\.0\\.1:\\d+/socket: the relay ended the TLS handshake \\(.+\\):"
                      + " a plain relay is ws://, try ws://127\\.0\\.0\\.1:\\d+/socket"),
          e.getMessage());
    }
  }

  @Test
  void aTrustedCertificateForAnotherNameIsRefusedUnlessInsecure(@TempDir Path dir)
      throws Exception {
    TestCertificates certs = TestCertificates.create(dir, "dns:relay.example.org");
    Relay relay = relay(RelayConfig.builder().tls(certs.serverContextFromPkcs12()).build());
    URI url = URI.create(relay.url());

    JamException wrongName =
        assertThrows(
            JamException.class,
            () -> connect(url, ClientTrust.trusting(certs.certPem()), new LinkedBlockingQueue<>()));
    String m = wrongName.getMessage(); // the name, when Java-WebSocket passes the TLS failure on
    assertTrue(m.contains("does not name this host") || m.contains("--cacert FILE"), m);

    BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    connect(url, ClientTrust.insecure(), texts);
    assertEquals(Wire.COLLECT, texts.poll(10, TimeUnit.SECONDS));
  }

  @Test
  void aRelayBackWithAnotherTokenEndsTheSessionInsteadOfRetryingForever() throws Exception {
    Relay first = Relay.start(RelayConfig.builder().token(SECRET).build(), NO_LOG);
    int port = first.port();
    URI url = RelayUrls.withToken(URI.create(first.url()), SECRET);
    Session.Options fast =
        new Session.Options(
            TIMEOUT, true, Duration.ofMillis(20), Duration.ofMillis(200), ClientTrust.defaults());
    Session session = Session.open(url, fast, (from, text) -> {}, Reporter.SILENT);
    open.add(session);
    first.close();
    relay(RelayConfig.builder().port(port).token("another").build());

    ExecutionException ended =
        assertThrows(ExecutionException.class, () -> session.ended().get(30, TimeUnit.SECONDS));
    JamException e = (JamException) ended.getCause();
    assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
    assertTrue(e.getMessage().contains("refused the token"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }
}
