package jam.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Relay URLs and the access token they may carry as {@code ?token=}: the one way of presenting a
 * token that every relay understands (jam's, and the tutorials' Node relay behind a proxy). A token
 * is a secret: URLs shown to people go through {@link #redact} first. Stateless.
 */
public final class RelayUrls {
  /** The query parameter that carries the token. */
  public static final String TOKEN_PARAMETER = "token";

  /**
   * The relay on this machine, as {@code jam serve} without options serves it: where clients go by
   * default.
   */
  public static final String DEFAULT = "ws://127.0.0.1:8080/socket";

  private RelayUrls() {}

  /** Whether {@code url} is {@link #DEFAULT}, whatever its query (a token) says. */
  public static boolean isDefault(URI url) {
    URI d = URI.create(DEFAULT);
    return d.getScheme().equalsIgnoreCase(String.valueOf(url.getScheme()))
        && d.getHost().equals(url.getHost())
        && d.getPort() == url.getPort()
        && d.getPath().equals(url.getPath());
  }

  /**
   * {@code url} with {@code ?token=} set to {@code token} (URL-encoded), replacing a token already
   * there; {@code url} itself when {@code token} is null or empty.
   */
  public static URI withToken(URI url, String token) {
    if (token == null || token.isEmpty()) {
      return url;
    }
    String encoded = URLEncoder.encode(token, StandardCharsets.UTF_8);
    String query = url.getRawQuery();
    StringBuilder q = new StringBuilder();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (!pair.equals(TOKEN_PARAMETER) && !pair.startsWith(TOKEN_PARAMETER + "=")) {
          q.append(q.length() == 0 ? "" : "&").append(pair);
        }
      }
    }
    q.append(q.length() == 0 ? "" : "&").append(TOKEN_PARAMETER).append('=').append(encoded);
    String s = url.toString();
    int cut = s.length();
    int hash = s.indexOf('#');
    if (hash >= 0) {
      cut = hash;
    }
    int question = s.indexOf('?');
    if (question >= 0 && question < cut) {
      cut = question;
    }
    try {
      return new URI(
          s.substring(0, cut)
              + "?"
              + q
              + (url.getRawFragment() == null ? "" : "#" + url.getRawFragment()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot add a token to " + redact(s), e);
    }
  }

  /** Room names: 1 to {@link #MAX_ROOM} of these characters, not starting with a dot. */
  public static final String ROOM_CHARSET = "A-Z a-z 0-9 . _ -";

  public static final int MAX_ROOM = 64;

  /** True for a room name a jam relay accepts. */
  public static boolean validRoom(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_ROOM || name.charAt(0) == '.') {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '_'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code url} in room {@code room}: its path with {@code /ROOM} added ({@code /socket} becomes
   * {@code /socket/ROOM}, {@code /} becomes {@code /ROOM}); query and fragment kept.
   *
   * @throws IllegalArgumentException for a name {@link #validRoom} refuses
   */
  public static URI withRoom(URI url, String room) {
    if (!validRoom(room)) {
      throw new IllegalArgumentException(
          "'"
              + room
              + "' is not a room name: 1 to "
              + MAX_ROOM
              + " of "
              + ROOM_CHARSET
              + ", not starting with a dot");
    }
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    String joined = path.endsWith("/") ? path + room : path + "/" + room;
    try {
      return new URI(
          url.getScheme()
              + "://"
              + url.getRawAuthority()
              + joined
              + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())
              + (url.getRawFragment() == null ? "" : "#" + url.getRawFragment()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot add a room to " + redact(url.toString()), e);
    }
  }

  /** Whether {@code url} carries a {@code token} query parameter. */
  public static boolean hasToken(URI url) {
    return tokenValueAt("?" + (url.getRawQuery() == null ? "" : url.getRawQuery()), 0) >= 0;
  }

  /** {@code url} for people: the token's value replaced by {@code ***}. */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    int value = tokenValueAt(url, 0);
    if (value < 0) {
      return url;
    }
    StringBuilder out = new StringBuilder(url.length());
    int copied = 0;
    for (; value >= 0; value = tokenValueAt(url, copied)) {
      out.append(url, copied, value).append("***");
      copied = value;
      while (copied < url.length() && url.charAt(copied) != '&' && url.charAt(copied) != '#') {
        copied++;
      }
    }
    return out.append(url, copied, url.length()).toString();
  }

  /**
   * Where the value of the next {@code ?token=} or {@code &token=} at or after {@code from} starts,
   * or -1.
   */
  private static int tokenValueAt(String url, int from) {
    String key = TOKEN_PARAMETER + "=";
    for (int i = url.indexOf(key, from); i >= 0; i = url.indexOf(key, i + 1)) {
      if (i > 0 && (url.charAt(i - 1) == '?' || url.charAt(i - 1) == '&')) {
        return i + key.length();
      }
    }
    return -1;
  }

  /** {@code url} for people: the token's value replaced by {@code ***}. */
  public static String redact(URI url) {
    return redact(url.toString());
  }
}
