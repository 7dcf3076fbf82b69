package jam.protocol;

/**
 * The fixed text messages of the relay protocol, as the two tutorials spell them. Anything else on
 * the wire is a payload the relay forwards without reading.
 */
public final class Wire {
  /** Relay to peers, each time a peer connects: "send me your tracks" (first tutorial). */
  public static final String COLLECT = "collect";

  /** Peer to relay: "bang for everyone" (second tutorial). */
  public static final String TRIGGER_INPUT = "trigger-input";

  /** Relay to every peer, in answer to {@link #TRIGGER_INPUT}: "play the sound now". */
  public static final String TRIGGER_OUTPUT = "trigger-output";

  /** The relay endpoint's path in the first tutorial; the second connects to {@code /}. */
  public static final String DEFAULT_PATH = "/socket";

  private Wire() {}

  /**
   * True when {@code text} is a JSON array by its first character: the first tutorial's track
   * payload, which relays keep for newcomers.
   */
  public static boolean looksLikeArray(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '[') {
        return true;
      }
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return false;
      }
    }
    return false;
  }
}
