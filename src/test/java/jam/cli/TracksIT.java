package jam.cli;

import static jam.testing.JamProcess.jam;
import static jam.testing.JamProcess.shell;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.testing.JamProcess;
import jam.testing.Needs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** add-track and tracks through bin/jam, as the README shows them. */
class TracksIT {
  static final String RIFF =
      "{\"trackname\":\"riff\",\"data\":[[440,null,580,332],[220,null,null,709]],\"city\":\"London\",\"countryCode\":\"gb\","
          + "\"tempo\":329.6275569128699,\"gain\":0.1,\"far\":1e400}";
  static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  @TempDir Path dir;

  @Test
  void addTrackPrintsTheIdAndTracksListsIt() throws IOException {
    write("riff.json", RIFF);
    try (JamProcess add = jam(dir, Map.of(), "add-track", "riff.json")) {
      assertEquals(0, add.exitCode(), add.err());
      String id = add.out().trim();
      assertTrue(id.matches(UUID), id);
      // the default store, under HOME
      String stored = Files.readString(dir.resolve(".local/share/jam/tracks.json"));
      assertEquals(
          "[\n" + RIFF.substring(0, RIFF.length() - 1) + ",\"id\":\"" + id + "\"}\n]\n", stored);

      try (JamProcess tracks = jam(dir, Map.of(), "tracks")) {
        assertEquals(0, tracks.exitCode(), tracks.err());
        assertEquals(
            "NAME  STEPS  ORIGIN      ID\nriff  2      London, gb  " + id + "\n", tracks.out());
      }
    }
  }

  @Test
  void tracksJsonThroughJq() throws IOException {
    Needs.programs("jq");
    write("riff.json", RIFF);
    write("bass.json", "[{\"trackname\":\"bass\",\"data\":[]}]");
    try (JamProcess p =
        shell(
            dir,
            Map.of("JAM_STORE", "s.json"),
            "jam add-track riff.json bass.json >/dev/null && jam tracks --json | jq -r .trackname")) {
      assertEquals(0, p.exitCode(), p.err());
      assertEquals("riff\nbass\n", p.out());
    }
  }

  @Test
  void readsStdinAndCopiesBetweenStores() throws IOException {
    write("riff.json", RIFF);
    String script =
        "jam add-track --store old.json < riff.json"
            + " && cat riff.json | jam add-track --store old.json -"
            + " && jam tracks --json --store old.json | jam add-track --store new.json";
    try (JamProcess p = shell(dir, Map.of(), script)) {
      assertEquals(0, p.exitCode(), p.err());
      String id = p.out().lines().findFirst().orElseThrow();
      assertEquals(id + "\n" + id + "\n", p.out()); // added to old.json, then copied with its id
      assertEquals(
          "jam: stdin: \"riff\" is already in the store (id " + id + "); not added again\n",
          p.err());
      assertEquals(
          Files.readString(dir.resolve("old.json")), Files.readString(dir.resolve("new.json")));
    }
  }

  @Test
  void anyBadInputWritesNothingAndNamesFileLineAndColumn() throws IOException {
    write("riff.json", RIFF);
    write("bad.json", "[\n  {\"trackname\":\"ok\",\"data\":[]},\n  42\n]");
    try (JamProcess p =
        jam(dir, Map.of(), "add-track", "--store", "s.json", "riff.json", "bad.json")) {
      assertEquals(3, p.exitCode());
      assertEquals("", p.out());
      assertEquals(
          "jam: bad.json:3:3: element 2 of the array is a number, not a track (a JSON object)\n",
          p.err());
      assertFalse(Files.exists(dir.resolve("s.json")));
    }
  }

  @Test
  void aFailingWriteLeavesTheOldStoreIntact() throws IOException {
    // a file-size limit makes the write fail like a full disk would (EFBIG instead of ENOSPC)
    write("s.json", "[\n" + RIFF + "\n]\n");
    byte[] before = Files.readAllBytes(dir.resolve("s.json"));
    write(
        "big.json",
        "{\"trackname\":\"big\",\"data\":[" + "[440,null,null,null],".repeat(5000) + "[1,2,3,4]]}");
    String script = "ulimit -f 16 && exec jam add-track --store s.json big.json";
    try (JamProcess p = shell(dir, Map.of("JAM_JAVA_OPTS", "-XX:-UsePerfData"), script)) {
      assertEquals(5, p.exitCode(), p.err());
      assertEquals("", p.out());
      assertEquals(
          "jam: cannot write the store s.json: file too large (the store is unchanged)\n", p.err());
    }
    assertArrayEquals(before, Files.readAllBytes(dir.resolve("s.json")));
    try (var files = Files.list(dir)) {
      assertFalse(
          files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")),
          "temp file left behind");
    }
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(dir.resolve(name), content);
  }
}
