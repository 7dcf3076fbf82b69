package jam.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import jam.Reporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Keeps every line reported to it, info and warning alike (and debug, when made {@link #verbose}),
 * for a test to take in order with a bounded wait ({@link RecordingClient#WAIT}). Thread safe.
 */
public final class RecordingReporter implements Reporter {
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final boolean debug;

  /** Info and warnings only, as without {@code -v}. */
  public RecordingReporter() {
    this(false);
  }

  private RecordingReporter(boolean debug) {
    this.debug = debug;
  }

  /** Debug lines too, as with {@code -v}. */
  public static RecordingReporter verbose() {
    return new RecordingReporter(true);
  }

  /** The next line; fails when none comes in time. */
  public String next() {
    try {
      String line = lines.poll(RecordingClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(line, "no line within " + RecordingClient.WAIT);
      return line;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Takes lines until one contains {@code text}; returns it. */
  public String await(String text) {
    while (true) {
      String line = next();
      if (line.contains(text)) {
        return line;
      }
    }
  }

  /** The lines not taken yet. */
  public List<String> left() {
    return new ArrayList<>(lines);
  }

  @Override
  public void info(String line) {
    lines.add(line);
  }

  @Override
  public void warn(String line) {
    lines.add(line);
  }

  @Override
  public void debug(String line) {
    if (debug) {
      lines.add(line);
    }
  }

  @Override
  public boolean debugEnabled() {
    return debug;
  }
}
