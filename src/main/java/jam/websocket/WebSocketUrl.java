package jam.websocket;

import java.net.URI;

/**
 * A {@code ws://} or {@code wss://} URL split into what a client's connection and opening handshake
 * need (RFC 6455 section 3). A value; no name is resolved. Its {@link #toString} leaves the query
 * out, as a query may carry a secret.
 *
 * @param secure whether the URL is wss:// (TLS)
 * @param host host name or address literal, an IPv6 address without its brackets
 * @param port the URL's port, else 80 for ws:// and 443 for wss://
 * @param resource path and query for the request line, at least "/"
 */
public record WebSocketUrl(boolean secure, String host, int port, String resource) {
  public WebSocketUrl {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
    }
    if (resource == null || !resource.startsWith("/")) {
      throw new IllegalArgumentException("resource must start with '/', not '" + resource + "'");
    }
  }

  /**
   * Splits {@code url}; an IllegalArgumentException, which does not quote the URL, when it is not
   * ws:// or wss:// or has no host.
   */
  public static WebSocketUrl of(URI url) {
    String scheme = url.getScheme();
    boolean secure = "wss".equalsIgnoreCase(scheme);
    if (!secure && !"ws".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("not a ws:// or wss:// URL");
    }
    String host = url.getHost();
    if (host == null) {
      throw new IllegalArgumentException("no host in the URL");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    String resource = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    return new WebSocketUrl(
        secure, host, url.getPort() < 0 ? defaultPort(secure) : url.getPort(), resource);
  }

  /**
   * The {@code Host} header's value: the host, bracketed if IPv6, and the port unless it is the
   * scheme's default.
   */
  public String hostHeader() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return port == defaultPort(secure) ? h : h + ":" + port;
  }

  private static int defaultPort(boolean secure) {
    return secure ? 443 : 80;
  }

  /** The URL without its query, e.g. {@code ws://127.0.0.1:8080/socket}. */
  @Override
  public String toString() {
    int query = resource.indexOf('?');
    return (secure ? "wss://" : "ws://")
        + hostHeader()
        + (query < 0 ? resource : resource.substring(0, query));
  }
}
