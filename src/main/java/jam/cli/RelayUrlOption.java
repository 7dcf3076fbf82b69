package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.peer.RelayConnection;
import jam.peer.Session;
import jam.protocol.RelayUrls;
import jam.tls.ClientTrust;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The relay a peer connects to and how it proves itself there: the URL (positional, else {@code
 * $JAM_URL}, else the local default), the access token and, for wss://, which certificates to
 * trust. Not thread safe.
 */
final class RelayUrlOption {
  static final String DEFAULT_URL = RelayUrls.DEFAULT;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "URL",
      description =
          "Relay to join. Default: $JAM_URL, else the relay on this machine, " + DEFAULT_URL + ".")
  String url;

  @Option(
      names = "--token",
      paramLabel = "SECRET",
      description =
          "Access token of a relay started with --token (default: $JAM_TOKEN, else ?token= in the URL)."
              + " Sent as ?token=; never printed.")
  String token;

  @Option(
      names = "--room",
      paramLabel = "ROOM",
      description =
          "Join this room of the relay: its URL with /ROOM added to the path (or put it there yourself). A room is its own jam. Names: 1 to 64 of A-Z a-z 0-9 . _ -.")
  String room;

  @Option(
      names = "--cacert",
      paramLabel = "FILE",
      description = "wss://: trust the CA certificate(s) in FILE (PEM) instead of the system's.")
  Path caCert;

  @Option(
      names = "--insecure",
      description =
          "wss://: accept any certificate for any name. Anyone on the path can then read and change the session.")
  boolean insecure;

  /** The URL with the token in it (from --token, else $JAM_TOKEN, else as given in the URL). */
  URI resolve() {
    return inRoom(resolve(url, token));
  }

  /**
   * More relays' URLs ({@code jam join URL1 URL2 …}), each with the token and room as {@link
   * #resolve}.
   */
  java.util.List<URI> resolve(java.util.List<String> more) {
    return more.stream().map(u -> inRoom(resolve(u, token))).toList();
  }

  private URI inRoom(URI resolved) {
    if (room == null) {
      return resolved;
    }
    try {
      return RelayUrls.withRoom(resolved, room);
    } catch (IllegalArgumentException e) {
      throw new JamException(ExitCode.USAGE, "--room: " + e.getMessage());
    }
  }

  /**
   * {@code text} (else {@code $JAM_URL}, else the local default) with the token in it: {@code
   * token}, else {@code $JAM_TOKEN}, else as given in the URL.
   */
  static URI resolve(String text, String token) {
    boolean fromEnv = false;
    if (text == null || text.isBlank()) {
      String env = System.getenv("JAM_URL");
      fromEnv = env != null && !env.isBlank();
      text = fromEnv ? env : DEFAULT_URL;
    }
    URI uri;
    try {
      uri = RelayConnection.parseUrl(text);
    } catch (IllegalArgumentException e) {
      // a URL nobody typed on this command line: say where it came from
      throw new JamException(ExitCode.USAGE, (fromEnv ? "JAM_URL: " : "") + e.getMessage());
    }
    if (token != null && token.isEmpty()) {
      throw new JamException(ExitCode.USAGE, "--token must not be empty");
    }
    String secret = token != null ? token : System.getenv("JAM_TOKEN");
    return RelayUrls.withToken(uri, secret == null || secret.isBlank() ? null : secret);
  }

  /** Which certificates a wss:// relay may show; warns once on stderr when that is any at all. */
  ClientTrust trust(Reporter reporter) {
    if (insecure && caCert != null) {
      throw new JamException(
          ExitCode.USAGE, "--insecure and --cacert contradict each other: give one");
    }
    if (insecure && !"wss".equalsIgnoreCase(resolve().getScheme())) {
      reporter.warn("--insecure has no effect on a ws:// relay: there is no certificate to check");
      return ClientTrust.defaults();
    }
    if (insecure) {
      reporter.warn(
          "--insecure: the relay's certificate is not checked; anyone on the path can read and change the session");
      return ClientTrust.insecure();
    }
    return caCert != null ? ClientTrust.trusting(caCert) : ClientTrust.defaults();
  }

  /** The standard session options with this relay's trust. */
  Session.Options sessionOptions(Reporter reporter) {
    return Session.Options.defaults().withTrust(trust(reporter));
  }
}
