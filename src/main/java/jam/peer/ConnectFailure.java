package jam.peer;

import jam.protocol.RelayUrls;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Why a connection to a relay could not be made, in words for people: the one wording for both
 * clients, {@link RelayConnection} and {@link SocketConnection}. Stateless.
 */
final class ConnectFailure {
  private static final Pattern STATUS = Pattern.compile("\\(HTTP (\\d{3})");

  private ConnectFailure() {}

  /**
   * The reason, from the relay's refusal of the handshake (see {@link #refusal}) when there was
   * one, else from the exception that ended the attempt, else that no answer came.
   */
  static String why(URI url, Exception failure, String refusal) {
    Exception e = failure;
    if (refusal != null) {
      int status = status(refusal);
      if (status == 401) {
        return RelayUrls.hasToken(url)
            ? "the relay refused the token (HTTP 401): check --token or JAM_TOKEN"
            : "the relay wants a token (HTTP 401): give it with --token, JAM_TOKEN or ?token= in the URL";
      }
      if (status == 403) {
        return "the relay refused this client (HTTP 403): its --allow-origin list does not admit it";
      }
      return refusal;
    }
    if (e instanceof SSLException) {
      String m = rootMessage(e);
      String plain = "ws" + RelayUrls.redact(url).substring(3);
      if (m.contains("Unsupported or unrecognized SSL message")
          || m.contains("plaintext connection")) {
        return "the relay did not answer in TLS (" + m + "): a plain relay is ws://, try " + plain;
      }
      if (m.contains("peer shut down incorrectly")
          || m.contains("Remote host terminated the handshake")) {
        return "the relay ended the TLS handshake ("
            + m
            + "): a plain relay is ws://, try "
            + plain;
      }
    }
    if (e instanceof SSLHandshakeException || e instanceof SSLPeerUnverifiedException) {
      return "the relay's certificate is not trusted ("
          + tlsReason(e)
          + "); for a private CA use --cacert FILE, or --insecure to skip the check";
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof UnknownHostException) {
      return "unknown host " + url.getHost();
    }
    if (e instanceof SocketTimeoutException) {
      return "timed out";
    }
    if (e instanceof NoRouteToHostException) {
      return "no route to host";
    }
    if (e != null && e.getMessage() != null) {
      return e.getMessage().toLowerCase(Locale.ROOT);
    }
    if (e != null) {
      return e.getClass().getSimpleName();
    }
    return "no answer to the WebSocket handshake";
  }

  /**
   * Whether a ws:// relay that gave no WebSocket answer speaks TLS: its first byte back to a plain
   * HTTP request is a TLS record's (an alert or a handshake). False when it cannot be told within
   * {@code millis}.
   */
  static boolean answersInTls(URI url, int millis) {
    int port = url.getPort() < 0 ? 80 : url.getPort();
    try (java.net.Socket s = new java.net.Socket(java.net.Proxy.NO_PROXY)) {
      s.connect(new java.net.InetSocketAddress(url.getHost(), port), millis);
      s.setSoTimeout(millis);
      s.getOutputStream()
          .write(
              ("GET / HTTP/1.1\r\nHost: " + url.getHost() + "\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      int first = s.getInputStream().read();
      return first == 0x15 || first == 0x16;
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  /** Why a ws:// handshake got a TLS record back, and what to type instead. */
  static String answeredInTls(URI url) {
    return "the relay answered in TLS: a TLS relay is wss://, try " + secure(url);
  }

  private static String secure(URI url) {
    return "wss" + RelayUrls.redact(url).substring(2);
  }

  /** The status in "no WebSocket relay there (HTTP 401 ...)", or -1. */
  static int status(String refusal) {
    if (refusal == null) {
      return -1;
    }
    Matcher m = STATUS.matcher(refusal);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /**
   * "no WebSocket relay there (HTTP 404 Not Found)" from a handshake failure text holding the
   * response's "Status line: HTTP/1.1 404 Not Found" (Java-WebSocket's wording), else "the relay
   * refused ...".
   */
  static String refusal(String reason) {
    String r = reason == null ? "" : reason;
    int status = r.indexOf("Status line: ");
    if (status >= 0) {
      return "no WebSocket relay there ("
          + r.substring(status + 13).replaceFirst("^HTTP/[0-9.]+ ", "HTTP ").trim()
          + ")";
    }
    return "the relay refused the WebSocket handshake" + (r.isEmpty() ? "" : " (" + r + ")");
  }

  /** The message of the innermost cause of {@code e} (its class name when it has none). */
  private static String rootMessage(Exception e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static String tlsReason(Exception e) {
    String m = rootMessage(e);
    if (m.contains("No subject alternative") || m.contains("No name matching")) {
      return "it does not name this host: " + m;
    }
    if (m.contains("PKIX") || m.contains("unable to find valid certification path")) {
      return "signed by no CA jam trusts";
    }
    return m;
  }
}
