package jam.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.ExitCode;
import jam.JamException;
import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.testing.RecordingClient;
import jam.testing.TestCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which failed first attempts are worth waiting for, judged on the failures real relays give. */
class StartFailureTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final RelayListener NO_LOG = new RelayListener() {};

  @Test
  void nothingListeningIsWorthWaitingFor() throws IOException {
    assertTrue(
        StartFailure.worthWaiting(failure(URI.create("ws://127.0.0.1:" + freePort() + "/socket"))));
  }

  @Test
  void aFullRelayIsWorthWaitingFor() {
    try (Relay relay = Relay.start(RelayConfig.builder().maxPeers(1).build(), NO_LOG);
        RecordingClient first = RecordingClient.connect(relay.url())) {
      JamException e = failure(URI.create(relay.url()));
      assertTrue(e.getMessage().contains("503"), e.getMessage());
      assertTrue(StartFailure.worthWaiting(e));
    }
  }

  @Test
  void aRefusedTokenOrAPathWithNoRelayIsNot() {
    try (Relay relay = Relay.start(RelayConfig.builder().token("s3cret").build(), NO_LOG)) {
      JamException token = failure(URI.create(relay.url()));
      assertTrue(token.getMessage().contains("401"), token.getMessage());
      assertFalse(StartFailure.worthWaiting(token));
    }
    try (Relay relay = Relay.start(RelayConfig.loopback(), NO_LOG)) {
      JamException path = failure(URI.create(relay.url().replace("/socket", "/no/where")));
      assertTrue(path.getMessage().contains("404"), path.getMessage());
      assertFalse(StartFailure.worthWaiting(path));
    }
  }

  @Test
  void anUntrustedCertificateIsNot(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    try (Relay relay =
        Relay.start(RelayConfig.builder().tls(certs.serverContextFromPem()).build(), NO_LOG)) {
      JamException e = failure(URI.create(relay.url()));
      assertTrue(e.getMessage().contains("--cacert FILE"), e.getMessage());
      assertFalse(StartFailure.worthWaiting(e));
    }
  }

  @Test
  void aHostNameThatDoesNotResolveIsNot() {
    JamException e =
        failure(
            URI.create(
                "ws://no-such-host.invalid:8080/socket")); // .invalid never resolves (RFC 6761)
    assertTrue(e.getMessage().endsWith("unknown host no-such-host.invalid"), e.getMessage());
    assertFalse(StartFailure.worthWaiting(e));
  }

  @Test
  void theWaitingLineSaysWhyAndHowToStartTheDefaultRelay() {
    JamException refused =
        new JamException(
            ExitCode.UNAVAILABLE,
            "cannot connect to ws://127.0.0.1:8080/socket: connection refused");
    assertEquals(
        "waiting for ws://127.0.0.1:8080/socket (connection refused); start it with: jam serve",
        StartFailure.waitingLine(URI.create("ws://127.0.0.1:8080/socket"), refused));

    JamException masked =
        new JamException(
            ExitCode.UNAVAILABLE,
            "cannot connect to ws://127.0.0.1:8080/socket?token=***: connection refused");
    assertEquals(
        "waiting for ws://127.0.0.1:8080/socket?token=*** (connection refused); start it with: jam serve",
        StartFailure.waitingLine(URI.create("ws://127.0.0.1:8080/socket?token=s3cret"), masked));

    JamException elsewhere =
        new JamException(
            ExitCode.UNAVAILABLE, "cannot connect to ws://10.0.0.2:9000/socket: timed out");
    assertEquals(
        "waiting for ws://10.0.0.2:9000/socket (timed out)",
        StartFailure.waitingLine(URI.create("ws://10.0.0.2:9000/socket"), elsewhere));
  }

  private static JamException failure(URI url) {
    return assertThrows(
        JamException.class, () -> RelayConnection.open(url, TIMEOUT, (from, text) -> {}).close());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }
}
