package jam.bridge;

import jam.Reporter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One line per kind of trouble: the first of each kind is a warning, the rest go to {@code -v}
 * only, so a flood of bad packets costs one line and stops nothing. Thread safe.
 */
final class Warnings {
  private final Reporter reporter;
  private final Set<String> said = ConcurrentHashMap.newKeySet();

  Warnings(Reporter reporter) {
    this.reporter = reporter;
  }

  /** Says {@code line}: a warning the first time {@code kind} comes, else a debug line. */
  void say(String kind, String line) {
    if (said.add(kind)) {
      reporter.warn(line);
    } else if (reporter.debugEnabled()) {
      reporter.debug(line);
    }
  }

  /** Lets {@code kind} be warned about again (the trouble went away). */
  void over(String kind) {
    said.remove(kind);
  }
}
