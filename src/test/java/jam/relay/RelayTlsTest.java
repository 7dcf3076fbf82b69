package jam.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.protocol.Wire;
import jam.testing.RecordingClient;
import jam.testing.RelayHarness;
import jam.testing.TestCertificates;
import jam.testing.TestFrames;
import jam.tls.TlsContexts;
import jam.websocket.WebSocketProtocol;
import jam.websocket.WebSocketUrl;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS clients that end their session properly: each sends close_notify, which leaves the relay's
 * engine wanting to answer it; the relay answers when it closes, and serves the next client.
 */
class RelayTlsTest {
  /** What a client waits for its {@code collect} at most, from its first byte. */
  private static final int REGISTERED_WITHIN_MS = 5_000;

  @RegisterExtension final RelayHarness harness = new RelayHarness();

  @Test
  void clientsThatCloseWithCloseNotifyLeaveTheRelayServingTheNext(@TempDir Path dir)
      throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    Relay relay = harness.relay(RelayConfig.builder().tls(certs.serverContextFromPem()).build());
    for (int i = 0; i < 3; i++) {
      Client c = register(relay.port(), certs, "client " + i);
      c.plain()
          .setSoTimeout(3_000); // the relay answers close_notify when it closes, a second at most
      c.tls().close();
    }
    register(relay.port(), certs, "the last client").close();
  }

  @Test
  void aPeerThatFallsBehindGetsEveryMessageWholeOnceItReads(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    Relay relay = harness.relay(RelayConfig.builder().tls(certs.serverContextFromPem()).build());
    try (Client slow = register(relay.port(), certs, "the slow peer")) {
      RecordingClient sender =
          harness.closeLater(
              RecordingClient.connect(relay.url(), TlsContexts.clientTrusting(certs.certPem())));
      sender.assertText(Wire.COLLECT);
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 40; i++) { // 8 MB: more than the sockets hold, less than --max-queue
        String m = "[\"" + i + "\",\"" + Character.toString('a' + i % 26).repeat(200_000) + "\"]";
        sent.add(m);
        sender.send(m);
      }
      for (String m : sent) {
        assertEquals(
            m, readText(slow.tls().getInputStream()), "messages arrive whole and in order");
      }
    }
  }

  /** One unfragmented text frame from the relay (unmasked, any length). */
  private static String readText(InputStream in) throws IOException {
    TestFrames.Frame f = TestFrames.read(in);
    assertEquals(
        WebSocketProtocol.B0_FLAG_FIN | WebSocketProtocol.OPCODE_TEXT,
        f.b0(),
        "a final text frame");
    return f.text();
  }

  /**
   * Connects over TLS, upgrades to WebSocket on /socket and reads the relay's first frame. The
   * client holds the TLS socket (the JDK's closes itself when collected) and closes the plain one
   * under it (a TLS close waits for the peer's close_notify).
   */
  private record Client(Socket plain, SSLSocket tls) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      plain.close();
    }
  }

  private static Client register(int port, TestCertificates certs, String who) throws IOException {
    SSLContext tls = TlsContexts.clientTrusting(certs.certPem());
    long start = System.nanoTime();
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress("127.0.0.1", port), REGISTERED_WITHIN_MS);
      plain.setSoTimeout(REGISTERED_WITHIN_MS);
      SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, "localhost", port, true);
      s.startHandshake();
      WebSocketUrl url = WebSocketUrl.of(URI.create("wss://localhost:" + port + "/socket"));
      s.getOutputStream().write(WebSocketProtocol.upgradeRequest(url, "dGhlIHNhbXBsZSBub25jZQ=="));
      InputStream in = s.getInputStream();
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 101 "), who + ": " + head);
      assertEquals(Wire.COLLECT, readText(in), who);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms < REGISTERED_WITHIN_MS, who + " took " + ms + " ms");
      return new Client(plain, s);
    } catch (IOException | RuntimeException | Error e) {
      plain.close();
      throw new AssertionError(who + " was not registered: " + e, e);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    return head.toString();
  }
}
