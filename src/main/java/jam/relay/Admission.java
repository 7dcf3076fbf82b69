package jam.relay;

import jam.protocol.RelayUrls;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Decides at the handshake whether a connection may join: path, token, origin and peer count.
 * Immutable, so thread safe.
 */
final class Admission {
  /** Why a handshake is refused: the HTTP status and a reason for the log (never the secret). */
  record Refusal(int status, String reason) {
    String statusLine() {
      return switch (status) {
        case 401 -> "401 Unauthorized";
        case 403 -> "403 Forbidden";
        case 404 -> "404 Not Found";
        case 503 -> "503 Service Unavailable";
        default -> status + " Refused";
      };
    }

    /** A complete HTTP response; Bearer challenge on 401. */
    byte[] response() {
      String body = statusLine() + "\n";
      String extra = status == 401 ? "WWW-Authenticate: Bearer realm=\"jam\"\r\n" : "";
      return ("HTTP/1.1 "
              + statusLine()
              + "\r\n"
              + extra
              + "Content-Type: text/plain\r\nContent-Length: "
              + body.length()
              + "\r\nConnection: close\r\n\r\n"
              + body)
          .getBytes(StandardCharsets.US_ASCII);
    }
  }

  private final RelayConfig config;
  private final byte[] token;

  Admission(RelayConfig config) {
    this.config = config;
    this.token = config.token() == null ? null : config.token().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Null when the connection may join, else why not.
   *
   * @param resource the request target, e.g. {@code /socket?token=abc}
   * @param authorization the Authorization header, or null
   * @param origin the Origin header, or null (non-browser clients send none)
   * @param peers connected peers now
   */
  Refusal check(String resource, String authorization, String origin, int peers) {
    String path = pathOf(resource);
    if (Room.of(path, config.path()) == null) {
      return new Refusal(
          404,
          "no relay at "
              + path
              + " (a room is 1 to "
              + RelayUrls.MAX_ROOM
              + " of "
              + RelayUrls.ROOM_CHARSET
              + ", not starting with a dot)");
    }
    if (token != null && !tokenMatches(resource, authorization)) {
      return new Refusal(
          401, authorization == null && queryToken(resource) == null ? "no token" : "wrong token");
    }
    if (origin != null && !config.allowedOrigins().isEmpty() && !originAllowed(origin)) {
      return new Refusal(403, "origin " + origin + " not allowed");
    }
    if (config.maxPeers() > 0 && peers >= config.maxPeers()) {
      return new Refusal(503, "full: " + peers + " peers");
    }
    return null;
  }

  static String pathOf(String resource) {
    if (resource == null || resource.isEmpty()) {
      return "/";
    }
    int query = resource.indexOf('?');
    return query < 0 ? resource : resource.substring(0, query);
  }

  private boolean tokenMatches(String resource, String authorization) {
    String offered = queryToken(resource);
    if (offered == null && authorization != null) {
      String a = authorization.trim();
      if (a.regionMatches(true, 0, "Bearer ", 0, 7)) {
        offered = a.substring(7).trim();
      }
    }
    return offered != null
        && MessageDigest.isEqual(token, offered.getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code token} query parameter, URL-decoded, or null. */
  static String queryToken(String resource) {
    if (resource == null) {
      return null;
    }
    int q = resource.indexOf('?');
    if (q < 0) {
      return null;
    }
    for (String pair : resource.substring(q + 1).split("&")) {
      if (pair.startsWith("token=")) {
        try {
          return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return pair.substring(6);
        }
      }
    }
    return null;
  }

  private boolean originAllowed(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    for (String allowed : config.allowedOrigins()) {
      String a = allowed.trim().toLowerCase(Locale.ROOT);
      if (a.equals("*") || a.equals(o) || a.equals(stripSlash(o))) {
        return true;
      }
    }
    return false;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
