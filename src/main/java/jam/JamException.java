package jam;

import java.util.Objects;

/**
 * A failure a user can act on: its message is one line for stderr (without the "jam: " prefix), its
 * exit code says to scripts what kind of failure it was. Anything else that escapes a command is a bug.
 */
public final class JamException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public JamException(ExitCode exitCode, String message) {
    this(exitCode, message, null);
  }

  public JamException(ExitCode exitCode, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
