package jam.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code jam serve} answers to plain HTTP: the peer page built into the jar (resources under
 * {@code jam/page/}), and with {@code --static DIR} that folder as the second tutorial's {@code
 * serve-static} serves it (its {@code index.html} for a folder, a MIME type by extension, no
 * listing, nothing outside DIR). Without a folder the page is at {@code /} (and {@code /jam/});
 * with one, {@code /} is the folder's and the page moves to {@code /jam/}.
 *
 * <p>Each answer is a complete HTTP/1.1 response that closes the connection: GET and HEAD only
 * (else 405), 404 for anything missing, hidden (a name starting with a dot) or outside DIR (a
 * {@code ..} in any spelling once decoded, a symbolic link that leads out), 301 to add the slash of
 * a folder. Every response says {@code X-Content-Type-Options: nosniff} and {@code Cache-Control:
 * no-cache}; the built-in page also has a Content-Security-Policy that allows only its own files
 * and WebSocket connections, and {@code Referrer-Policy: no-referrer} (its URL may carry the
 * token).
 *
 * <p>Immutable and thread safe; the built-in files are read once, DIR's at each request (a file
 * edited while the relay runs is served as it is now).
 */
public final class WebFiles {
  /** The built-in page's policy: its own scripts and styles only, WebSocket to anywhere. */
  public static final String PAGE_POLICY =
      "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
          + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** Where the built-in page lives when a folder has {@code /}. */
  public static final String PAGE_PREFIX = "/jam/";

  /** Files of DIR larger than this are not served (500): each answer is held in memory whole. */
  static final long MAX_FILE_BYTES = 64L << 20;

  private static final List<String> PAGE_FILES = List.of("index.html", "jam.js", "jam.css");

  /** A response: its status, for the log, and its bytes, head and body. */
  public record Answer(int status, byte[] bytes) {}

  private final Path root;
  private final Map<String, byte[]> page;

  /**
   * @param staticDir the folder to serve at {@code /}, or null for the built-in page there
   */
  public WebFiles(Path staticDir) {
    try {
      this.root = staticDir == null ? null : staticDir.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.page = builtIn();
  }

  /** The URL path of the built-in page: {@code /}, or {@link #PAGE_PREFIX} beside a folder. */
  public String pagePath() {
    return root == null ? "/" : PAGE_PREFIX;
  }

  /**
   * The answer to {@code method} on {@code target} (the request line's, query included).
   *
   * @param method upper case, as sent
   */
  public Answer answer(String method, String target) {
    boolean head = method.equals("HEAD");
    if (!head && !method.equals("GET")) {
      return error(405, "Allow: GET, HEAD\r\n", head);
    }
    if (target == null || !target.startsWith("/")) {
      return error(400, "", head);
    }
    int end = target.length();
    for (char c : new char[] {'?', '#'}) {
      int at = target.indexOf(c);
      if (at >= 0) {
        end = Math.min(end, at);
      }
    }
    String rawPath = target.substring(0, end);
    String query = target.substring(end);
    String path = decode(rawPath);
    if (path == null) {
      return error(400, "", head);
    }
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/", -1)) {
      if (s.startsWith(".") || s.indexOf('\0') >= 0) {
        return error(404, "", head); // "..", ".", and hidden files, however they were spelled
      }
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    boolean folder = path.endsWith("/");
    if (root == null && segments.isEmpty()) {
      return pageFile("index.html", head);
    }
    if (!segments.isEmpty() && segments.get(0).equals("jam")) {
      if (segments.size() == 1) {
        return folder ? pageFile("index.html", head) : redirect("/jam/" + query, head);
      }
      return segments.size() == 2 ? pageFile(segments.get(1), head) : error(404, "", head);
    }
    if (root == null) {
      return segments.size() == 1 ? pageFile(segments.get(0), head) : error(404, "", head);
    }
    return staticFile(segments, folder, rawPath, query, head);
  }

  /** A status alone (400, 431, ...) with a short text body. */
  public static Answer error(int status) {
    return error(status, "", false);
  }

  private Answer pageFile(String name, boolean head) {
    byte[] body = page.get(name);
    if (body == null) {
      return error(404, "", head);
    }
    String extra =
        "Content-Security-Policy: " + PAGE_POLICY + "\r\nReferrer-Policy: no-referrer\r\n";
    return response(200, MimeTypes.of(name), extra, body, head);
  }

  private Answer staticFile(
      List<String> segments, boolean folder, String rawPath, String query, boolean head) {
    Path file = root;
    for (String s : segments) {
      file = file.resolve(s);
    }
    try {
      if (Files.isDirectory(file)) {
        if (!folder) {
          return redirect(rawPath + "/" + query, head);
        }
        file = file.resolve("index.html");
      }
      if (!Files.isRegularFile(file)) {
        return error(404, "", head);
      }
      Path real = file.toRealPath();
      if (!real.startsWith(root)) {
        return error(404, "", head); // a link that leads out of the folder
      }
      if (Files.size(real) > MAX_FILE_BYTES) {
        return error(500, "", head);
      }
      String type = MimeTypes.of(real.getFileName().toString());
      return head
          ? response(200, type, "", new byte[0], Files.size(real), true)
          : response(200, type, "", Files.readAllBytes(real), false);
    } catch (IOException | SecurityException e) {
      return error(404, "", head);
    }
  }

  private static Answer redirect(String location, boolean head) {
    return response(
        301, "text/plain; charset=utf-8", "Location: " + location + "\r\n", body(301), head);
  }

  private static Answer error(int status, String extra, boolean head) {
    return response(status, "text/plain; charset=utf-8", extra, body(status), head);
  }

  private static byte[] body(int status) {
    return (status + " " + reason(status) + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static Answer response(int status, String type, String extra, byte[] body, boolean head) {
    return response(status, type, extra, body, body.length, head);
  }

  /** The head, then {@code body} unless {@code head}; {@code length} is the body's for HEAD. */
  private static Answer response(
      int status, String type, String extra, byte[] body, long length, boolean head) {
    String headers =
        "HTTP/1.1 "
            + status
            + " "
            + reason(status)
            + "\r\nContent-Type: "
            + type
            + "\r\nContent-Length: "
            + length
            + "\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n"
            + extra
            + "Connection: close\r\n\r\n";
    byte[] h = headers.getBytes(StandardCharsets.ISO_8859_1);
    if (head) {
      return new Answer(status, h);
    }
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return new Answer(status, all);
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 301 -> "Moved Permanently";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 431 -> "Request Header Fields Too Large";
      default -> "Internal Server Error";
    };
  }

  /**
   * The path percent-decoded ({@code +} stays a plus), or null when it is not valid UTF-8
   * %-escapes.
   */
  private static String decode(String rawPath) {
    try {
      return URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Map<String, byte[]> builtIn() {
    Map<String, byte[]> files = new HashMap<>();
    for (String name : PAGE_FILES) {
      try (InputStream in = WebFiles.class.getResourceAsStream("/jam/page/" + name)) {
        if (in == null) {
          throw new IllegalStateException("the jar lacks jam/page/" + name);
        }
        files.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Map.copyOf(files);
  }
}
