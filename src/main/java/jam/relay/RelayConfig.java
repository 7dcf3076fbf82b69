package jam.relay;

import jam.clock.Clock;
import jam.protocol.Message;
import jam.protocol.Wire;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * How a relay listens and what it tolerates. Validated on construction; a message names the field.
 * Build one with {@link #builder()}, or change one with {@link #toBuilder()}.
 *
 * @param host address to bind; "0.0.0.0" for every interface
 * @param port TCP port; 0 picks a free one
 * @param path the endpoint path besides "/" (the second tutorial connects to the page's origin)
 * @param maxMessageBytes a larger message closes its sender with 1009
 * @param maxQueueBytes a peer whose unsent backlog would grow past this is dropped
 * @param keepaliveSeconds ping interval; a peer silent for 1.5 intervals is dropped; 0 disables
 * @param token the secret peers must present, or null for an open relay
 * @param allowedOrigins browser origins allowed to connect; empty allows any
 * @param maxPeers connections beyond this are refused (503); 0 for no limit
 * @param rateLimit per-peer message and byte rates, or null for none
 * @param handshakeTimeoutMillis a connection that has not completed its handshake by then is closed
 * @param tls the server's TLS context for wss://, or null for plain ws://
 * @param collectAll true: every join sends {@code collect} to every peer, as in the tutorial;
 *     false: only the newcomer is asked, and it is handed the other peers' latest track arrays
 *     instead
 * @param tempo the beat the relay starts with, or null for none until a peer sets one
 * @param align true: each {@code trigger-output} is held back per peer so that it reaches every
 *     peer at the same moment (by the peers' measured round trips)
 * @param staticDir a folder served over plain HTTP at {@code /} (the built-in page then moves to
 *     {@code /jam/}), or null for the built-in page at {@code /}
 * @param maxRooms rooms beyond this are refused (503); 0 for no limit
 * @param maxRoomPeers connections to one room beyond this are refused (503); 0 for no limit
 * @param clock the clock the relay answers clock pings with: {@link Clock#TRUE}, the system's;
 *     shifted only to test what a relay with a wrong clock does to a cluster
 */
public record RelayConfig(
    String host,
    int port,
    String path,
    int maxMessageBytes,
    long maxQueueBytes,
    int keepaliveSeconds,
    String token,
    List<String> allowedOrigins,
    int maxPeers,
    RateLimit rateLimit,
    int handshakeTimeoutMillis,
    SSLContext tls,
    boolean collectAll,
    Message.Tempo tempo,
    boolean align,
    Path staticDir,
    int maxRooms,
    int maxRoomPeers,
    Clock clock) {

  public static final int DEFAULT_MAX_MESSAGE = 1 << 20;
  public static final long DEFAULT_MAX_QUEUE = 16L << 20;
  public static final int DEFAULT_KEEPALIVE_SECONDS = 30;
  public static final int DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 10_000;

  /**
   * A per-peer limit: at most {@code messagesPerSecond} messages and {@code bytesPerSecond} bytes.
   */
  public record RateLimit(double messagesPerSecond, double bytesPerSecond) {
    public RateLimit {
      if (!(messagesPerSecond > 0) || !(bytesPerSecond > 0)) {
        throw new IllegalArgumentException("rate limit must be positive");
      }
    }
  }

  public RelayConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
    }
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/', not '" + path + "'");
    }
    if (maxMessageBytes < 64) {
      throw new IllegalArgumentException(
          "max message must be at least 64 bytes, not " + maxMessageBytes);
    }
    if (maxQueueBytes < maxMessageBytes) {
      throw new IllegalArgumentException(
          "max queue ("
              + maxQueueBytes
              + " bytes) must be at least the max message ("
              + maxMessageBytes
              + ")");
    }
    if (keepaliveSeconds < 0) {
      throw new IllegalArgumentException("keepalive must not be negative");
    }
    if (token != null && token.isEmpty()) {
      throw new IllegalArgumentException("token must not be empty");
    }
    allowedOrigins = List.copyOf(allowedOrigins);
    if (maxPeers < 0 || maxRooms < 0 || maxRoomPeers < 0) {
      throw new IllegalArgumentException("max peers and rooms must not be negative");
    }
    java.util.Objects.requireNonNull(clock, "clock");
    if (handshakeTimeoutMillis <= 0) {
      throw new IllegalArgumentException("handshake timeout must be positive");
    }
  }

  /** Loopback, a free port, the defaults otherwise: what tests and benchmarks start. */
  public static RelayConfig loopback() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.path = path;
    b.maxMessageBytes = maxMessageBytes;
    b.maxQueueBytes = maxQueueBytes;
    b.keepaliveSeconds = keepaliveSeconds;
    b.token = token;
    b.allowedOrigins = allowedOrigins;
    b.maxPeers = maxPeers;
    b.rateLimit = rateLimit;
    b.handshakeTimeoutMillis = handshakeTimeoutMillis;
    b.tls = tls;
    b.collectAll = collectAll;
    b.tempo = tempo;
    b.align = align;
    b.staticDir = staticDir;
    b.maxRooms = maxRooms;
    b.maxRoomPeers = maxRoomPeers;
    b.clock = clock;
    return b;
  }

  /** Fluent construction; starts from loopback, a free port and the defaults. Not thread safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String path = Wire.DEFAULT_PATH;
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE;
    private long maxQueueBytes = DEFAULT_MAX_QUEUE;
    private int keepaliveSeconds = DEFAULT_KEEPALIVE_SECONDS;
    private String token;
    private List<String> allowedOrigins = List.of();
    private int maxPeers;
    private RateLimit rateLimit;
    private int handshakeTimeoutMillis = DEFAULT_HANDSHAKE_TIMEOUT_MILLIS;
    private SSLContext tls;
    private boolean collectAll;
    private Message.Tempo tempo;
    private int maxRooms;
    private int maxRoomPeers;
    private boolean align;
    private Path staticDir;
    private Clock clock = Clock.TRUE;

    private Builder() {}

    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder path(String v) {
      path = v;
      return this;
    }

    /** Also raises the max queue to at least this. */
    public Builder maxMessage(int v) {
      maxMessageBytes = v;
      maxQueueBytes = Math.max(maxQueueBytes, v);
      return this;
    }

    public Builder maxQueue(long v) {
      maxQueueBytes = v;
      return this;
    }

    public Builder keepalive(int seconds) {
      keepaliveSeconds = seconds;
      return this;
    }

    public Builder token(String v) {
      token = v;
      return this;
    }

    public Builder allowedOrigins(List<String> v) {
      allowedOrigins = v;
      return this;
    }

    public Builder maxPeers(int v) {
      maxPeers = v;
      return this;
    }

    public Builder rateLimit(RateLimit v) {
      rateLimit = v;
      return this;
    }

    public Builder handshakeTimeout(int millis) {
      handshakeTimeoutMillis = millis;
      return this;
    }

    public Builder tls(SSLContext v) {
      tls = v;
      return this;
    }

    /** The tutorial's exact behaviour: every join sends {@code collect} to every peer. */
    public Builder collectAll(boolean v) {
      collectAll = v;
      return this;
    }

    /** The beat the relay starts with. */
    public Builder tempo(Message.Tempo v) {
      tempo = v;
      return this;
    }

    /** Holds each trigger-output back per peer so that all receive it at once. */
    public Builder maxRooms(int v) {
      maxRooms = v;
      return this;
    }

    public Builder maxRoomPeers(int v) {
      maxRoomPeers = v;
      return this;
    }

    public Builder align(boolean v) {
      align = v;
      return this;
    }

    /** A folder to serve at {@code /} over plain HTTP; null for the built-in page there. */
    public Builder staticDir(Path v) {
      staticDir = v;
      return this;
    }

    public RelayConfig build() {
      return new RelayConfig(
          host,
          port,
          path,
          maxMessageBytes,
          maxQueueBytes,
          keepaliveSeconds,
          token,
          allowedOrigins,
          maxPeers,
          rateLimit,
          handshakeTimeoutMillis,
          tls,
          collectAll,
          tempo,
          align,
          staticDir,
          maxRooms,
          maxRoomPeers,
          clock);
    }
  }

  /** Like the record's, but never shows the token. */
  @Override
  public String toString() {
    return "RelayConfig["
        + scheme()
        + "://"
        + host
        + ":"
        + port
        + path
        + ", maxMessage="
        + maxMessageBytes
        + ", maxQueue="
        + maxQueueBytes
        + ", keepalive="
        + keepaliveSeconds
        + "s, token="
        + (token == null ? "none" : "***")
        + ", origins="
        + (allowedOrigins.isEmpty() ? "any" : allowedOrigins)
        + ", maxPeers="
        + maxPeers
        + ", maxRooms="
        + maxRooms
        + ", maxRoomPeers="
        + maxRoomPeers
        + ", rateLimit="
        + rateLimit
        + ", collect="
        + (collectAll ? "all" : "newcomer")
        + ", tempo="
        + (tempo == null ? "none" : tempo.bpm() + " bpm")
        + ", align="
        + align
        + ", static="
        + (staticDir == null ? "none" : staticDir)
        + "]";
  }

  /** {@code wss} with TLS, else {@code ws}. */
  public String scheme() {
    return tls == null ? "ws" : "wss";
  }
}
