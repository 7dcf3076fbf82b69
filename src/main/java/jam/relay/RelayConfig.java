package jam.relay;

import jam.protocol.Wire;

/**
 * How a relay listens and what it tolerates. Validated on construction; a message names the field.
 *
 * @param host address to bind; "0.0.0.0" for every interface
 * @param port TCP port; 0 picks a free one
 * @param path the endpoint path besides "/" (the second tutorial connects to the page's origin)
 * @param maxMessageBytes a larger message closes its sender with 1009
 * @param maxQueueBytes a peer whose unsent backlog would grow past this is dropped
 * @param keepaliveSeconds ping interval; a peer silent for 1.5 intervals is dropped; 0 disables
 */
public record RelayConfig(
    String host, int port, String path, int maxMessageBytes, long maxQueueBytes, int keepaliveSeconds) {

  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_MESSAGE = 1 << 20;
  public static final long DEFAULT_MAX_QUEUE = 16L << 20;
  public static final int DEFAULT_KEEPALIVE_SECONDS = 30;

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
  }

  /** Loopback, a free port, the defaults otherwise: what tests and benchmarks start. */
  public static RelayConfig loopback() {
    return new RelayConfig(
        "127.0.0.1", 0, Wire.DEFAULT_PATH, DEFAULT_MAX_MESSAGE, DEFAULT_MAX_QUEUE, DEFAULT_KEEPALIVE_SECONDS);
  }

  public RelayConfig withMaxMessage(int bytes) {
    return new RelayConfig(host, port, path, bytes, Math.max(maxQueueBytes, bytes), keepaliveSeconds);
  }

  public RelayConfig withMaxQueue(long bytes) {
    return new RelayConfig(host, port, path, maxMessageBytes, bytes, keepaliveSeconds);
  }

  public RelayConfig withPort(int newPort) {
    return new RelayConfig(host, newPort, path, maxMessageBytes, maxQueueBytes, keepaliveSeconds);
  }
}
