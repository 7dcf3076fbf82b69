package jam.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.ExitCode;
import jam.JamException;
import jam.protocol.RelayUrls;
import jam.protocol.Wire;
import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The trigger's plain ws:// client against jam's relay: the same handshake, frames, close and
 * refusal wording as {@link RelayConnection}, which it stands in for.
 */
class SocketConnectionTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final BlockingQueue<Integer> relayCloses = new LinkedBlockingQueue<>();
  private final RelayListener closes =
      new RelayListener() {
        @Override
        public void left(InetSocketAddress peer, int peers, int code, String reason) {
          relayCloses.add(code);
        }
      };
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void sendsReceivesAndClosesWith1000() throws Exception {
    Relay relay = relay(RelayConfig.loopback());
    Recorder a = new Recorder();
    SocketConnection c = SocketConnection.open(URI.create(relay.url()), TIMEOUT, a);
    assertEquals(Wire.COLLECT, a.texts.poll(5, TimeUnit.SECONDS));
    assertTrue(c.send(Wire.TRIGGER_INPUT));
    assertEquals(Wire.TRIGGER_OUTPUT, a.texts.poll(5, TimeUnit.SECONDS));
    String big = "[" + "\"é\",".repeat(40_000) + "\"end\"]"; // a 16-bit and then a 64-bit length
    String medium = "[\"" + "x".repeat(1000) + "\"]";
    assertTrue(c.send(medium));
    assertTrue(c.send(big));
    assertEquals(medium, a.texts.poll(5, TimeUnit.SECONDS));
    assertEquals(big, a.texts.poll(5, TimeUnit.SECONDS));
    c.close();
    assertEquals(1000, relayCloses.poll(5, TimeUnit.SECONDS));
    assertEquals(1000, a.closes.poll(5, TimeUnit.SECONDS));
    assertFalse(c.send("late"));
    c.close(); // idempotent
    assertNull(a.closes.poll(100, TimeUnit.MILLISECONDS));
  }

  @Test
  void answersTheRelaysPingsSoItIsNotDropped() throws Exception {
    Relay relay = relay(RelayConfig.builder().keepalive(1).build());
    Recorder a = new Recorder();
    SocketConnection c = SocketConnection.open(URI.create(relay.url()), TIMEOUT, a);
    open.add(c);
    Thread.sleep(2_500); // time passes on purpose: a peer that does not answer is dropped after 1.5
    // keepalives
    assertTrue(c.send(Wire.TRIGGER_INPUT));
    assertEquals(Wire.COLLECT, a.texts.poll(5, TimeUnit.SECONDS));
    assertEquals(Wire.TRIGGER_OUTPUT, a.texts.poll(5, TimeUnit.SECONDS));
    assertNull(a.closes.poll(0, TimeUnit.SECONDS));
  }

  @Test
  void aRelayThatClosesIsReportedOnce() throws Exception {
    Relay relay = relay(RelayConfig.builder().maxMessage(64).build());
    Recorder a = new Recorder();
    SocketConnection c = SocketConnection.open(URI.create(relay.url()), TIMEOUT, a);
    open.add(c);
    assertTrue(c.send("[\"" + "x".repeat(100) + "\"]"));
    assertEquals(1009, a.closes.poll(5, TimeUnit.SECONDS));
    assertNull(a.closes.poll(100, TimeUnit.MILLISECONDS));
  }

  @Test
  void failuresAreWordedAsRelayConnectionWordsThem() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Relay secured = relay(RelayConfig.builder().token("s3cret").build());
    URI withToken = RelayUrls.withToken(URI.create(secured.url()), "wrong");
    for (URI url :
        List.of(
            URI.create("ws://127.0.0.1:" + port + "/socket"),
            URI.create(secured.url()),
            withToken,
            URI.create(secured.url().replace("/socket", "/nothing")),
            URI.create("ws://no-such-host.invalid/socket"))) {
      JamException plain =
          assertThrows(
              JamException.class, () -> SocketConnection.open(url, TIMEOUT, new Recorder()));
      JamException java =
          assertThrows(
              JamException.class, () -> RelayConnection.open(url, TIMEOUT, (from, text) -> {}));
      assertEquals(ExitCode.UNAVAILABLE, plain.exitCode());
      assertEquals(java.getMessage(), plain.getMessage());
      assertFalse(plain.getMessage().contains("wrong"), plain.getMessage());
    }
  }

  @Test
  void aHandshakeAnswerWithoutTheRightAcceptIsRefused() {
    String key = "dGhlIHNhbXBsZSBub25jZQ==";
    String ok = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    assertNull(
        SocketConnection.refusal(
            ok + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n", key));
    assertEquals(
        "the relay refused the WebSocket handshake (wrong Sec-WebSocket-Accept)",
        SocketConnection.refusal(
            ok + "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n", key));
    assertEquals(
        "no WebSocket relay there (HTTP 200 OK)",
        SocketConnection.refusal("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", key));
  }

  private Relay relay(RelayConfig config) {
    Relay relay = Relay.start(config, closes);
    open.add(relay);
    return relay;
  }

  private static final class Recorder implements SocketConnection.Listener {
    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();

    @Override
    public void text(String text) {
      texts.add(text);
    }

    @Override
    public void closed(int code) {
      closes.add(code);
    }
  }
}
