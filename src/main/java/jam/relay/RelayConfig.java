package jam.relay;

import jam.protocol.Wire;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * How a relay listens and what it tolerates. Validated on construction; a message names the field.
 * Start from {@link #loopback()} or {@link #defaults(String, int)} and change fields with the
 * {@code with} methods.
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
    SSLContext tls) {

  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_MESSAGE = 1 << 20;
  public static final long DEFAULT_MAX_QUEUE = 16L << 20;
  public static final int DEFAULT_KEEPALIVE_SECONDS = 30;
  public static final int DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 10_000;

  /** A per-peer limit: at most {@code messagesPerSecond} messages and {@code bytesPerSecond} bytes. */
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
      throw new IllegalArgumentException("max message must be at least 64 bytes, not " + maxMessageBytes);
    }
    if (maxQueueBytes < maxMessageBytes) {
      throw new IllegalArgumentException(
          "max queue (" + maxQueueBytes + " bytes) must be at least the max message (" + maxMessageBytes + ")");
    }
    if (keepaliveSeconds < 0) {
      throw new IllegalArgumentException("keepalive must not be negative");
    }
    if (token != null && token.isEmpty()) {
      throw new IllegalArgumentException("token must not be empty");
    }
    allowedOrigins = List.copyOf(allowedOrigins);
    if (maxPeers < 0) {
      throw new IllegalArgumentException("max peers must not be negative");
    }
    if (handshakeTimeoutMillis <= 0) {
      throw new IllegalArgumentException("handshake timeout must be positive");
    }
  }

  /** Every interface or one address, the defaults otherwise: what {@code jam serve} starts. */
  public static RelayConfig defaults(String host, int port) {
    return new RelayConfig(
        host, port, Wire.DEFAULT_PATH, DEFAULT_MAX_MESSAGE, DEFAULT_MAX_QUEUE, DEFAULT_KEEPALIVE_SECONDS,
        null, List.of(), 0, null, DEFAULT_HANDSHAKE_TIMEOUT_MILLIS, null);
  }

  /** Loopback, a free port, the defaults otherwise: what tests and benchmarks start. */
  public static RelayConfig loopback() {
    return defaults("127.0.0.1", 0);
  }

  public RelayConfig withPath(String p) {
    return new RelayConfig(host, port, p, maxMessageBytes, maxQueueBytes, keepaliveSeconds, token, allowedOrigins, maxPeers, rateLimit, handshakeTimeoutMillis, tls);
  }

  public RelayConfig withMaxMessage(int bytes) {
    return new RelayConfig(host, port, path, bytes, Math.max(maxQueueBytes, bytes), keepaliveSeconds, token, allowedOrigins, maxPeers, rateLimit, handshakeTimeoutMillis, tls);
  }

  public RelayConfig withMaxQueue(long bytes) {
    return new RelayConfig(host, port, path, maxMessageBytes, bytes, keepaliveSeconds, token, allowedOrigins, maxPeers, rateLimit, handshakeTimeoutMillis, tls);
  }

  public RelayConfig withKeepalive(int seconds) {
    return new RelayConfig(host, port, path, maxMessageBytes, maxQueueBytes, seconds, token, allowedOrigins, maxPeers, rateLimit, handshakeTimeoutMillis, tls);
  }

  public RelayConfig withToken(String t) {
    return new RelayConfig(host, port, path, maxMessageBytes, maxQueueBytes, keepaliveSeconds, t, allowedOrigins, maxPeers, rateLimit, handshakeTimeoutMillis, tls);
  }

  public RelayConfig withAllowedOrigins(List<String> origins) {
    return new RelayConfig(host, port, path, maxMessageBytes, maxQueueBytes, keepaliveSeconds, token, origins, maxPeers, rateLimit, handshakeTimeoutMillis, tls);
  }

  public RelayConfig withMaxPeers(int n) {
    return new RelayConfig(host, port, path, maxMessageBytes, maxQueueBytes, keepaliveSeconds, token, allowedOrigins, n, rateLimit, handshakeTimeoutMillis, tls);
  }

  public RelayConfig withRateLimit(RateLimit limit) {
    return new RelayConfig(host, port, path, maxMessageBytes, maxQueueBytes, keepaliveSeconds, token, allowedOrigins, maxPeers, limit, handshakeTimeoutMillis, tls);
  }

  public RelayConfig withHandshakeTimeout(int millis) {
    return new RelayConfig(host, port, path, maxMessageBytes, maxQueueBytes, keepaliveSeconds, token, allowedOrigins, maxPeers, rateLimit, millis, tls);
  }

  public RelayConfig withTls(SSLContext context) {
    return new RelayConfig(host, port, path, maxMessageBytes, maxQueueBytes, keepaliveSeconds, token, allowedOrigins, maxPeers, rateLimit, handshakeTimeoutMillis, context);
  }

  /** Like the record's, but never shows the token. */
  @Override
  public String toString() {
    return "RelayConfig[" + scheme() + "://" + host + ":" + port + path + ", maxMessage=" + maxMessageBytes
        + ", maxQueue=" + maxQueueBytes + ", keepalive=" + keepaliveSeconds + "s, token=" + (token == null ? "none" : "***")
        + ", origins=" + (allowedOrigins.isEmpty() ? "any" : allowedOrigins) + ", maxPeers=" + maxPeers
        + ", rateLimit=" + rateLimit + "]";
  }

  /** {@code wss} with TLS, else {@code ws}. */
  public String scheme() {
    return tls == null ? "ws" : "wss";
  }
}
