package jam.relay;

import jam.ExitCode;
import jam.JamException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running relay. {@link #start} returns once it accepts connections (or throws why it cannot);
 * {@link #close} says "going away" (1001) to every peer and frees the port. Thread safe.
 */
public final class Relay implements AutoCloseable {
  private static final long START_TIMEOUT_SECONDS = 10;
  private static final int STOP_TIMEOUT_MILLIS = 1500;

  private final RelayConfig config;
  private final RelayServer server;

  private Relay(RelayConfig config, RelayServer server) {
    this.config = config;
    this.server = server;
  }

  /**
   * Binds and starts a relay; a port that is taken or a host that is not ours is a JamException.
   */
  public static Relay start(RelayConfig config, RelayListener listener) {
    return start(config, listener, null);
  }

  /**
   * Binds and starts a relay that is one of a {@code cluster} (null: on its own), which it closes
   * when it closes.
   */
  public static Relay start(RelayConfig config, RelayListener listener, Cluster cluster) {
    InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
    if (address.isUnresolved()) {
      throw new JamException(ExitCode.UNAVAILABLE, "cannot resolve host '" + config.host() + "'");
    }
    RelayServer server = new RelayServer(config, listener, cluster);
    server.start();
    try {
      server.started.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw bindFailure(config, e.getCause());
    } catch (TimeoutException e) {
      stopQuietly(server);
      throw new JamException(
          ExitCode.UNAVAILABLE, "relay did not start within " + START_TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopQuietly(server);
      throw new JamException(ExitCode.FAILURE, "interrupted while starting the relay", e);
    }
    return new Relay(config, server);
  }

  private static JamException bindFailure(RelayConfig config, Throwable cause) {
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    reason = reason.replaceFirst(" \\(Bind failed\\)$", "").toLowerCase(Locale.ROOT);
    String where =
        config.host().equals("0.0.0.0") || config.host().equals("::")
            ? "port " + config.port()
            : config.host() + " port " + config.port();
    String message = "cannot bind " + where + ": " + reason;
    return new JamException(
        cause instanceof BindException || cause instanceof SocketException
            ? ExitCode.UNAVAILABLE
            : ExitCode.FAILURE,
        message,
        cause);
  }

  /** The port it listens on (the chosen one when the config said 0). */
  public int port() {
    return server.getPort();
  }

  /** Peers connected now. */
  public int peers() {
    return server.peerCount();
  }

  /** How often the selector's stale keys were swept; for tests (see StaleKeys). */
  long staleKeySweeps() {
    return server.staleKeySweeps();
  }

  /**
   * A URL a client on this machine can connect to, e.g. {@code ws://127.0.0.1:8080/socket}; with
   * TLS, {@code wss://localhost:8080/socket}, the name certificates for a local relay usually
   * carry.
   */
  public String url() {
    InetAddress bound = server.getAddress().getAddress();
    String host;
    if (bound == null
        || bound.isAnyLocalAddress()
        || (config.tls() != null && bound.isLoopbackAddress())) {
      host =
          config.tls() != null
              ? "localhost"
              : bound instanceof Inet6Address ? "[::1]" : "127.0.0.1";
    } else {
      host = hostLiteral(bound);
    }
    return config.scheme() + "://" + host + ":" + port() + config.path();
  }

  /** URLs other machines may use: one per non-loopback address, when bound to every interface. */
  public List<String> lanUrls() {
    InetAddress bound = server.getAddress().getAddress();
    if (bound == null || !bound.isAnyLocalAddress()) {
      return List.of();
    }
    List<String> urls = new ArrayList<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp() || nif.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a.isLinkLocalAddress()
              || (a instanceof Inet6Address && !(bound instanceof Inet6Address))) {
            continue;
          }
          urls.add(config.scheme() + "://" + hostLiteral(a) + ":" + port() + config.path());
        }
      }
    } catch (SocketException e) {
      return List.of();
    }
    return urls;
  }

  private static String hostLiteral(InetAddress a) {
    String h = a.getHostAddress();
    int zone = h.indexOf('%');
    if (zone >= 0) {
      h = h.substring(0, zone);
    }
    return a instanceof Inet6Address ? "[" + h + "]" : h;
  }

  /** Closes every peer with 1001 "going away" and frees the port; waits at most 1.5 s. */
  @Override
  public void close() {
    try {
      server.shutdown(STOP_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void stopQuietly(RelayServer server) {
    try {
      server.shutdown(0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
