package jam.bench.ws;

import jam.protocol.RelayUrls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A plain {@code ws://} URL split into what a handshake needs.
 *
 * @param text the URL as given, for messages, its token (if any) masked
 * @param host host name or address literal (IPv6 without brackets)
 * @param port TCP port (80 when the URL has none)
 * @param resource path and query for the request line, at least "/"
 */
public record WsUrl(String text, String host, int port, String resource) {
  public WsUrl {
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

  /** Parses {@code ws://host[:port][/path][?query]}; anything else is an IllegalArgumentException. */
  public static WsUrl parse(String given) {
    String text = RelayUrls.redact(given);
    URI uri;
    try {
      uri = new URI(given);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + text + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("wss")) {
      throw new IllegalArgumentException(
          "'" + text + "': jam bench speaks plain ws:// only, not wss:// (TLS); bench the relay's ws:// port from its own network");
    }
    if (!scheme.equals("ws")) {
      throw new IllegalArgumentException("'" + text + "' is not a ws:// URL");
    }
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException("'" + text + "' has no host");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String resource = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    return new WsUrl(text, host, uri.getPort() < 0 ? 80 : uri.getPort(), resource);
  }

  /** The Host header's value. */
  String hostHeader() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return port == 80 ? h : h + ":" + port;
  }

  @Override
  public String toString() {
    return text;
  }
}
