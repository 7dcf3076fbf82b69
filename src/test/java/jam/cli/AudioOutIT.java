package jam.cli;

import static jam.testing.JamProcess.jam;
import static jam.testing.JamProcess.shell;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.sound.Wav;
import jam.testing.JamProcess;
import jam.testing.Wait;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --audio-out FILE} through bin/jam: what it refuses to write over, and what every way a
 * recording or a render can end (done, Ctrl-C, SIGTERM, a full disk, a length no WAV file holds)
 * leaves at FILE and beside it: the old file, or a whole WAV file, and no temporary file.
 */
class AudioOutIT {
  /** 1.1 s: two notes. */
  private static final String TRACK = PlayCommandTest.TRACK;

  /** The smallest valid WAV file: a header for no frames. */
  private static final byte[] EMPTY_WAV = {
    'R',
    'I',
    'F',
    'F',
    36,
    0,
    0,
    0,
    'W',
    'A',
    'V',
    'E',
    'f',
    'm',
    't',
    ' ',
    16,
    0,
    0,
    0,
    1,
    0,
    2,
    0,
    (byte) 0x80,
    (byte) 0xbb,
    0,
    0,
    0,
    (byte) 0xee,
    2,
    0,
    4,
    0,
    16,
    0,
    'd',
    'a',
    't',
    'a',
    0,
    0,
    0,
    0
  };

  /** No JVM perf-data file (a write the file-size limit would refuse) in runs under ulimit -f. */
  private static final Map<String, String> NO_PERF_DATA =
      Map.of("JAM_JAVA_OPTS", "-XX:-UsePerfData");

  @TempDir Path dir;

  @BeforeAll
  static void launcherReady(@TempDir Path warm) {
    // builds the jar and its class-data archive now, not inside a test's file-size limit
    assertEquals(0, JamProcess.run(warm, Map.of(), "--version").exitCode());
  }

  @Test
  void playNeverRecordsOverTheTrackItPlaysNorTheStoreHoweverSpelledEvenWithForce()
      throws IOException {
    write("riff.json", TRACK);
    Files.createSymbolicLink(dir.resolve("link.json"), Path.of("riff.json"));
    write("s.json", "[" + TRACK + "]\n");
    byte[] track = Files.readAllBytes(dir.resolve("riff.json"));
    byte[] store = Files.readAllBytes(dir.resolve("s.json"));

    for (String out :
        List.of("riff.json", "./riff.json", "link.json", dir.resolve("riff.json").toString())) {
      JamProcess.Result r =
          JamProcess.run(
              dir,
              Map.of(),
              "play",
              "riff.json",
              "--store",
              "s.json",
              "--mute",
              "--force",
              "--audio-out",
              out);
      assertEquals(2, r.exitCode(), r.err());
      assertEquals(
          "jam: --audio-out "
              + out
              + " is the track played; jam never records over it (--force or not)\n",
          r.err());
    }
    JamProcess.Result stored =
        JamProcess.run(
            dir, Map.of("JAM_STORE", "s.json"), "play", "two", "--mute", "--audio-out", "./s.json");
    assertEquals(2, stored.exitCode(), stored.err());
    assertEquals(
        "jam: --audio-out ./s.json is the track store; jam never records over it (--force or not)\n",
        stored.err());
    try (JamProcess stdin =
        shell(dir, Map.of(), "exec jam play - --mute --audio-out riff.json < riff.json")) {
      assertEquals(2, stdin.exitCode(), stdin.err());
      assertEquals(
          "jam: --audio-out riff.json is stdin's file; jam never records over it (--force or not)\n",
          stdin.err());
    }

    assertArrayEquals(track, Files.readAllBytes(dir.resolve("riff.json")));
    assertArrayEquals(store, Files.readAllBytes(dir.resolve("s.json")));
    assertEquals(
        List.of("link.json", "riff.json", "s.json"), names("link.json", "riff.json", "s.json"));
  }

  @Test
  void joinNeverRecordsOverTheStoreTheCaCertFileNorTheHistory() throws IOException {
    write("s.json", "[" + TRACK + "]\n");
    write("ca.pem", "-----BEGIN CERTIFICATE-----\n");
    byte[] store = Files.readAllBytes(dir.resolve("s.json"));
    try (Relay relay = Relay.start(RelayConfig.loopback(), new RelayListener() {})) {
      JamProcess.Result r =
          JamProcess.run(
              dir,
              Map.of("JAM_STORE", "s.json"),
              "join",
              "--mute",
              "--audio-out",
              "s.json",
              relay.url());
      assertEquals(2, r.exitCode(), r.err());
      assertEquals(
          "jam: --audio-out s.json is the track store; jam never records over it (--force or not)\n",
          r.err());
      JamProcess.Result ca =
          JamProcess.run(
              dir,
              Map.of(),
              "join",
              "--store",
              "s.json",
              "--cacert",
              "ca.pem",
              "--mute",
              "--force",
              "--audio-out",
              "ca.pem",
              relay.url());
      assertEquals(2, ca.exitCode(), ca.err());
      assertEquals(
          "jam: --audio-out ca.pem is the --cacert file; jam never records over it (--force or not)\n",
          ca.err());
      String history = ".local/state/jam/join_history"; // HOME is the test's folder
      JamProcess.Result h =
          JamProcess.run(
              dir,
              Map.of(),
              "join",
              "--store",
              "s.json",
              "--mute",
              "--force",
              "--audio-out",
              history,
              relay.url());
      assertEquals(2, h.exitCode(), h.err());
      assertEquals(
          "jam: --audio-out "
              + history
              + " is the console's history; jam never records over it (--force or not)\n",
          h.err());
    }
    assertArrayEquals(store, Files.readAllBytes(dir.resolve("s.json")));
    assertEquals("-----BEGIN CERTIFICATE-----\n", Files.readString(dir.resolve("ca.pem")));
  }

  @Test
  void aFileThatIsNotAWavIsReplacedOnlyWithForceAWavAlways() throws Exception {
    write("riff.json", TRACK);
    write("notes.txt", "my notes\n");
    Files.write(dir.resolve("old.wav"), EMPTY_WAV);

    JamProcess.Result refused =
        JamProcess.run(dir, Map.of(), "play", "riff.json", "--mute", "--audio-out", "notes.txt");
    assertEquals(2, refused.exitCode(), refused.err());
    assertEquals(
        "jam: --audio-out notes.txt exists and is not a WAV file; jam replaces only WAV files (--force to replace it)\n",
        refused.err());
    assertEquals("my notes\n", Files.readString(dir.resolve("notes.txt")));

    JamProcess.Result forced =
        JamProcess.run(
            dir,
            Map.of(),
            "play",
            "-q",
            "riff.json",
            "--mute",
            "--force",
            "--audio-out",
            "notes.txt");
    assertEquals(0, forced.exitCode(), forced.err());
    PlayCommandTest.assertNotes(Wav.read(dir.resolve("notes.txt")));

    JamProcess.Result wav =
        JamProcess.run(
            dir, Map.of(), "play", "-q", "riff.json", "--mute", "--audio-out", "old.wav");
    assertEquals(0, wav.exitCode(), wav.err());
    PlayCommandTest.assertNotes(Wav.read(dir.resolve("old.wav")));
    assertEquals(List.of(), temps());
  }

  @Test
  void ctrlCDuringAMutedRenderLeavesAShorterWholeWavInPlaceOfTheOldOne() throws Exception {
    assertStoppedRenderIsWhole("INT", 130);
  }

  @Test
  void sigtermDuringAMutedRenderLeavesAShorterWholeWavInPlaceOfTheOldOne() throws Exception {
    assertStoppedRenderIsWhole("TERM", 143);
  }

  private void assertStoppedRenderIsWhole(String signal, int exit) throws Exception {
    write(
        "long.json",
        longTrack(10_000)); // 3,000 s: 576 MB of WAV, far more than is rendered before the signal
    Path out = dir.resolve("long.wav");
    Files.write(out, EMPTY_WAV);
    try (JamProcess play =
        jam(dir, Map.of(), "play", "long.json", "--mute", "--audio-out", "long.wav")) {
      play.awaitErr("playing long (10000 steps), 3000.2 s");
      Wait.atMost(Duration.ofSeconds(60))
          .alias("the render to get to 4 MB")
          .until(() -> !temps().isEmpty() && Files.size(temps().get(0)) >= 4_000_000);
      if (signal.equals("INT")) {
        play.interrupt();
      } else {
        play.terminate();
      }
      assertEquals(exit, play.exitCode(), play.err());
      String last = play.err().lines().reduce((a, b) -> b).orElseThrow();
      assertTrue(
          last.matches(
              "jam: stopped by SIG"
                  + signal
                  + " after [0-9.]+ s of 3000\\.2 s; long\\.wav holds what was rendered"),
          last);
    }
    AudioFileFormat format = format(out);
    long frames = format.getFrameLength();
    assertTrue(frames >= 4_000_000 / 4 - 48_000 && frames < 3000L * 48_000, "frames " + frames);
    assertEquals(44 + frames * 4, Files.size(out), "the header counts every frame in the file");
    assertEquals(List.of(), temps());
  }

  @Test
  void aFullDiskDuringARenderLeavesTheOldWavWholeAndNothingBesideIt() throws IOException {
    write("riff.json", longTrack(30)); // 9 s: 1.7 MB of WAV
    Files.write(dir.resolve("old.wav"), EMPTY_WAV);
    // a file-size limit (1 MiB) makes the write fail as a full disk would (EFBIG instead of ENOSPC)
    try (JamProcess p =
        shell(
            dir,
            NO_PERF_DATA,
            "ulimit -f 1024 && exec jam play -q riff.json --mute --audio-out old.wav")) {
      assertEquals(5, p.exitCode(), p.err());
      assertEquals("jam: cannot write old.wav: file too large (old.wav is unchanged)\n", p.err());
    }
    assertArrayEquals(EMPTY_WAV, Files.readAllBytes(dir.resolve("old.wav")));
    assertEquals(List.of(), temps());
  }

  @Test
  void aFullDiskDuringAJoinsRecordingLeavesTheOldWavWholeAndNothingBesideIt() throws Exception {
    Files.write(dir.resolve("rec.wav"), EMPTY_WAV);
    try (Relay relay = Relay.start(RelayConfig.loopback(), new RelayListener() {});
        JamProcess join =
            shell(
                dir,
                NO_PERF_DATA,
                "ulimit -f 256 && exec jam join --mute --store s.json --audio-out rec.wav "
                    + relay.url())) {
      join.awaitErr("connected to " + relay.url());
      join.awaitErr(
          "cannot write rec.wav: file too large; recording stopped"); // 256 KiB: after ~1.4 s of
      // silence
      join.terminate();
      assertEquals(5, join.exitCode(), join.err());
      assertEquals(
          "jam: cannot write rec.wav: file too large (nothing recorded is kept; rec.wav is unchanged)",
          join.err().lines().reduce((a, b) -> b).orElseThrow());
    }
    assertArrayEquals(EMPTY_WAV, Files.readAllBytes(dir.resolve("rec.wav")));
    assertEquals(List.of(), temps());
  }

  @Test
  void aJoinsRecordingAppearsWhenItEndsAndNotBefore() throws Exception {
    Files.write(dir.resolve("rec.wav"), EMPTY_WAV);
    try (Relay relay = Relay.start(RelayConfig.loopback(), new RelayListener() {});
        JamProcess join =
            jam(
                dir,
                Map.of(),
                "join",
                "--mute",
                "--store",
                "s.json",
                "--audio-out",
                "rec.wav",
                relay.url())) {
      join.awaitErr("connected to " + relay.url());
      Wait.atMost(Duration.ofSeconds(30))
          .alias("a second recorded beside rec.wav")
          .until(() -> temps().size() == 1 && Files.size(temps().get(0)) >= 44 + 48_000 * 4);
      assertArrayEquals(
          EMPTY_WAV, Files.readAllBytes(dir.resolve("rec.wav")), "replaced before the end");
      assertEquals(1, temps().size(), "the recording goes beside it");
      join.interrupt();
      assertEquals(0, join.exitCode(), join.err());
    }
    assertTrue(
        Wav.read(dir.resolve("rec.wav")).frameLength >= 48_000, "a second of silence at least");
    assertEquals(List.of(), temps());
  }

  @Test
  void aRenderNoWavFileCanHoldIsRefusedBeforeAnythingIsWritten() throws IOException {
    write("huge.json", longTrack(190_000)); // 57,000 s: 10.2 GiB
    for (boolean mute : new boolean[] {true, false}) {
      long start = System.nanoTime();
      JamProcess.Result r =
          mute
              ? JamProcess.run(
                  dir, Map.of(), "play", "huge.json", "--mute", "--audio-out", "huge.wav")
              : JamProcess.run(dir, Map.of(), "play", "huge.json", "--audio-out", "huge.wav");
      assertEquals(5, r.exitCode(), r.err());
      assertEquals(
          "jam: cannot write huge.wav: 57,000.2 s at 48000 Hz 16-bit stereo is 10.2 GiB; a WAV file holds at most 4 GiB (6.2 h)",
          r.err().lines().reduce((a, b) -> b).orElseThrow());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60), "refused late");
    }
    assertEquals(List.of("huge.json"), names("huge.json", "huge.wav"));
    assertEquals(List.of(), temps());
  }

  /**
   * {@code steps} steps of 300 ms, each but the last a rest: a track {@code steps * 0.3 + 0.2} s
   * long.
   */
  private static String longTrack(int steps) {
    return "{\"trackname\":\"long\",\"data\":[" + "[null],".repeat(steps - 1) + "[440]]}";
  }

  private static AudioFileFormat format(Path file) throws IOException {
    try {
      return AudioSystem.getAudioFileFormat(new File(file.toString()));
    } catch (UnsupportedAudioFileException e) {
      throw new IOException(file + " is not a readable WAV file", e);
    }
  }

  /** Which of {@code names} exist in the test's folder. */
  private List<String> names(String... names) {
    return Stream.of(names)
        .filter(n -> Files.exists(dir.resolve(n), java.nio.file.LinkOption.NOFOLLOW_LINKS))
        .sorted()
        .toList();
  }

  /** Temporary files left in the test's folder. */
  private List<Path> temps() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).sorted().toList();
    }
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(dir.resolve(name), content);
  }
}
