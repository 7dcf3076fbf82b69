package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.text.Printable;
import java.io.PrintWriter;

/**
 * How a command's failure reaches people: one line on stderr, a stack trace only with {@code -v},
 * and the exit code. The one mapping for both ways a command runs, through picocli ({@link
 * CommandLineFactory}) and without it ({@link FastPath}); loads nothing of picocli. Stateless.
 */
final class Failures {
  private Failures() {}

  /**
   * Reports {@code ex} on {@code err}; returns the exit code: the {@link JamException}'s, else 1.
   */
  static int report(Exception ex, PrintWriter err, boolean verbose) {
    if (ex instanceof JamException je) {
      err.println("jam: " + Printable.escape(je.getMessage())); // messages may quote the network
      if (verbose && je.getCause() != null) {
        je.getCause().printStackTrace(err);
      }
      err.flush();
      return je.exitCode().code();
    }
    String what = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    err.println(
        "jam: unexpected error: "
            + Printable.escape(what)
            + (verbose ? "" : " (run with -v for details)"));
    if (verbose) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ExitCode.FAILURE.code();
  }
}
