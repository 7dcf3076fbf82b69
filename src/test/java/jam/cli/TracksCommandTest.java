package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jam.track.Store;
import jam.track.Track;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracksCommandTest {
  @TempDir Path dir;

  @Test
  void listsTheStoreAsATable() {
    Path file = dir.resolve("tracks.json");
    new Store(file)
        .add(
            List.of(
                Track.parse(
                    "{\"trackname\":\"riff\",\"data\":[[1],[2]],\"city\":\"London\",\"countryCode\":\"gb\",\"id\":\"a1\"}"),
                Track.parse("{\"trackname\":\"bass line\",\"data\":[],\"id\":\"b22\"}"),
                Track.parse("{\"id\":\"c\"}")));
    Run run = Run.jam("tracks", "--store", file.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        String.join(
            "\n",
            "NAME       STEPS  ORIGIN      ID",
            "riff       2      London, gb  a1",
            "bass line  0      -           b22",
            "(no name)  -      -           c",
            ""),
        run.out());
  }

  @Test
  void listsTheStoreAsOneJsonObjectPerLineExactly() throws IOException {
    Path file = dir.resolve("tracks.json");
    String a = "{\"trackname\":\"a\",\"pitch\":329.6275569128699,\"x\":1e400,\"id\":\"1\"}";
    String b = "{\"id\":\"2\",\"unknown\":{\"k\":[0.1]}}";
    Files.writeString(file, "[" + a + ",\n  " + b + "]");
    Run run = Run.jam("tracks", "--json", "--store", file.toString());
    assertEquals(a + "\n" + b + "\n", run.out());
  }

  @Test
  void anEmptyStoreSaysSoOnStderr() {
    Path file = dir.resolve("none.json");
    Run run = Run.jam("tracks", "--store", file.toString());
    assertEquals(0, run.exitCode());
    assertEquals("", run.out());
    assertEquals("jam: no tracks in " + file + "\n", run.err());
  }

  @Test
  void aCorruptStoreIsAnError() throws IOException {
    Path file = Files.writeString(dir.resolve("tracks.json"), "[1]");
    Run run = Run.jam("tracks", "--store", file.toString());
    assertEquals(3, run.exitCode());
    assertEquals(
        "jam: corrupt store "
            + file
            + ":1:2: element 1 of the array is a number, not a track (a JSON object) (jam will not overwrite it: fix or move it)\n",
        run.err());
  }
}
