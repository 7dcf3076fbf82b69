package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.clock.Clock;

/**
 * A peer command's own clock: the system's, shifted by {@code JAM_CLOCK_OFFSET_MS} (a testing aid).
 */
final class PeerClock {
  private PeerClock() {}

  /**
   * @throws JamException ({@link ExitCode#USAGE}) when the variable is set but not a number of ms
   */
  static Clock fromEnvironment() {
    try {
      return Clock.ofPeer(System.getenv(Clock.OFFSET_VARIABLE));
    } catch (IllegalArgumentException e) {
      throw new JamException(ExitCode.USAGE, e.getMessage());
    }
  }
}
