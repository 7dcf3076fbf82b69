package jam;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;

/**
 * A failure a user can act on: its message is one line for stderr (without the "jam: " prefix), its
 * exit code says to scripts what kind of failure it was. Anything else that escapes a command is a
 * bug.
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

  /**
   * Why a file operation failed, for the end of a message that names the file already: "no such
   * file or folder", "permission denied", "no space left on device"; never the path a second time.
   */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return lowerFirst(fse.getReason());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : lowerFirst(e.getMessage());
  }

  /**
   * "Is a directory" as jam's own "no such file or folder" reads: a capital only where a word is
   * one (TLS).
   */
  private static String lowerFirst(String reason) {
    if (reason.length() > 1
        && Character.isUpperCase(reason.charAt(0))
        && Character.isLowerCase(reason.charAt(1))) {
      return Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
    return reason;
  }
}
