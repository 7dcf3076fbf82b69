package jam.bench;

import jam.protocol.RelayUrls;
import jam.websocket.WebSocketUrl;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The relay a run is aimed at: a plain {@code ws://} URL as the user gave it and as split for the
 * connections.
 *
 * @param text the URL as given, for messages and the JSON result, its token (if any) masked
 * @param url where the connections go
 */
public record Target(String text, WebSocketUrl url) {
  public Target {
    if (text == null || url == null) {
      throw new IllegalArgumentException("text and url must not be null");
    }
    if (url.secure()) {
      throw new IllegalArgumentException("url must be ws://, not wss://");
    }
  }

  /**
   * Parses {@code ws://host[:port][/path][?query]}; anything else is an IllegalArgumentException
   * for people.
   */
  public static Target parse(String given) {
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
          "'"
              + text
              + "': jam bench speaks plain ws:// only, not wss:// (TLS); bench the relay's ws:// port from its own network");
    }
    if (!scheme.equals("ws")) {
      throw new IllegalArgumentException("'" + text + "' is not a ws:// URL");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("'" + text + "' has no host");
    }
    try {
      return new Target(text, WebSocketUrl.of(uri));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
    }
  }

  public String host() {
    return url.host();
  }

  public int port() {
    return url.port();
  }

  @Override
  public String toString() {
    return text;
  }
}
