package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jam.ExitCode;
import jam.JamException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What --audio-out may replace, in-process; AudioOutIT has the same through bin/jam. */
class AudioOutCheckTest {
  @TempDir Path dir;

  @Test
  void theStoreAndItsLockFileAreNeverReplacedEvenBeforeTheyExist() {
    Path store = dir.resolve("s.json");
    assertEquals(
        "--audio-out " + store + " is the track store; jam never records over it (--force or not)",
        refusal(store, AudioOutCheck.store(store), true));
    Path lock = dir.resolve("s.json.lock");
    assertEquals(
        "--audio-out "
            + lock
            + " is the track store's lock file; jam never records over it (--force or not)",
        refusal(lock, AudioOutCheck.store(store), true));
  }

  @Test
  void aNewFileAnEmptyFileAndAWavFileMayBeReplaced() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty"));
    Path wav =
        Files.write(
            dir.resolve("old.wav"),
            "RIFF\0\0\0\0WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    for (Path out : List.of(dir.resolve("new.wav"), empty, wav)) {
      AudioOutCheck.check(out, AudioOutCheck.store(dir.resolve("s.json")), false);
    }
  }

  @Test
  void anythingElseOnlyWithForce() throws Exception {
    for (String content : List.of("RIFF", "RIFF\0\0\0\0AVI LIST", "[]")) {
      Path out = Files.writeString(dir.resolve("x.wav"), content);
      assertEquals(
          "--audio-out "
              + out
              + " exists and is not a WAV file; jam replaces only WAV files (--force to replace it)",
          refusal(out, List.of(), false));
      AudioOutCheck.check(out, List.of(), true);
    }
  }

  private static String refusal(Path out, List<AudioOutCheck.Input> inputs, boolean force) {
    JamException e =
        assertThrows(JamException.class, () -> AudioOutCheck.check(out, inputs, force));
    assertEquals(ExitCode.USAGE, e.exitCode());
    return e.getMessage();
  }
}
