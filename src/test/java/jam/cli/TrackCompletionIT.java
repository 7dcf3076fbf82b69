package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jam.testing.JamProcess;
import jam.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed bash completion offers the stored tracks for {@code jam play} and {@code jam rm},
 * asking bin/jam ({@code jam tracks --names}) with the {@code --store} typed on the line.
 */
class TrackCompletionIT {
  @TempDir Path dir;

  @Test
  void playAndRmCompleteStoredTrackNames() throws Exception {
    Needs.programs("bash");
    Files.writeString(
        dir.resolve("t.json"),
        "[{\"trackname\":\"riff\",\"data\":[[440]]},{\"trackname\":\"bass\",\"data\":[[110]]},"
            + "{\"trackname\":\"bass\",\"data\":[[55]],\"id\":\"b2\"},"
            + "{\"trackname\":\"bad\\u001b[2J\",\"data\":[[1]],\"id\":\"esc\"}]");
    JamProcess.Result added = JamProcess.run(dir, Map.of(), "add-track", "t.json");
    assertEquals(0, added.exitCode(), added.err());
    String bass = added.out().lines().toList().get(1);
    assertEquals(List.of("riff", bass, "b2", "esc"), completes("jam", "rm", ""));
    assertEquals(List.of("riff"), completes("jam", "rm", "r"));
    assertEquals(
        List.of("riff", bass, "b2", "esc", "t.json", ".local"),
        completes("jam", "play", "")); // and files
    Files.writeString(dir.resolve("other.json"), "[{\"trackname\":\"solo\",\"data\":[[1]]}]");
    assertEquals(List.of("solo"), completes("jam", "rm", "--store", "other.json", ""));
  }

  /** What the committed bash script offers for the last of {@code words}, run by a real bash. */
  private List<String> completes(String... words) {
    StringBuilder array = new StringBuilder();
    for (String word : words) {
      array.append(" '").append(word).append('\'');
    }
    String program =
        "source "
            + JamProcess.PROJECT.resolve("completions/jam.bash")
            + "\nCOMP_WORDS=("
            + array
            + ")\nCOMP_CWORD="
            + (words.length - 1)
            + "\nCOMP_LINE='"
            + String.join(" ", words)
            + "'\nCOMP_POINT=${#COMP_LINE}\n_complete_jam 2>/dev/null\n"
            + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    try (JamProcess p = JamProcess.shell(dir, Map.of(), program)) {
      assertEquals(0, p.exitCode(), p.err());
      return p.out().lines().filter(s -> !s.isEmpty()).toList();
    }
  }
}
