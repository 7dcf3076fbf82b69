package jam.sound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jam.testing.Needs;
import jam.testing.Wait;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real javax.sound path without a sound card. ALSA reads {@code ~/.asoundrc} when the JVM
 * starts, so each case runs {@link PlayBangs} in a JVM of its own with {@code HOME} set to a folder
 * of the test's. With the {@code file} PCM over {@code null}, Java sees a real device and ALSA
 * captures what it played. With {@code default} pointing at a card that does not exist, Java finds
 * no device (on a machine that has sound cards, javax.sound may still pick one of them: this case
 * assumes a machine without, as CI is).
 */
class AudioDeviceIT {
  private static final int MS = SampleFormat.RATE / 1000;

  @TempDir Path dir;

  @BeforeAll
  static void alsaIsThere() {
    Needs.alsa();
  }

  @Test
  void alsaCapturesThreeBangsAtTheSpacingTheyWereRequested() throws Exception {
    Path captured = dir.resolve("captured.wav");
    Path home =
        home(
            "pcm.!default { type file; slave.pcm \"null\"; file \""
                + captured
                + "\"; format \"wav\" }");

    Run run = run(home, "3", "300", "bang");

    assertEquals(0, run.exit, run.stderr);
    assertEquals("", run.stderr);
    assertTrue(run.stdout.contains("audible true"), run.stdout);
    assertSpacing(run, Wav.read(captured));
  }

  @Test
  void withoutADeviceItWarnsOnceExitsZeroAndStillRecords() throws Exception {
    Path recording = dir.resolve("recording.wav");
    Path home = home("pcm.!default { type hw; card 7 }\nctl.!default { type hw; card 7 }");

    Run run = run(home, "3", "300", "bang", recording.toString());

    assertEquals(0, run.exit, run.stderr);
    assertEquals(
        List.of(
            "jam: no audio device; carrying on without sound (still recording to "
                + recording
                + ")"),
        run.stderr.lines().toList());
    assertTrue(run.stdout.contains("audible false"), run.stdout);
    assertSpacing(run, Wav.read(recording));
  }

  @Test
  void aKilledJamLeavesTheOldFileAndARecordingBesideItValidUpToItsLastSecond() throws Exception {
    Path recording = dir.resolve("killed.wav");
    byte[] old = "the old file".getBytes(StandardCharsets.US_ASCII);
    Files.write(recording, old);
    Path home = home("pcm.!default { type hw; card 7 }\nctl.!default { type hw; card 7 }");
    Process process = start(home, "100", "200", "hat", recording.toString());
    Path temp;
    try {
      // past one second of audio and a 64 KiB write buffer, the header has been synced at least
      // once
      long enough =
          WavWriter.HEADER_BYTES + SampleFormat.RATE * SampleFormat.FRAME_BYTES + 64 * 1024;
      temp =
          Wait.atMost(Duration.ofSeconds(30))
              .alias("the recording to grow past " + enough + " bytes")
              .failFast("PlayBangs ended early", () -> !process.isAlive())
              .until(this::temp, t -> t != null && t.toFile().length() >= enough);
    } finally {
      process.destroyForcibly().waitFor(); // SIGKILL: no close(), no shutdown hook
    }
    assertArrayEquals(old, Files.readAllBytes(recording));
    Wav wav = Wav.read(temp);
    assertTrue(wav.frameLength >= SampleFormat.RATE, "frames: " + wav.frameLength);
    assertTrue(Wav.onsets(wav.samples).size() >= 3, "onsets: " + Wav.onsets(wav.samples));
  }

  /** The recording's temporary file, {@code .killed.wav.HEX.tmp}, once there is one. */
  private Path temp() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().matches("\\.killed\\.wav\\.[0-9a-f]+\\.tmp"))
          .findFirst()
          .orElse(null);
    }
  }

  /** Three onsets, as far apart as their requests to the millisecond, and at least 300 ms apart. */
  private static void assertSpacing(Run run, Wav wav) {
    assertEquals(SampleFormat.audioFormat().toString(), wav.format.toString());
    List<Long> requested =
        run.stdout
            .lines()
            .filter(l -> l.startsWith("bang "))
            .map(l -> Long.parseLong(l.substring(5)))
            .toList();
    List<Integer> onsets = Wav.onsets(wav.samples);
    assertEquals(3, requested.size(), run.stdout);
    assertEquals(3, onsets.size(), "onsets " + onsets);
    for (int i = 1; i < 3; i++) {
      int spacing = onsets.get(i) - onsets.get(0);
      assertEquals(
          Math.round(requested.get(i) * SampleFormat.RATE / 1e9), spacing, MS, "onset " + i);
      // the test main's sleeps may oversleep on a busy machine, never undersleep
      assertTrue(
          spacing > (i * 300 - 1) * MS && spacing < (i * 300 + 500) * MS,
          "onset " + i + ": " + spacing);
    }
  }

  private Path home(String asoundrc) throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(home.resolve(".asoundrc"), asoundrc + "\n");
    return home;
  }

  private record Run(int exit, String stdout, String stderr) {}

  private Run run(Path home, String... args) throws Exception {
    Process process = start(home, args);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      fail("PlayBangs did not exit within 60 s");
    }
    return new Run(
        process.exitValue(),
        Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
  }

  /**
   * Starts {@link PlayBangs} with {@code HOME} at {@code home}; its output goes to files in the
   * test folder.
   */
  private Process start(Path home, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(location(PlayBangs.class) + File.pathSeparator + location(AudioEngine.class));
    command.add(PlayBangs.class.getName());
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("HOME", home.toString());
    builder.environment().put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    builder.environment().remove("ALSA_CONFIG_PATH");
    return builder.start();
  }

  private static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
