package jam.relay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeImpl1Client;

/**
 * Where a plain HTTP request (a browser asking for a page) leaves Java-WebSocket's handshake, which
 * only knows upgrades: the relay's draft ({@link UnmaskingDraft}) asks here first.
 *
 * <p>The library parses a request with its draft's {@code translateHandshake}, lets the draft
 * accept it ({@code acceptHandshakeAsServer}), then asks the relay for the response ({@code
 * onWebsocketHandshakeReceivedAsServer}), where the relay can replace the library's answer with
 * bytes of its own and close ({@link PeerChannel#refuse}, as for a refused upgrade). So: a request
 * the library cannot parse (a method other than GET, HTTP/1.0, a head too large, garbage) is read
 * here into a handshake that carries a {@link #STATUS} or {@link #METHOD} mark; the draft accepts
 * any handshake that is not an upgrade ({@link #isPlain}); and the relay answers those with {@code
 * jam.web.WebFiles} instead of admitting them. The marks' names start with a colon, which no header
 * read from the wire can (the library splits header lines at the first colon). Stateless.
 */
final class PlainHttp {
  /** The mark of a request the relay must refuse with this status (400, 431). */
  static final String STATUS = ":jam-status";

  /** The mark of a request whose method is not GET (or whose version is not HTTP/1.1). */
  static final String METHOD = ":jam-method";

  /**
   * A request head (request line and headers) larger than this is refused with 431: the library
   * would otherwise grow its buffer for as long as the head goes on.
   */
  static final int MAX_HEAD_BYTES = 16 * 1024;

  private PlainHttp() {}

  /**
   * Reads the head at {@code buffer}'s position when it is too large (431); else null, and the
   * library parses it as usual. The position is left where it was.
   */
  static ClientHandshake tooLarge(ByteBuffer buffer) {
    if (buffer.remaining() <= MAX_HEAD_BYTES || headEnd(buffer, MAX_HEAD_BYTES) >= 0) {
      return null;
    }
    return marked(STATUS, "431", "/");
  }

  /**
   * The request the library refused to parse, read leniently from {@code buffer}'s position: a
   * well-formed request line gives a {@link #METHOD} mark, anything else a {@link #STATUS} 400 (a
   * GET over HTTP/1.1 that the library refused has a malformed header). Headers are not read: the
   * relay answers such requests with an error, and only the path and method matter.
   */
  static ClientHandshake lenient(ByteBuffer buffer) {
    int start = buffer.position();
    int end = start;
    while (end < buffer.limit() && buffer.get(end) != '\n') {
      end++;
    }
    byte[] line = new byte[end - start];
    buffer.get(start, line);
    String requestLine = new String(line, StandardCharsets.ISO_8859_1).strip();
    String[] parts = requestLine.split(" ", -1);
    if (parts.length == 3
        && parts[0].matches("[A-Za-z]{1,20}")
        && parts[2].matches("HTTP/\\d\\.\\d")
        && parts[1].startsWith("/")
        && !(parts[0].equals("GET") && parts[2].equals("HTTP/1.1"))) { // that one: a bad header
      return marked(METHOD, parts[0].toUpperCase(Locale.ROOT), parts[1]);
    }
    return marked(STATUS, "400", "/");
  }

  private static ClientHandshake marked(String mark, String value, String target) {
    HandshakeImpl1Client h = new HandshakeImpl1Client();
    h.setResourceDescriptor(target);
    h.put(mark, value);
    return h;
  }

  /**
   * True for a request that is not a WebSocket upgrade: no {@code Upgrade: websocket}, or a mark of
   * this class.
   */
  static boolean isPlain(ClientHandshake request) {
    if (request.hasFieldValue(STATUS) || request.hasFieldValue(METHOD)) {
      return true;
    }
    return !request.getFieldValue("Upgrade").toLowerCase(Locale.ROOT).contains("websocket");
  }

  /** The request's method: GET unless marked otherwise. */
  static String method(ClientHandshake request) {
    return request.hasFieldValue(METHOD) ? request.getFieldValue(METHOD) : "GET";
  }

  /** The status the request must be refused with (400, 431), or 0. */
  static int status(ClientHandshake request) {
    return request.hasFieldValue(STATUS) ? Integer.parseInt(request.getFieldValue(STATUS)) : 0;
  }

  /** Where the blank line that ends a head starts, searching the first {@code within} bytes; -1. */
  private static int headEnd(ByteBuffer b, int within) {
    int from = b.position();
    int to = Math.min(b.limit(), from + within) - 3;
    for (int i = from; i < to; i++) {
      if (b.get(i) == '\r'
          && b.get(i + 1) == '\n'
          && b.get(i + 2) == '\r'
          && b.get(i + 3) == '\n') {
        return i;
      }
    }
    return -1;
  }
}
