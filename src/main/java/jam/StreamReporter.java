package jam;

import jam.text.Printable;
import java.io.PrintWriter;

/** A {@link Reporter} writing "jam: ..." lines to one stream, control characters escaped. */
public final class StreamReporter implements Reporter {
  private final PrintWriter err;
  private final boolean quiet;
  private final boolean verbose;

  /** {@code quiet}: warnings only; {@code verbose}: debug lines too. */
  public StreamReporter(PrintWriter err, boolean quiet, boolean verbose) {
    this.err = err;
    this.quiet = quiet;
    this.verbose = verbose;
  }

  @Override
  public void info(String line) {
    if (!quiet) {
      write(line);
    }
  }

  @Override
  public void warn(String line) {
    write(line);
  }

  @Override
  public void debug(String line) {
    if (verbose) {
      write(line);
    }
  }

  @Override
  public boolean debugEnabled() {
    return verbose;
  }

  private void write(String line) {
    synchronized (err) {
      err.println("jam: " + Printable.escape(line));
      err.flush();
    }
  }
}
