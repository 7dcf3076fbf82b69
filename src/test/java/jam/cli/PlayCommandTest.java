package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.sound.Wav;
import jam.track.Store;
import jam.track.Track;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jam play in-process, rendering offline (--mute --audio-out): no device, no waiting. */
class PlayCommandTest {
  /** 440 Hz at 0 ms, a rest, 660 Hz at 600 ms: two onsets, 1.1 s in all. */
  static final String TRACK =
      "{\"trackname\":\"two\",\"data\":[[440,null,null,null],[null],[660,null,null,null]],\"id\":\"two-1\"}";

  private static final int RATE = 48_000;

  @TempDir Path dir;

  @Test
  void rendersAStoredTrackByNameWithItsNotesWhereTheyBelong() throws Exception {
    Path store = dir.resolve("tracks.json");
    new Store(store).add(List.of(Track.parse(TRACK)));
    Path wav = dir.resolve("two.wav");

    Run run =
        Run.jam(
            "play", "--store", store.toString(), "--mute", "--audio-out", wav.toString(), "two");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.out());
    assertEquals("jam: playing two (3 steps), 1.1 s\n", run.err());
    assertNotes(Wav.read(wav));
  }

  @Test
  void rendersAFileAndAStoredIdAlike() throws Exception {
    Files.writeString(dir.resolve("two.json"), TRACK);
    Path store = dir.resolve("tracks.json");
    new Store(store).add(List.of(Track.parse(TRACK)));

    Run file =
        Run.jam(
            "play",
            "-q",
            "--mute",
            "--audio-out",
            dir.resolve("a.wav").toString(),
            dir.resolve("two.json").toString());
    Run byId =
        Run.jam(
            "play",
            "-q",
            "--store",
            store.toString(),
            "--mute",
            "--audio-out",
            dir.resolve("b.wav").toString(),
            "two-1");

    assertEquals(0, file.exitCode(), file.err());
    assertEquals(0, byId.exitCode(), byId.err());
    assertEquals("", file.err() + byId.err());
    assertEquals(-1, Files.mismatch(dir.resolve("a.wav"), dir.resolve("b.wav")));
  }

  @Test
  void errorsAreOneLineWithTheirExitCodes() throws Exception {
    Path store = dir.resolve("tracks.json");
    Files.writeString(
        dir.resolve("both.json"), "[" + TRACK + ",{\"trackname\":\"x\",\"data\":[]}]");
    Files.writeString(dir.resolve("nodata.json"), "{\"trackname\":\"x\"}");
    String out = dir.resolve("o.wav").toString();

    Run muted = Run.jam("play", "--mute", "x.json");
    Run missing =
        Run.jam("play", "--store", store.toString(), "--mute", "--audio-out", out, "nothing");
    Run missingFile =
        Run.jam(
            "play",
            "--store",
            store.toString(),
            "--mute",
            "--audio-out",
            out,
            dir.resolve("gone.json").toString());
    Run two = Run.jam("play", "--mute", "--audio-out", out, dir.resolve("both.json").toString());
    Run noData =
        Run.jam("play", "--mute", "--audio-out", out, dir.resolve("nodata.json").toString());
    Path nowhere = dir.resolve("no/such/folder/o.wav");
    Files.writeString(dir.resolve("one.json"), TRACK);
    Run unwritableOne =
        Run.jam(
            "play",
            "--mute",
            "--audio-out",
            nowhere.toString(),
            dir.resolve("one.json").toString());
    Files.writeString(
        store, "[{\"trackname\":\"x\"}]"); // a store is read as it is, as the browser app keeps it
    Run storedNoData =
        Run.jam("play", "--store", store.toString(), "--mute", "--audio-out", out, "x");

    assertEquals(2, muted.exitCode());
    assertEquals("jam: --mute without --audio-out plays nothing\n", muted.err());
    assertEquals(2, missing.exitCode());
    assertEquals(
        "jam: no file 'nothing', and no track in " + store + " with that id or name\n",
        missing.err());
    assertEquals(5, missingFile.exitCode()); // as for add-track
    assertEquals(
        "jam: cannot read " + dir.resolve("gone.json") + ": no such file or folder\n",
        missingFile.err());
    assertEquals(3, two.exitCode());
    assertEquals(
        "jam: " + dir.resolve("both.json") + " holds 2 tracks; jam play plays one\n", two.err());
    assertEquals(3, noData.exitCode());
    assertEquals(
        "jam: "
            + dir.resolve("nodata.json")
            + ":1:1: track 1 (\"x\") has no \"data\" (an array of steps, each an array of frequencies in Hz, where null is silence)\n",
        noData.err());
    assertEquals(3, storedNoData.exitCode());
    assertEquals("jam: 'x' has no data array to play\n", storedNoData.err());
    assertEquals(5, unwritableOne.exitCode());
    Run empty = Run.jam("play", "--mute", "--audio-out", "", dir.resolve("one.json").toString());
    assertEquals(2, empty.exitCode());
    assertEquals(
        "jam: invalid value for option '--audio-out': a file name is needed, such as jam.wav (see 'jam play --help')\n",
        empty.err());
    Run dash = Run.jam("play", "--mute", "--audio-out", "-", dir.resolve("one.json").toString());
    assertEquals(2, dash.exitCode());
    assertTrue(
        dash.err()
            .startsWith(
                "jam: invalid value for option '--audio-out': '-': jam records WAV to a file only"),
        dash.err());
    assertTrue(!Files.exists(Path.of("-")), "a file called '-'");
    Run folder =
        Run.jam(
            "play", "--mute", "--audio-out", dir.toString(), dir.resolve("one.json").toString());
    assertEquals(
        "jam: cannot write " + dir + ": is a directory\n",
        folder.err()); // the OS's reason, as jam's own read
    assertEquals(
        "jam: cannot write " + nowhere + ": no such file or folder\n",
        unwritableOne.err()); // and no "playing" first
  }

  /** Two onsets 600 ms apart, the first a 440 Hz sine (by its zero crossings), ending at 1.1 s. */
  static void assertNotes(Wav wav) {
    assertEquals(RATE * 11 / 10, wav.frameLength, 1);
    List<Integer> onsets = Wav.onsets(wav.samples);
    assertEquals(2, onsets.size(), "onsets " + onsets);
    assertEquals(0, onsets.get(0), RATE * 3 / 1000); // the soft attack crosses 1% after ~1.4 ms
    assertEquals(RATE * 6 / 10, onsets.get(1) - onsets.get(0), RATE / 1000);
    int crossings = 0;
    for (int i = RATE / 10 + 1; i < RATE * 4 / 10; i++) {
      if ((wav.samples[i - 1] < 0) != (wav.samples[i] < 0)) {
        crossings++;
      }
    }
    assertEquals(2 * 440 * 0.3, crossings, 4, "zero crossings in 300 ms of the first note");
    assertTrue(Wav.peak(wav.samples, 0, wav.samples.length) <= 1f);
  }
}
