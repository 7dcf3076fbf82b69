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

  /** An id jam derives from a track's content. */
  static final String ID = "[0-9a-f]{16}";

  @TempDir Path dir;

  @Test
  void addTrackPrintsTheIdAndTracksListsIt() throws IOException {
    write("riff.json", RIFF);
    try (JamProcess add = jam(dir, Map.of(), "add-track", "riff.json")) {
      assertEquals(0, add.exitCode(), add.err());
      String id = add.out().trim();
      assertTrue(id.matches(ID), id);
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

  @Test
  void theSameTrackAddedOnTwoMachinesHasOneId() throws IOException {
    write("riff.json", RIFF);
    write("copy.json", RIFF.replace("440", "4.4e2")); // the same numbers, written otherwise
    {
      JamProcess.Result a =
          JamProcess.run(dir, Map.of(), "add-track", "--store", "a.json", "riff.json");
      JamProcess.Result b =
          JamProcess.run(dir, Map.of(), "add-track", "--store", "b.json", "copy.json");
      assertEquals(0, a.exitCode(), a.err());
      assertEquals(0, b.exitCode(), b.err());
      assertTrue(a.out().trim().matches(ID), a.out());
      assertEquals(a.out(), b.out());
    }
  }

  @Test
  void rmRemovesByNameOrIdAllOrNothing() throws IOException {
    write("riff.json", RIFF);
    write("bass.json", "{\"trackname\":\"bass\",\"data\":[[110]]}");
    write("bass2.json", "{\"trackname\":\"bass\",\"data\":[[55]]}");
    Map<String, String> env = Map.of("JAM_STORE", "s.json");
    String riff;
    {
      JamProcess.Result add =
          JamProcess.run(dir, env, "add-track", "riff.json", "bass.json", "bass2.json");
      assertEquals(0, add.exitCode(), add.err());
      riff = add.out().lines().findFirst().orElseThrow();
    }
    JamProcess.Result again = JamProcess.run(dir, env, "add-track", "riff.json", "bass2.json");
    assertEquals(0, again.exitCode(), again.err());
    assertEquals("", again.out()); // both there already; the hint is for a new track of a name
    write("riff2.json", RIFF.replace("440", "441"));
    JamProcess.Result edited = JamProcess.run(dir, env, "add-track", "riff2.json");
    assertEquals(0, edited.exitCode(), edited.err());
    String riff2 = edited.out().trim();
    assertEquals(
        "jam: \"riff\" is stored as a new track (id "
            + riff2
            + "); a track of that name was there already (id "
            + riff
            + "): to make a file a new version of it instead, jam add-track --replace FILE\n",
        edited.err());
    assertEquals(0, JamProcess.run(dir, env, "rm", riff2).exitCode());
    String before = Files.readString(dir.resolve("s.json"));
    {
      JamProcess.Result rm = JamProcess.run(dir, env, "rm", "riff", "bass"); // bass is ambiguous
      assertEquals(2, rm.exitCode(), rm.err());
      assertTrue(
          rm.err().startsWith("jam: 2 tracks in s.json are called 'bass'; name one by id: "),
          rm.err());
      assertEquals("", rm.out());
    }
    {
      JamProcess.Result rm = JamProcess.run(dir, env, "rm", "nosuch");
      assertEquals(2, rm.exitCode(), rm.err());
      assertEquals("jam: no track in s.json with the id or name 'nosuch'\n", rm.err());
    }
    assertEquals(before, Files.readString(dir.resolve("s.json")));
    {
      JamProcess.Result rm = JamProcess.run(dir, env, "rm", riff);
      assertEquals(0, rm.exitCode(), rm.err());
      assertEquals(riff + "\n", rm.out());
      assertEquals("jam: removed riff (2 steps, from London, gb) from s.json\n", rm.err());
    }
    {
      JamProcess.Result tracks = JamProcess.run(dir, env, "tracks", "--json");
      assertEquals(2, tracks.out().lines().count(), tracks.out());
      assertFalse(tracks.out().contains("riff"), tracks.out());
    }
  }

  @Test
  void addTrackReplaceMakesANewVersionUnderTheSameId() throws IOException {
    write("riff.json", RIFF);
    write("edited.json", RIFF.replace("[220,null,null,709]", "[220,null,null,710],[1]"));
    Map<String, String> env = Map.of("JAM_STORE", "s.json");
    String id;
    {
      JamProcess.Result add = JamProcess.run(dir, env, "add-track", "riff.json");
      id = add.out().trim();
    }
    {
      JamProcess.Result again = JamProcess.run(dir, env, "add-track", "--replace", "edited.json");
      assertEquals(0, again.exitCode(), again.err());
      assertEquals(id + "\n", again.out());
    }
    {
      JamProcess.Result tracks = JamProcess.run(dir, env, "tracks");
      assertEquals(
          "NAME  STEPS  ORIGIN      ID\nriff  3      London, gb  " + id + "\n", tracks.out());
    }
    {
      JamProcess.Result unchanged =
          JamProcess.run(dir, env, "add-track", "--replace", "edited.json");
      assertEquals(0, unchanged.exitCode(), unchanged.err());
      assertEquals("", unchanged.out());
      assertTrue(unchanged.err().contains("already stored as it is"), unchanged.err());
    }
    write("other.json", "{\"trackname\":\"other\",\"data\":[[1]]}");
    {
      JamProcess.Result none = JamProcess.run(dir, env, "add-track", "--replace", "other.json");
      assertEquals(2, none.exitCode(), none.err());
      assertEquals(
          "jam: no track in s.json with the id or name 'other'; nothing replaced (add a new track without --replace)\n",
          none.err());
    }
  }

  @Test
  void checksPointAtTheElementAndSayWhatWillNotPlay() throws IOException {
    write("riff.yaml", "trackname: riff\ndata:\n  - [440, null]\n");
    write("name.json", "{\"data\":[[440]],\n \"trackname\": 5}");
    write(
        "quiet.json",
        "[{\"trackname\":\"q\",\"data\":[\n  [-440, 1e309]]},\n {\"trackname\":\"e\",\"data\":[]}]");
    Map<String, String> env = Map.of("JAM_STORE", "s.json");
    JamProcess.Result yaml = JamProcess.run(dir, env, "add-track", "riff.yaml");
    assertEquals(3, yaml.exitCode());
    assertEquals(
        "jam: riff.yaml:1:1: not JSON: this looks like YAML; jam reads tracks as JSON, such as {\"trackname\":\"riff\",\"data\":[[440,null,580,332]]}\n",
        yaml.err());
    JamProcess.Result name = JamProcess.run(dir, env, "add-track", "name.json");
    assertEquals(3, name.exitCode());
    assertEquals(
        "jam: name.json:2:15: track 1: \"trackname\" is a number, not a string (the track's name, such as \"riff\")\n",
        name.err());
    JamProcess.Result quiet = JamProcess.run(dir, env, "add-track", "quiet.json");
    assertEquals(0, quiet.exitCode(), quiet.err()); // stored as written, said once each
    assertEquals(2, quiet.out().lines().count(), quiet.out());
    assertEquals(
        "jam: quiet.json:2:4: track 1 (\"q\"): step 1 of \"data\" holds -440 Hz, which jam plays as a rest (it plays above 0 and below 24000 Hz) (and 1 more in this track)\n"
            + "jam: quiet.json:3:26: track 2 (\"e\"): \"data\" has no steps: it plays nothing\n",
        quiet.err());
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(dir.resolve(name), content);
  }
}
