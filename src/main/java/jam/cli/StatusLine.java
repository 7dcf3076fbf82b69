package jam.cli;

import jam.bench.Progress;
import jam.text.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A long run's progress on stderr: on a terminal one line rewritten in place, elsewhere (a file, a
 * pipe, CI) a plain "jam: ..." line at most once a second. Not thread safe: one thread writes.
 */
final class StatusLine {
  private StatusLine() {}

  /**
   * True when the process's stderr is a terminal (Linux: /proc/self/fd/2), and TERM is not "dumb".
   */
  static boolean isTerminal() {
    return !"dumb".equals(System.getenv("TERM")) && isTerminal(2);
  }

  /**
   * True when the process's file descriptor {@code fd} (0 stdin, 1 stdout, 2 stderr) is a terminal
   * (Linux: /proc/self/fd/N); elsewhere, whether there is a console (stdin and stdout both
   * terminals).
   */
  static boolean isTerminal(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }

  /** One line, rewritten with a carriage return; notes are printed above it. */
  static final class Terminal implements Progress {
    private final PrintWriter err;
    private final int width;
    private String shown = "";

    Terminal(PrintWriter err) {
      this.err = err;
      int columns = columns();
      this.width = columns > 20 ? columns - 1 : 79; // a line that wraps is not rewritten in place
    }

    /**
     * The terminal's width: $COLUMNS (shells seldom export it), else what stty says of /dev/tty,
     * else 0.
     */
    private static int columns() {
      try {
        return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", ""));
      } catch (NumberFormatException e) {
        // not exported: ask the terminal
      }
      try {
        Process stty =
            new ProcessBuilder("stty", "size")
                .redirectInput(new java.io.File("/dev/tty"))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String[] size =
            new String(
                    stty.getInputStream().readAllBytes(),
                    java.nio.charset.StandardCharsets.US_ASCII)
                .trim()
                .split(" ");
        return stty.waitFor() == 0 && size.length == 2 ? Integer.parseInt(size[1]) : 0;
      } catch (IOException | NumberFormatException e) {
        return 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }

    @Override
    public void update(String line) {
      String text = Printable.escape("jam: " + line);
      shown = text.length() > width ? text.substring(0, width) : text;
      err.print("\r" + shown + "\033[K");
      err.flush();
    }

    /** The note in place of the status line, which the next update draws again (as it is then). */
    @Override
    public void note(String line) {
      err.print("\r\033[K" + Printable.escape("jam: " + line) + "\n");
      err.flush();
      shown = "";
    }

    @Override
    public void finish() {
      if (!shown.isEmpty()) {
        err.print("\r\033[K");
        err.flush();
        shown = "";
      }
    }
  }

  /** A plain line per second at most; notes as they come. */
  static final class Plain implements Progress {
    private static final long EVERY_NANOS = 1_000_000_000L;
    private final PrintWriter err;
    private long last = System.nanoTime();
    private String shown = "";

    Plain(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void update(String line) {
      long now = System.nanoTime();
      if (now - last >= EVERY_NANOS && !line.equals(shown)) {
        last = now;
        shown = line;
        note(line);
      }
    }

    @Override
    public void note(String line) {
      err.println(Printable.escape("jam: " + line));
      err.flush();
    }

    @Override
    public void finish() {}
  }
}
