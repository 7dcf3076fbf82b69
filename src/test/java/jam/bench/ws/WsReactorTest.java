package jam.bench.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.testing.TestFrames;
import jam.testing.TestWebSocketServer;
import jam.websocket.WebSocketUrl;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against the test server, which writes exactly the bytes a test asks for, cut where the
 * test cuts them: frames split across reads, long messages partly skipped, fragments, control
 * frames, broken handshakes.
 */
class WsReactorTest {
  private static final int PEEK = 8;

  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<Throwable> bugs = new LinkedBlockingQueue<>();
  private TestWebSocketServer server;
  private WsReactor reactor;
  private final WsConnection[] connection = new WsConnection[1];

  private final WsHandler recorder =
      new WsHandler() {
        @Override
        public void onOpen(WsConnection c) {
          events.add("open");
        }

        @Override
        public void onMessage(
            WsConnection c, ByteBuffer buf, int offset, int present, long length) {
          byte[] b = new byte[present];
          buf.get(offset, b, 0, present);
          events.add("message " + new String(b, StandardCharsets.UTF_8) + " / " + length);
        }

        @Override
        public void onClose(WsConnection c, String reason) {
          events.add("closed: " + reason);
        }
      };

  @BeforeEach
  void start() throws IOException {
    server = new TestWebSocketServer();
    reactor = WsReactor.start("test-reactor", bugs::add);
  }

  @AfterEach
  void stop() throws IOException {
    reactor.close();
    server.close();
    assertNull(bugs.poll(), "no exception on the reactor thread");
  }

  private void connect(int port) {
    WebSocketUrl url = WebSocketUrl.of(URI.create("ws://127.0.0.1:" + port + "/socket"));
    reactor.execute(
        () -> {
          try {
            connection[0] =
                reactor.connect(new InetSocketAddress("127.0.0.1", port), url, recorder, PEEK, 7);
          } catch (IOException e) {
            events.add("io " + e);
          }
        });
  }

  /** Accepts the client and answers its upgrade; returns the server's end. */
  private TestWebSocketServer.Connection accept() throws IOException, InterruptedException {
    TestWebSocketServer.Connection s = acceptRequest();
    s.upgrade();
    assertEquals("open", next());
    return s;
  }

  /** Has the client connect, and accepts it; the request read, not answered. */
  private TestWebSocketServer.Connection acceptRequest() throws IOException {
    connect(server.port());
    TestWebSocketServer.Connection s = server.accept();
    String request = s.readRequest();
    assertTrue(request.startsWith("GET /socket HTTP/1.1\r\n"), request);
    return s;
  }

  /** A server frame (unmasked). */
  private static byte[] frame(int b0, byte[] payload) {
    return TestFrames.unmasked(b0, payload);
  }

  private static byte[] text(String s) {
    return TestFrames.text(s);
  }

  /**
   * Writes the bytes in pieces cut at {@code cuts}, pausing between them so that they arrive apart.
   */
  private static void write(TestWebSocketServer.Connection s, byte[] bytes, int... cuts)
      throws Exception {
    OutputStream out = s.socket().getOutputStream();
    int from = 0;
    for (int cut : cuts) {
      out.write(bytes, from, cut - from);
      out.flush();
      Thread.sleep(30); // apart on purpose: each piece must reach the reader on its own
      from = cut;
    }
    out.write(bytes, from, bytes.length - from);
    out.flush();
  }

  private String next() throws InterruptedException {
    String e = events.poll(10, TimeUnit.SECONDS);
    return e == null ? "(nothing within 10 s)" : e;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  @Test
  void shortMessagesArriveWhole() throws Exception {
    try (TestWebSocketServer.Connection s = accept()) {
      write(s, concat(text("collect"), text("hi")));
      assertEquals("message collect / 7", next());
      assertEquals("message hi / 2", next());
    }
  }

  @Test
  void ofALongMessageOnlyThePeekIsKeptAndTheRestSkipped() throws Exception {
    String big = "[\"T12345" + "x".repeat(70_000) + "]";
    try (TestWebSocketServer.Connection s = accept()) {
      byte[] bytes = concat(text(big), text("after"));
      // cut inside the 64-bit length, inside the kept head, and inside the skipped tail
      write(s, bytes, 5, 13, 40_000);
      assertEquals("message [\"T12345 / " + big.length(), next());
      assertEquals("message after / 5", next());
    }
  }

  @Test
  void framesCutAnywhereAreReassembled() throws Exception {
    try (TestWebSocketServer.Connection s = accept()) {
      byte[] bytes = concat(text("one"), text("x".repeat(200)), text("three"));
      write(s, bytes, 1, 4, 6, 8, 9);
      assertEquals("message one / 3", next());
      assertEquals("message xxxxxxxx / 200", next());
      assertEquals("message three / 5", next());
    }
  }

  @Test
  void fragmentsMakeOneMessage() throws Exception {
    try (TestWebSocketServer.Connection s = accept()) {
      byte[] first = frame(0x01, "[\"T1".getBytes(StandardCharsets.UTF_8));
      byte[] middle = frame(0x00, "2345".getBytes(StandardCharsets.UTF_8));
      byte[] ping =
          frame(0x89, "p".getBytes(StandardCharsets.UTF_8)); // control frames may come between
      byte[] last = frame(0x80, "678]".getBytes(StandardCharsets.UTF_8));
      write(s, concat(first, middle, ping, last), 3);
      assertEquals("message [\"T12345 / 12", next());
      // the ping was answered with a pong carrying its payload, masked with a zero key
      DataInputStream in = new DataInputStream(s.socket().getInputStream());
      byte[] pong = new byte[7];
      in.readFully(pong);
      assertArrayEquals(new byte[] {(byte) 0x8A, (byte) 0x81, 0, 0, 0, 0, 'p'}, pong);
    }
  }

  @Test
  void sentTextIsOneMaskedFrameWithAZeroKey() throws Exception {
    try (TestWebSocketServer.Connection s = accept()) {
      String long300 = "y".repeat(300);
      reactor.execute(
          () -> {
            connection[0].sendText("trigger-input");
            connection[0].sendFrame(
                WsConnection.textFrame(long300.getBytes(StandardCharsets.UTF_8)));
          });
      DataInputStream in = new DataInputStream(s.socket().getInputStream());
      byte[] first = new byte[6 + 13];
      in.readFully(first);
      assertArrayEquals(
          concat(
              new byte[] {(byte) 0x81, (byte) (0x80 | 13), 0, 0, 0, 0},
              "trigger-input".getBytes(StandardCharsets.UTF_8)),
          first);
      byte[] second = new byte[8 + 300];
      in.readFully(second);
      assertArrayEquals(
          new byte[] {(byte) 0x81, (byte) (0x80 | 126), 1, 44, 0, 0, 0, 0},
          Arrays.copyOf(second, 8));
      assertEquals(long300, new String(second, 8, 300, StandardCharsets.UTF_8));
    }
  }

  @Test
  void aCloseFrameEndsTheConnectionWithItsCode() throws Exception {
    try (TestWebSocketServer.Connection s = accept()) {
      write(
          s,
          frame(
              0x88,
              concat(
                  new byte[] {0x03, (byte) 0xE9}, "going away".getBytes(StandardCharsets.UTF_8))));
      assertEquals("closed: closed by the relay (1001 going away)", next());
    }
  }

  @Test
  void theServerHangingUpIsReported() throws Exception {
    try (TestWebSocketServer.Connection s = accept()) {
      s.close();
      assertEquals("closed: connection closed by the relay", next());
    }
  }

  @Test
  void aMaskedServerFrameIsAProtocolError() throws Exception {
    try (TestWebSocketServer.Connection s = accept()) {
      write(s, new byte[] {(byte) 0x81, (byte) 0x81, 0, 0, 0, 0, 'a'});
      assertEquals("closed: protocol error: masked frame from the relay", next());
    }
  }

  @Test
  void aRefusedHandshakeNamesTheStatusLine() throws Exception {
    try (TestWebSocketServer.Connection s = acceptRequest()) {
      s.write(
          "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
      assertEquals("closed: handshake failed: HTTP/1.1 404 Not Found", next());
    }
  }

  @Test
  void aWrongAcceptIsRejected() throws Exception {
    try (TestWebSocketServer.Connection s = acceptRequest()) {
      s.write(
          "HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: nope\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
      assertEquals("closed: handshake failed: wrong or missing Sec-WebSocket-Accept", next());
    }
  }

  @Test
  void framesInTheSameReadAsTheHandshakeAreNotLost() throws Exception {
    try (TestWebSocketServer.Connection s = acceptRequest()) {
      write(s, concat(s.acceptance(), text("collect")));
      assertEquals("open", next());
      assertEquals("message collect / 7", next());
    }
  }

  @Test
  void aClosedPortIsConnectionRefused() throws Exception {
    int port;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = gone.getLocalPort();
    }
    connect(port);
    assertEquals("closed: connection refused", next());
  }

  @Test
  void aWssUrlIsRefusedBeforeAnySocketIsMade() throws Exception {
    WebSocketUrl wss = WebSocketUrl.of(URI.create("wss://127.0.0.1:" + server.port() + "/socket"));
    reactor.execute(
        () -> {
          try {
            reactor.connect(
                new InetSocketAddress("127.0.0.1", server.port()), wss, recorder, PEEK, 7);
            events.add("connected");
          } catch (IllegalArgumentException | IOException e) {
            events.add("refused: " + e.getMessage());
          }
        });
    assertEquals("refused: this client speaks plain ws:// only, not wss:// (TLS)", next());
  }
}
