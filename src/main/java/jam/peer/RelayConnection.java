package jam.peer;

import jam.ExitCode;
import jam.JamException;
import jam.protocol.RelayUrls;
import jam.tls.ClientTrust;
import jam.websocket.WebSocketUrl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;

/**
 * One WebSocket connection to a relay, text messages only. Lifecycle: {@link #open} returns once
 * the handshake is done, or throws why it could not; from then on the handler gets every text
 * message, in order, on the connection's own read thread, and exactly one {@link Handler#closed}
 * when the connection ends, whoever ended it. {@link #send} and {@link #close} may be called from
 * any thread. Thread safe.
 */
public final class RelayConnection implements Link {
  /** Largest message accepted from the relay. */
  static final int MAX_MESSAGE_BYTES = 64 << 20;

  private static final long CLOSE_WAIT_MILLIS = 3000;
  private static final int PING_SECONDS = 30;

  /**
   * What a connection tells its owner; called on the connection's read thread, one call at a time.
   */
  public interface Handler {
    /** A text message from the relay. */
    void text(RelayConnection from, String text);

    /** The connection ended: {@code code} is the close code (1006 when it just broke). */
    default void closed(RelayConnection from, int code, String reason, boolean byRelay) {}
  }

  private final URI url;
  private final Handler handler;
  private final Client client;
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private volatile boolean opened;
  private volatile Exception failure;
  private volatile String refusal;

  private RelayConnection(URI url, Handler handler, int connectTimeoutMillis, ClientTrust trust) {
    this.url = url;
    this.handler = handler;
    this.client = new Client(url, connectTimeoutMillis, trust);
  }

  /**
   * A TCP connection to a wss:// relay with its TLS handshake done, on this thread: inside
   * Java-WebSocket the handshake runs on its writer thread while its reader sees the socket close,
   * and the TLS error could arrive after the attempt had been reported as "no answer" (or never).
   */
  private static SSLSocket tls(URI url, int millis, ClientTrust trust) throws IOException {
    WebSocketUrl split = WebSocketUrl.of(url);
    String host = split.host();
    int port = split.port();
    Socket plain = new Socket(Proxy.NO_PROXY);
    try {
      plain.setTcpNoDelay(true);
      plain.connect(new InetSocketAddress(host, port), millis);
      SSLSocket socket =
          (SSLSocket) trust.context().getSocketFactory().createSocket(plain, host, port, true);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm(trust.verifyHostName() ? "HTTPS" : null);
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(millis);
      socket.startHandshake();
      socket.setSoTimeout(0);
      return socket;
    } catch (IOException | RuntimeException e) {
      try {
        plain.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      throw e;
    }
  }

  /** Why a relay refused the handshake: its HTTP status (401 a token, 403 an origin, 503 full). */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    /** Whether trying again cannot help: the relay said who we are is not welcome (401, 403). */
    boolean isFinal() {
      return status == 401 || status == 403;
    }
  }

  /** As {@link #open(URI, Duration, ClientTrust, Handler)} with the JDK's CAs for wss://. */
  public static RelayConnection open(URI url, Duration timeout, Handler handler) {
    return open(url, timeout, ClientTrust.defaults(), handler);
  }

  /**
   * Connects to {@code url} (ws:// or wss://) and completes the handshake within {@code timeout}; a
   * {@link JamException} with {@link ExitCode#UNAVAILABLE} and a one-line reason naming the URL
   * otherwise.
   */
  public static RelayConnection open(
      URI url, Duration timeout, ClientTrust trust, Handler handler) {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    RelayConnection c = new RelayConnection(url, handler, millis, trust);
    String shown = RelayUrls.redact(url);
    if ("wss".equalsIgnoreCase(url.getScheme())) {
      try {
        c.client.setSocket(tls(url, millis, trust));
      } catch (IOException | RuntimeException e) {
        throw new JamException(
            ExitCode.UNAVAILABLE,
            "cannot connect to " + shown + ": " + ConnectFailure.why(url, e, null),
            e);
      }
    }
    boolean ok;
    try {
      ok = c.client.connectBlocking(millis + 500L, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      c.abort();
      throw new JamException(ExitCode.UNAVAILABLE, "interrupted while connecting to " + shown, e);
    }
    if (!ok || !c.client.isOpen()) {
      c.abort();
      Refused refused = c.refused();
      String why = c.whyNot(); // before the cause: it may find TLS, which no wait can change
      throw new JamException(
          ExitCode.UNAVAILABLE,
          "cannot connect to " + shown + ": " + why,
          refused != null ? refused : c.failure);
    }
    return c;
  }

  /**
   * {@code text} as a relay URL: ws:// or wss:// with a host; an {@link IllegalArgumentException}
   * with a message for people otherwise.
   */
  public static URI parseUrl(String text) {
    String hint = "expected ws://HOST:PORT/PATH, e.g. ws://127.0.0.1:8080/socket";
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "'" + RelayUrls.redact(text) + "' is not a relay URL: " + hint);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      throw new IllegalArgumentException(
          "'"
              + RelayUrls.redact(text)
              + "' is not a relay URL (it must start with ws:// or wss://): "
              + hint);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("'" + RelayUrls.redact(text) + "' has no host: " + hint);
    }
    if (uri.getPort() > 65535) {
      throw new IllegalArgumentException(
          "'" + RelayUrls.redact(text) + "' has a port out of range (1-65535): " + hint);
    }
    return uri;
  }

  public URI url() {
    return url;
  }

  public boolean isOpen() {
    return client.isOpen();
  }

  /**
   * Queues {@code text} for the relay; false when the connection is not open (the text is dropped).
   */
  @Override
  public boolean send(String text) {
    try {
      client.send(text);
      return true;
    } catch (WebsocketNotConnectedException e) {
      return false;
    }
  }

  /**
   * Waits until everything {@link #send} queued has been handed to the socket, at most {@code
   * timeout}; true when it has. For a sender about to close: {@link #close} gives up on a slow
   * relay after 3 s and drops whatever is still queued.
   */
  @Override
  public boolean awaitSent(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (client.hasBufferedData()) {
      if (!client.isOpen() || System.nanoTime() - deadline > 0) {
        return !client.hasBufferedData();
      }
      Thread.sleep(1);
    }
    return true;
  }

  /** Closes with 1000 (normal closure) and waits up to 3 s for the relay to answer. Idempotent. */
  @Override
  public void close() {
    if (closedLatch.getCount() == 0) {
      return;
    }
    client.close(CloseFrame.NORMAL, "");
    try {
      if (!closedLatch.await(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        client.closeConnection(CloseFrame.NORMAL, "");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.closeConnection(CloseFrame.NORMAL, "");
    }
  }

  private void abort() {
    try {
      client.closeConnection(CloseFrame.NEVER_CONNECTED, "");
      java.net.Socket s = client.getSocket();
      if (s != null) {
        s.close();
      }
    } catch (Exception e) {
      // it never worked; nothing to release
    }
  }

  /** The relay's HTTP status when it answered the handshake with one, else null. */
  private Refused refused() {
    String r = refusal;
    int status = ConnectFailure.status(r);
    return status < 0 ? null : new Refused(status, r);
  }

  private String whyNot() {
    if (failure == null
        && refusal == null
        && "ws".equalsIgnoreCase(url.getScheme())
        && ConnectFailure.answersInTls(url, 2_000)) {
      // a TLS relay: Java-WebSocket only saw no answer; as any TLS failure, not worth waiting for
      String why = ConnectFailure.answeredInTls(url);
      failure = new javax.net.ssl.SSLException(why);
      return why;
    }
    return ConnectFailure.why(url, failure, refusal);
  }

  /**
   * The Java-WebSocket client; it reports to the connection and never calls out while opening
   * fails.
   */
  private final class Client extends WebSocketClient {
    private final boolean verifyHostName;

    Client(URI url, int connectTimeoutMillis, ClientTrust trust) {
      super(
          url,
          new Draft_6455(Collections.emptyList(), MAX_MESSAGE_BYTES),
          Map.of(),
          connectTimeoutMillis);
      this.verifyHostName = trust.verifyHostName();
      setTcpNoDelay(true);
      setDaemon(true);
      setConnectionLostTimeout(PING_SECONDS);
    }

    /**
     * Java-WebSocket sets the host name check ("HTTPS") on the socket {@link #tls} made: not with
     * --insecure.
     */
    @Override
    protected void onSetSSLParameters(SSLParameters parameters) {
      if (verifyHostName) {
        super.onSetSSLParameters(parameters);
      } else {
        parameters.setEndpointIdentificationAlgorithm(null);
      }
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
      opened = true;
    }

    @Override
    public void onMessage(String message) {
      handler.text(RelayConnection.this, message);
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
      // the protocol is text; binary frames are not for us
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      try {
        if (opened) {
          handler.closed(RelayConnection.this, code, reason == null ? "" : reason, remote);
        } else if (failure == null && code != CloseFrame.NEVER_CONNECTED) {
          refusal = ConnectFailure.refusal(reason);
        }
      } finally {
        closedLatch.countDown();
      }
    }

    @Override
    public void onError(Exception ex) {
      if (!opened && failure == null) {
        failure = ex;
      }
    }
  }
}
