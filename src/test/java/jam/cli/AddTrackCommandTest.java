package jam.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.track.Store;
import jam.track.Track;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddTrackCommandTest {
  static final String RIFF =
      "{\"trackname\":\"riff\",\"data\":[[440,null,580,332],[220,null,null,709]],\"city\":\"London\",\"countryCode\":\"gb\",\"pitch\":329.6275569128699,\"gain\":0.1,\"huge\":1e400}";

  @TempDir Path dir;

  @Test
  void printsTheIdOfEachAddedTrackInInputOrder() throws IOException {
    Path a = write("a.json", RIFF);
    Path b =
        write(
            "b.json",
            "[{\"trackname\":\"b1\",\"data\":[[220]]},{\"trackname\":\"b2\",\"data\":[[110]],\"id\":\"given\"}]");
    Run run = Run.jam("add-track", "--store", store().toString(), a.toString(), b.toString());

    assertEquals(0, run.exitCode(), run.err());
    List<Track> stored = new Store(store()).read();
    assertEquals(List.of("riff", "b1", "b2"), stored.stream().map(Track::name).toList());
    assertEquals(
        stored.stream().map(t -> t.id().orElseThrow() + "\n").reduce("", String::concat),
        run.out());
    assertEquals("given", stored.get(2).id().orElseThrow());
    assertEquals("", run.err());
    String json = stored.get(0).toJson();
    assertTrue(json.startsWith(RIFF.substring(0, RIFF.length() - 1) + ",\"id\":\""), json);
  }

  @Test
  void aTrackAlreadyInTheStoreIsReportedNotStoredTwice() throws IOException {
    Path a = write("a.json", RIFF);
    String id = Run.jam("add-track", "--store", store().toString(), a.toString()).out().trim();
    Run again = Run.jam("add-track", "--store", store().toString(), a.toString());

    assertEquals(0, again.exitCode());
    assertEquals("", again.out());
    assertEquals(
        "jam: " + a + ": \"riff\" is already in the store (id " + id + "); not added again\n",
        again.err());
    assertEquals(1, new Store(store()).read().size());
  }

  /** A track no relay takes by default is stored, with a warning that join will not share it. */
  @Test
  void aTrackOverTheRelaysMessageLimitIsStoredWithAWarning() throws IOException {
    StringBuilder data = new StringBuilder("[");
    for (int i = 0; i < 40_000; i++) {
      data.append(i == 0 ? "" : ",").append("[440.123456789,330.5,null,220.25]");
    }
    Path big = write("big.json", "{\"trackname\":\"big\",\"data\":" + data + "]}");
    Run run = Run.jam("add-track", "--store", store().toString(), big.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(1, run.out().lines().count(), run.out());
    assertEquals(
        "jam: "
            + big
            + ": \"big\" is 1.3 MiB as JSON, over the 1 MiB a relay takes in one message by default: jam join will not share it\n",
        run.err());
    Run again = Run.jam("add-track", "--store", store().toString(), big.toString());
    assertTrue(!again.err().contains("1 MiB"), "warned again for a duplicate: " + again.err());
  }

  @Test
  void anyInvalidInputMeansNothingIsWritten() throws IOException {
    Path good = write("good.json", RIFF);
    for (String bad :
        List.of(
            "",
            "42",
            "[{\"trackname\":\"x\",\"data\":[]}, 7]",
            "{\"trackname\":",
            "{\"name\":\"jam\",\"version\":\"1.0\"}")) {
      Path badFile = write("bad.json", bad);
      Run run =
          Run.jam("add-track", "--store", store().toString(), good.toString(), badFile.toString());
      assertEquals(3, run.exitCode(), bad);
      assertEquals("", run.out());
      assertTrue(run.err().startsWith("jam: " + badFile + ":1:"), run.err());
      assertEquals(1, run.err().lines().count(), run.err());
      assertFalse(Files.exists(store()), "store written for " + bad);
    }
  }

  @Test
  void aMissingFileIsAnIoError() {
    Run run =
        Run.jam("add-track", "--store", store().toString(), dir.resolve("nope.json").toString());
    assertEquals(5, run.exitCode());
    assertEquals(
        "jam: cannot read " + dir.resolve("nope.json") + ": no such file or folder\n", run.err());
  }

  @Test
  void aCorruptStoreIsNeitherOverwrittenNorExtended() throws IOException {
    Files.writeString(store(), "[{\"trackname\":\"mine\"},\n{oops}]");
    byte[] before = Files.readAllBytes(store());
    Run run = Run.jam("add-track", "--store", store().toString(), write("a.json", RIFF).toString());
    assertEquals(3, run.exitCode());
    assertTrue(run.err().startsWith("jam: corrupt store " + store() + ":2:2: "), run.err());
    assertArrayEquals(before, Files.readAllBytes(store()));
  }

  @Test
  void aNonStringIdIsReplacedWithAWarning() throws IOException {
    Run run =
        Run.jam(
            "add-track",
            "--store",
            store().toString(),
            write("a.json", "{\"trackname\":\"n\",\"data\":[[1]],\"id\":12}").toString());
    assertEquals(0, run.exitCode());
    assertEquals(
        "jam: "
            + dir.resolve("a.json")
            + ": track 1 has an \"id\" that is not a non-empty string; it gets a new one\n",
        run.err());
    assertEquals(run.out().trim(), new Store(store()).read().get(0).id().orElseThrow());
  }

  private Path store() {
    return dir.resolve("tracks.json");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
