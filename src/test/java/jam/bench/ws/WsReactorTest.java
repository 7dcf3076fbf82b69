package jam.bench.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a fake server on a raw socket that writes exactly the bytes a test asks for, cut
 * where the test cuts them: frames split across reads, long messages partly skipped, fragments, control
 * frames, broken handshakes.
 */
class WsReactorTest {
  private static final int PEEK = 8;

  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<Throwable> bugs = new LinkedBlockingQueue<>();
  private ServerSocket server;
  private WsReactor reactor;
  private final WsConnection[] connection = new WsConnection[1];

  private final WsHandler recorder =
      new WsHandler() {
        @Override
        public void onOpen(WsConnection c) {
          events.add("open");
        }

        @Override
        public void onMessage(WsConnection c, ByteBuffer buf, int offset, int present, long length) {
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
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    reactor = WsReactor.start("test-reactor", bugs::add);
  }

  @AfterEach
  void stop() throws IOException {
    reactor.close();
    server.close();
    assertNull(bugs.poll(), "no exception on the reactor thread");
  }

  private void connect(int port) {
    WsUrl url = WsUrl.parse("ws://127.0.0.1:" + port + "/socket");
    reactor.execute(
        () -> {
          try {
            connection[0] = reactor.connect(new InetSocketAddress("127.0.0.1", port), url, recorder, PEEK, 7);
          } catch (IOException e) {
            events.add("io " + e);
          }
        });
  }

  /** Accepts the client and answers its upgrade; returns the server's end. */
  private Socket accept() throws IOException, InterruptedException {
    connect(server.getLocalPort());
    Socket s = server.accept();
    s.setTcpNoDelay(true);
    String request = readHead(s.getInputStream());
    assertTrue(request.startsWith("GET /socket HTTP/1.1\r\n"), request);
    Matcher m = Pattern.compile("Sec-WebSocket-Key: (\\S+)").matcher(request);
    assertTrue(m.find(), request);
    s.getOutputStream()
        .write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(m.group(1)) + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    assertEquals("open", next());
    return s;
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("eof in request");
      }
      head.write(c);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static String accept(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1")
          .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(d);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A server frame (unmasked). */
  private static byte[] frame(int b0, byte[] payload) {
    int n = payload.length;
    ByteBuffer f = ByteBuffer.allocate(10 + n);
    f.put((byte) b0);
    if (n < 126) {
      f.put((byte) n);
    } else if (n <= 0xffff) {
      f.put((byte) 126).putShort((short) n);
    } else {
      f.put((byte) 127).putLong(n);
    }
    f.put(payload);
    return Arrays.copyOf(f.array(), f.position());
  }

  private static byte[] text(String s) {
    return frame(0x81, s.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes the bytes in pieces cut at {@code cuts}, pausing between them so that they arrive apart. */
  private static void write(Socket s, byte[] bytes, int... cuts) throws Exception {
    OutputStream out = s.getOutputStream();
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
    try (Socket s = accept()) {
      write(s, concat(text("collect"), text("hi")));
      assertEquals("message collect / 7", next());
      assertEquals("message hi / 2", next());
    }
  }

  @Test
  void ofALongMessageOnlyThePeekIsKeptAndTheRestSkipped() throws Exception {
    String big = "[\"T12345" + "x".repeat(70_000) + "]";
    try (Socket s = accept()) {
      byte[] bytes = concat(text(big), text("after"));
      // cut inside the 64-bit length, inside the kept head, and inside the skipped tail
      write(s, bytes, 5, 13, 40_000);
      assertEquals("message [\"T12345 / " + big.length(), next());
      assertEquals("message after / 5", next());
    }
  }

  @Test
  void framesCutAnywhereAreReassembled() throws Exception {
    try (Socket s = accept()) {
      byte[] bytes = concat(text("one"), text("x".repeat(200)), text("three"));
      write(s, bytes, 1, 4, 6, 8, 9);
      assertEquals("message one / 3", next());
      assertEquals("message xxxxxxxx / 200", next());
      assertEquals("message three / 5", next());
    }
  }

  @Test
  void fragmentsMakeOneMessage() throws Exception {
    try (Socket s = accept()) {
      byte[] first = frame(0x01, "[\"T1".getBytes(StandardCharsets.UTF_8));
      byte[] middle = frame(0x00, "2345".getBytes(StandardCharsets.UTF_8));
      byte[] ping = frame(0x89, "p".getBytes(StandardCharsets.UTF_8)); // control frames may come between
      byte[] last = frame(0x80, "678]".getBytes(StandardCharsets.UTF_8));
      write(s, concat(first, middle, ping, last), 3);
      assertEquals("message [\"T12345 / 12", next());
      // the ping was answered with a pong carrying its payload, masked with a zero key
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] pong = new byte[7];
      in.readFully(pong);
      assertArrayEquals(new byte[] {(byte) 0x8A, (byte) 0x81, 0, 0, 0, 0, 'p'}, pong);
    }
  }

  @Test
  void sentTextIsOneMaskedFrameWithAZeroKey() throws Exception {
    try (Socket s = accept()) {
      String long300 = "y".repeat(300);
      reactor.execute(() -> {
        connection[0].sendText("trigger-input");
        connection[0].sendFrame(WsConnection.textFrame(long300.getBytes(StandardCharsets.UTF_8)));
      });
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] first = new byte[6 + 13];
      in.readFully(first);
      assertArrayEquals(
          concat(new byte[] {(byte) 0x81, (byte) (0x80 | 13), 0, 0, 0, 0}, "trigger-input".getBytes(StandardCharsets.UTF_8)),
          first);
      byte[] second = new byte[8 + 300];
      in.readFully(second);
      assertArrayEquals(new byte[] {(byte) 0x81, (byte) (0x80 | 126), 1, 44, 0, 0, 0, 0}, Arrays.copyOf(second, 8));
      assertEquals(long300, new String(second, 8, 300, StandardCharsets.UTF_8));
    }
  }

  @Test
  void aCloseFrameEndsTheConnectionWithItsCode() throws Exception {
    try (Socket s = accept()) {
      write(s, frame(0x88, concat(new byte[] {0x03, (byte) 0xE9}, "going away".getBytes(StandardCharsets.UTF_8))));
      assertEquals("closed: closed by the relay (1001 going away)", next());
    }
  }

  @Test
  void theServerHangingUpIsReported() throws Exception {
    try (Socket s = accept()) {
      s.close();
      assertEquals("closed: connection closed by the relay", next());
    }
  }

  @Test
  void aMaskedServerFrameIsAProtocolError() throws Exception {
    try (Socket s = accept()) {
      write(s, new byte[] {(byte) 0x81, (byte) 0x81, 0, 0, 0, 0, 'a'});
      assertEquals("closed: protocol error: masked frame from the relay", next());
    }
  }

  @Test
  void aRefusedHandshakeNamesTheStatusLine() throws Exception {
    connect(server.getLocalPort());
    try (Socket s = server.accept()) {
      readHead(s.getInputStream());
      s.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertEquals("closed: handshake failed: HTTP/1.1 404 Not Found", next());
    }
  }

  @Test
  void aWrongAcceptIsRejected() throws Exception {
    connect(server.getLocalPort());
    try (Socket s = server.accept()) {
      readHead(s.getInputStream());
      s.getOutputStream()
          .write("HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: nope\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertEquals("closed: handshake failed: wrong or missing Sec-WebSocket-Accept", next());
    }
  }

  @Test
  void framesInTheSameReadAsTheHandshakeAreNotLost() throws Exception {
    connect(server.getLocalPort());
    try (Socket s = server.accept()) {
      String request = readHead(s.getInputStream());
      Matcher m = Pattern.compile("Sec-WebSocket-Key: (\\S+)").matcher(request);
      assertTrue(m.find());
      byte[] head = ("HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: " + accept(m.group(1)) + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1);
      write(s, concat(head, text("collect")));
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
  void urlsAreParsedAndCheckedForWs() {
    WsUrl u = WsUrl.parse("ws://[::1]:9000/socket?x=1");
    assertEquals("::1", u.host());
    assertEquals(9000, u.port());
    assertEquals("/socket?x=1", u.resource());
    assertEquals("[::1]:9000", u.hostHeader());
    assertEquals("/", WsUrl.parse("ws://example.org").resource());
    assertEquals(80, WsUrl.parse("ws://example.org").port());
    for (String bad : new String[] {"http://x/", "wss://x/", "ws:///path", "not a url"}) {
      try {
        WsUrl.parse(bad);
        throw new AssertionError("accepted " + bad);
      } catch (IllegalArgumentException expected) {
        assertTrue(expected.getMessage().contains(bad), expected.getMessage());
      }
    }
  }
}
