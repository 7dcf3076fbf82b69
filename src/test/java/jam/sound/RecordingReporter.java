package jam.sound;

import jam.Reporter;
import java.util.ArrayList;
import java.util.List;

/** Test double: keeps warnings and info lines. Guarded by this. */
final class RecordingReporter implements Reporter {
  private final List<String> warnings = new ArrayList<>();
  private final List<String> infos = new ArrayList<>();

  synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }

  synchronized List<String> infos() {
    return List.copyOf(infos);
  }

  @Override
  public synchronized void info(String line) {
    infos.add(line);
  }

  @Override
  public synchronized void warn(String line) {
    warnings.add(line);
  }

  @Override
  public void debug(String line) {}

  @Override
  public boolean debugEnabled() {
    return false;
  }
}
