package jam.peer;

import jam.JamException;
import jam.protocol.RelayUrls;
import java.net.URI;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * Whether a session that has not connected yet should wait for its relay, and the line that says
 * so. Worth waiting for: nothing answers at the address yet (connection refused, timed out, no
 * route to the host, reset, no answer to the handshake) or the relay answers that it cannot take us
 * now (HTTP 5xx: full, or a proxy whose relay is down). Not: what no wait can change, which fails
 * at once, as before: a refusal of who we are or where we knock (HTTP 4xx: a token, an origin, a
 * path with no relay), anything about TLS (a certificate not trusted, not naming the host, a plain
 * relay behind wss://, a TLS relay behind ws://), and a host name that does not resolve (a typo far
 * more often than a name server not up yet). Stateless.
 */
final class StartFailure {
  private StartFailure() {}

  /** Whether trying {@code e}'s attempt again later may succeed. */
  static boolean worthWaiting(JamException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnknownHostException
          || t instanceof SSLException
          || t instanceof InterruptedException) {
        return false;
      }
      if (t instanceof RelayConnection.Refused r) {
        return r.status >= 500;
      }
    }
    return true;
  }

  /**
   * "waiting for URL (why)", the token masked; for the default URL with how to start that relay, as
   * whoever sees this line most likely has not started it yet.
   */
  static String waitingLine(URI url, JamException e) {
    String shown = RelayUrls.redact(url);
    String prefix = "cannot connect to " + shown + ": ";
    String why =
        e.getMessage().startsWith(prefix)
            ? e.getMessage().substring(prefix.length())
            : e.getMessage();
    return "waiting for "
        + shown
        + " ("
        + why
        + ")"
        + (RelayUrls.isDefault(url) ? "; start it with: jam serve" : "");
  }
}
