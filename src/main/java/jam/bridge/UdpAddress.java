package jam.bridge;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code udp://HOST:PORT} (also liblo's {@code osc.udp://HOST:PORT}), as {@code --osc} and {@code
 * --osc-listen} take it: a host name or address (IPv6 in brackets) and a port from 1 to 65535. The
 * host is not resolved here. Immutable.
 */
public record UdpAddress(String host, int port) {
  public UdpAddress {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("needs a host: udp://HOST:PORT");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("the port must be from 1 to 65535, not " + port);
    }
  }

  /**
   * Reads {@code text}.
   *
   * @throws IllegalArgumentException with a message naming what is wrong
   */
  public static UdpAddress parse(String text) {
    String usage = "'" + text + "' is not udp://HOST:PORT";
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(usage);
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("udp") || scheme.equals("osc.udp"))) {
      throw new IllegalArgumentException(usage + " (only UDP)");
    }
    if (uri.getHost() == null || uri.getPort() == -1) {
      throw new IllegalArgumentException(usage);
    }
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/"))
        || uri.getRawQuery() != null
        || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(usage + " (no path, query or user)");
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new UdpAddress(host, uri.getPort());
  }

  @Override
  public String toString() {
    return "udp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
