package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.peer.RelayConnection;
import java.net.URI;
import picocli.CommandLine.Parameters;

/** The relay URL a peer connects to: positional, else {@code $JAM_URL}, else the local default. Not thread safe. */
final class RelayUrlOption {
  static final String DEFAULT_URL = "ws://127.0.0.1:8080/socket";

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "URL",
      description = {"Relay to join. Default: $JAM_URL, else", DEFAULT_URL + "."})
  String url;

  URI resolve() {
    String text = url;
    if (text == null || text.isBlank()) {
      String env = System.getenv("JAM_URL");
      text = env == null || env.isBlank() ? DEFAULT_URL : env;
    }
    try {
      return RelayConnection.parseUrl(text);
    } catch (IllegalArgumentException e) {
      throw new JamException(ExitCode.USAGE, e.getMessage());
    }
  }
}
