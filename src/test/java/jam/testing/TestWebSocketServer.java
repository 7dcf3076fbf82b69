package jam.testing;

import jam.websocket.WebSocketProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hand-written WebSocket server of tests, for clients under test: a loopback port on which a
 * test takes each connection itself, reads the client's upgrade request, answers it (or not, or
 * wrongly), and then writes exactly the bytes it wants, cut where it wants, and reads the client's
 * frames. Frames go through {@link TestFrames}. A connection is for one thread at a time; {@link
 * #accept} and {@link #close} for any.
 *
 * <p>Lifecycle: bound at construction; {@link #close} stops accepting and closes every connection
 * made. A connection is accepted ({@link #accept}), its request read ({@link
 * Connection#readRequest}), then answered ({@link Connection#upgrade}, which reads the request
 * first if need be, or anything else).
 */
public final class TestWebSocketServer implements AutoCloseable {
  private static final int MAX_HEAD = 16 << 10;

  private final ServerSocket server;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();

  /** Binds a free port on the loopback address. */
  public TestWebSocketServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code ws://127.0.0.1:PORT/socket}. */
  public String url() {
    return "ws://127.0.0.1:" + port() + "/socket";
  }

  /** Waits for the next client's TCP connection; an IOException once the server is closed. */
  public Connection accept() throws IOException {
    Socket s = server.accept();
    try {
      s.setTcpNoDelay(true);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    Connection c = new Connection(s);
    connections.add(c);
    return c;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Connection c : connections) {
      c.close();
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0; // of "\r\n\r\n"
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException(
            "the client closed during its request: " + head.toString(StandardCharsets.ISO_8859_1));
      }
      if (head.size() == MAX_HEAD) {
        throw new IOException("a request head over " + MAX_HEAD + " bytes");
      }
      head.write(b);
      matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** One client's connection. */
  public static final class Connection implements AutoCloseable {
    private final Socket socket;
    private String request;

    private Connection(Socket socket) {
      this.socket = socket;
    }

    /**
     * Reads the client's request head, blank line included, and returns it; an IOException if it
     * hangs up first.
     */
    public String readRequest() throws IOException {
      if (request != null) {
        throw new IllegalStateException("the request is read already");
      }
      request = readHead(socket.getInputStream());
      return request;
    }

    /** The request head read by {@link #readRequest}. */
    public String request() {
      if (request == null) {
        throw new IllegalStateException("the request is not read yet");
      }
      return request;
    }

    /** The value of the request's header {@code name} (any case), or null. */
    public String header(String name) {
      String request = request();
      for (String line : request.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0
            && line.substring(0, colon)
                .trim()
                .toLowerCase(Locale.ROOT)
                .equals(name.toLowerCase(Locale.ROOT))) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    /**
     * The 101 answer that accepts this request: it carries the accept key of its Sec-WebSocket-Key.
     */
    public byte[] acceptance() {
      String key = header("Sec-WebSocket-Key");
      if (key == null) {
        throw new IllegalStateException("no Sec-WebSocket-Key in " + request);
      }
      return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Accept: "
              + WebSocketProtocol.acceptKey(key)
              + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads the request unless that is done, and writes {@link #acceptance}: the connection is
     * open.
     */
    public Connection upgrade() throws IOException {
      if (request == null) {
        readRequest();
      }
      write(acceptance());
      return this;
    }

    /** Writes {@code bytes} as they are, in one write. */
    public void write(byte[] bytes) throws IOException {
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
    }

    /** The client's next frame, unmasked. */
    public TestFrames.Frame readFrame() throws IOException {
      return TestFrames.read(socket.getInputStream());
    }

    public Socket socket() {
      return socket;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
