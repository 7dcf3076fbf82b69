package jam.peer;

import jam.ExitCode;
import jam.JamException;
import jam.protocol.RelayUrls;
import jam.websocket.WebSocketProtocol;
import jam.websocket.WebSocketUrl;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One plain {@code ws://} connection to a relay on a blocking {@link Socket}, text messages only:
 * what {@code jam trigger} uses instead of {@link RelayConnection}, whose Java-WebSocket client
 * starts a connect thread, a write thread and a ping timer and sets up TLS and the security
 * providers, which a command that should start in 150 ms cannot afford. It sends no pings; it
 * answers the relay's.
 *
 * <p>Lifecycle: {@link #open} returns once the handshake is done, or throws why it could not; from
 * then on one reader thread hands every text message, in order, to the listener, and exactly one
 * {@link Listener#closed} when the connection ends, whoever ended it. {@link #send} writes on the
 * calling thread. Thread safe.
 */
final class SocketConnection implements Link {
  /** What a connection tells its owner; called on the reader thread, one call at a time. */
  interface Listener {
    /** A text message from the relay. */
    void text(String text);

    /** The connection ended: {@code code} is the close code (1006 when it just broke). */
    void closed(int code);
  }

  private static final int MAX_HEADER_BYTES = 16 << 10;
  private static final long CLOSE_WAIT_MILLIS = 3000;

  private final Socket socket;
  private final InputStream in;
  private final Listener listener;
  private final CountDownLatch ended = new CountDownLatch(1);

  /** Guards writing frames, {@link #masks} and {@link #closeSent}. */
  private final OutputStream out;

  private final SplittableRandom masks;
  private boolean closeSent;

  private SocketConnection(Socket socket, InputStream in, Listener listener, long maskSeed)
      throws IOException {
    this.socket = socket;
    this.in = in;
    this.out = socket.getOutputStream();
    this.listener = listener;
    this.masks = new SplittableRandom(maskSeed);
  }

  /**
   * Connects to {@code url} (ws:// only) and completes the handshake within {@code timeout} (each
   * of the TCP connect and the relay's answer); a {@link JamException} with {@link
   * ExitCode#UNAVAILABLE} and the one-line reason {@link RelayConnection} would give otherwise.
   */
  static SocketConnection open(URI url, Duration timeout, Listener listener) {
    if (!"ws".equalsIgnoreCase(url.getScheme())) {
      throw new IllegalArgumentException("not a ws:// URL: " + RelayUrls.redact(url));
    }
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    Socket socket =
        new Socket(
            java.net.Proxy.NO_PROXY); // as Java-WebSocket's client; and no ProxySelector to load
    Exception failure = null;
    String refusal = null;
    try {
      WebSocketUrl split = WebSocketUrl.of(url);
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(split.host(), split.port()), millis);
      socket.setSoTimeout(millis);
      byte[] random = randomBytes(24);
      String key = Base64.getEncoder().encodeToString(Arrays.copyOf(random, 16));
      socket.getOutputStream().write(WebSocketProtocol.upgradeRequest(split, key));
      InputStream in = new BufferedInputStream(socket.getInputStream());
      in.mark(1);
      int first = in.read();
      in.reset();
      String head = first == TLS_ALERT || first == TLS_HANDSHAKE ? null : readHead(in);
      if (head == null && (first == TLS_ALERT || first == TLS_HANDSHAKE)) {
        refusal = ConnectFailure.answeredInTls(url);
      } else if (head != null) {
        refusal = refusal(head, key);
        if (refusal == null) {
          socket.setSoTimeout(0);
          long seed = 0;
          for (int i = 16; i < 24; i++) {
            seed = seed << 8 | (random[i] & 0xff);
          }
          SocketConnection c = new SocketConnection(socket, in, listener, seed);
          new Reader(c).start();
          return c;
        }
      }
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
    closeQuietly(socket);
    throw new JamException(
        ExitCode.UNAVAILABLE,
        "cannot connect to "
            + RelayUrls.redact(url)
            + ": "
            + ConnectFailure.why(url, failure, refusal),
        failure);
  }

  /**
   * Sends {@code text} as one text frame; false when the connection is closing or gone (nothing
   * sent).
   */
  @Override
  public boolean send(String text) {
    return sendFrame(WebSocketProtocol.OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** True: {@link #send} returns only once the socket has taken the frame. */
  @Override
  public boolean awaitSent(Duration timeout) {
    return true;
  }

  /** Closes with 1000 (normal closure) and waits up to 3 s for the relay to answer. Idempotent. */
  @Override
  public void close() {
    if (ended.getCount() == 0) {
      return;
    }
    sendClose(WebSocketProtocol.CLOSE_NORMAL);
    try {
      if (!ended.await(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        closeQuietly(socket);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(socket);
    }
  }

  // ------------------------------------------------------------------------------ the reader
  // thread

  private void read() {
    int code = WebSocketProtocol.CLOSE_ABNORMAL;
    try {
      ByteArrayOutputStream message = new ByteArrayOutputStream();
      byte[] header = new byte[WebSocketProtocol.MAX_HEADER_LENGTH];
      int messageType = 0;
      while (true) {
        int b0 = in.read();
        if (b0 < 0) {
          break;
        }
        int b1 = readByte();
        header[0] = (byte) b0;
        header[1] = (byte) b1;
        readFully(header, 2, WebSocketProtocol.headerLength(b1) - 2);
        int opcode = b0 & WebSocketProtocol.B0_MASK_OPCODE;
        long length = WebSocketProtocol.payloadLength(header, 0, b1);
        if (length < 0 || message.size() + length > RelayConnection.MAX_MESSAGE_BYTES) {
          sendClose(WebSocketProtocol.CLOSE_TOO_BIG);
          code = WebSocketProtocol.CLOSE_TOO_BIG;
          break;
        }
        byte[] payload = new byte[(int) length];
        readFully(payload, 0, payload.length);
        if ((b1 & WebSocketProtocol.B1_FLAG_MASK) != 0) {
          WebSocketProtocol.toggleMask(
              payload, 0, payload, 0, payload.length, WebSocketProtocol.maskKey(header, 0, b1));
        }
        if (opcode == WebSocketProtocol.OPCODE_CONTROL_CLOSE) {
          code =
              payload.length >= 2
                  ? (payload[0] & 0xff) << 8 | (payload[1] & 0xff)
                  : WebSocketProtocol.CLOSE_NO_STATUS;
          sendClose(payload.length >= 2 ? code : WebSocketProtocol.CLOSE_NORMAL);
          break;
        } else if (opcode == WebSocketProtocol.OPCODE_CONTROL_PING) {
          sendFrame(WebSocketProtocol.OPCODE_CONTROL_PONG, payload);
        } else if (opcode == WebSocketProtocol.OPCODE_TEXT
            || opcode == WebSocketProtocol.OPCODE_BINARY
            || (opcode == WebSocketProtocol.OPCODE_CONTINUATION && messageType != 0)) {
          if (opcode != WebSocketProtocol.OPCODE_CONTINUATION) {
            messageType = opcode;
          }
          message.write(payload);
          if ((b0 & WebSocketProtocol.B0_FLAG_FIN) != 0) {
            if (messageType == WebSocketProtocol.OPCODE_TEXT) {
              listener.text(message.toString(StandardCharsets.UTF_8));
            }
            message.reset();
            messageType = 0;
          }
        }
      }
    } catch (IOException e) {
      // broken: 1006, as Java-WebSocket reports it
    } finally {
      closeQuietly(socket);
      try {
        listener.closed(code);
      } finally {
        ended.countDown();
      }
    }
  }

  /**
   * The reader thread; a class rather than a lambda, whose first use costs a short command ~10 ms.
   */
  private static final class Reader extends Thread {
    private final SocketConnection connection;

    Reader(SocketConnection connection) {
      super("jam-relay-reader");
      this.connection = connection;
      setDaemon(true);
    }

    @Override
    public void run() {
      connection.read();
    }
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException();
    }
    return b;
  }

  private void readFully(byte[] b, int offset, int n) throws IOException {
    if (in.readNBytes(b, offset, n) < n) {
      throw new EOFException();
    }
  }

  // ------------------------------------------------------------------------------ writing

  private void sendClose(int code) {
    synchronized (out) {
      if (!closeSent) {
        sendFrame(
            WebSocketProtocol.OPCODE_CONTROL_CLOSE, new byte[] {(byte) (code >> 8), (byte) code});
        closeSent = true;
      }
    }
  }

  /** Writes one masked frame, as a client must; false when closing or the socket failed. */
  private boolean sendFrame(int opcode, byte[] payload) {
    int n = payload.length;
    int header = WebSocketProtocol.headerLengthFor(n, true);
    byte[] frame = new byte[header + n];
    synchronized (out) {
      if (closeSent) {
        return false;
      }
      int mask = masks.nextInt();
      WebSocketProtocol.putHeader(
          ByteBuffer.wrap(frame), WebSocketProtocol.B0_FLAG_FIN | opcode, n, mask);
      WebSocketProtocol.toggleMask(payload, 0, frame, header, n, mask);
      try {
        out.write(frame);
        return true;
      } catch (IOException e) {
        closeQuietly(socket); // the reader sees it and reports the end
        return false;
      }
    }
  }

  // ------------------------------------------------------------------------------ the handshake

  /** The first byte of a TLS record: an alert, or a handshake (a TLS server's answer to HTTP). */
  private static final int TLS_ALERT = 0x15;

  private static final int TLS_HANDSHAKE = 0x16;

  /** The response head up to its blank line, or null when the relay closed before one. */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder(256);
    while (head.length() < MAX_HEADER_BYTES) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.append((char) b);
      int n = head.length();
      if (n >= 4
          && head.charAt(n - 1) == '\n'
          && head.charAt(n - 2) == '\r'
          && head.charAt(n - 3) == '\n'
          && head.charAt(n - 4) == '\r') {
        return head.toString();
      }
    }
    throw new IOException("the relay's handshake answer is over " + MAX_HEADER_BYTES + " bytes");
  }

  /**
   * Why {@code head} does not accept the connection (as {@link ConnectFailure#refusal} words it),
   * or null.
   */
  static String refusal(String head, String key) {
    // by hand: split("\r\n") is a regular expression, whose classes cost a trigger ~4 ms of its
    // start
    List<String> lines = new ArrayList<>();
    for (int from = 0; from <= head.length(); ) {
      int end = head.indexOf("\r\n", from);
      end = end < 0 ? head.length() : end;
      lines.add(head.substring(from, end));
      from = end + 2;
    }
    String status = lines.get(0);
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].equals("101")) {
      return ConnectFailure.refusal(
          "Invalid status code received: "
              + (parts.length < 2 ? "?" : parts[1])
              + " Status line: "
              + status);
    }
    String expected = WebSocketProtocol.acceptKey(key);
    boolean upgrade = false;
    boolean connection = false;
    boolean accept = false;
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "upgrade" -> upgrade = value.equalsIgnoreCase("websocket");
        case "connection" -> connection = value.toLowerCase(Locale.ROOT).contains("upgrade");
        case "sec-websocket-accept" -> accept = value.equals(expected);
        default -> {}
      }
    }
    if (!upgrade || !connection) {
      return ConnectFailure.refusal("no WebSocket upgrade in the answer");
    }
    return accept ? null : ConnectFailure.refusal("wrong Sec-WebSocket-Accept");
  }

  /** Kernel randomness where there is some; {@link SecureRandom} (slow to set up) elsewhere. */
  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    try (InputStream urandom = new FileInputStream("/dev/urandom")) {
      if (urandom.readNBytes(b, 0, n) == n) {
        return b;
      }
    } catch (IOException | SecurityException e) {
      // no /dev/urandom here
    }
    new SecureRandom().nextBytes(b);
    return b;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
