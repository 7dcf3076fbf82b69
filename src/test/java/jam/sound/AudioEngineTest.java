package jam.sound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jam.ExitCode;
import jam.JamException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sound.sampled.LineUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real-time engine against fake lines and failing devices; no sound card needed. */
class AudioEngineTest {
  private static final int MS = SampleFormat.RATE / 1000;
  private static final LineOpener NO_DEVICE =
      (format, bytes) -> {
        throw new IllegalArgumentException(
            "No line matching interface SourceDataLine supporting format " + format);
      };
  private static final LineOpener BUSY =
      (format, bytes) -> {
        throw new LineUnavailableException("Audio Device Unavailable");
      };

  @TempDir Path dir;
  private final RecordingReporter reporter = new RecordingReporter();

  @Test
  void withoutADeviceItWarnsOnceAndStillRecordsTimelineTrue() throws Exception {
    Path file = dir.resolve("out.wav");
    List<Playback> bangs = new ArrayList<>();
    try (AudioEngine engine =
        AudioEngine.start(AudioSettings.speakers().recordingTo(file), reporter, NO_DEVICE)) {
      assertFalse(engine.audible());
      bangs = bangsApart(engine, 3, 150, "hat");
      await(bangs.get(2));
    }

    assertEquals(1, reporter.warnings().size(), reporter.warnings().toString());
    assertEquals(
        "no audio device; carrying on without sound (still recording to " + file + ")",
        reporter.warnings().get(0));
    float[] x = Wav.read(file).samples;
    List<Integer> onsets = Wav.onsets(x);
    assertEquals(3, onsets.size(), onsets.toString());
    for (int i = 1; i < 3; i++) {
      assertEquals(
          frames(bangs.get(i).requestedNanos() - bangs.get(0).requestedNanos()),
          onsets.get(i) - onsets.get(0),
          MS);
      int hatEnd = onsets.get(i - 1) + (int) Score.of(Sound.HAT).frames();
      assertEquals(0f, Wav.peak(x, hatEnd + MS, onsets.get(i) - MS), "silence between bangs");
    }
  }

  @Test
  void aBusyDeviceIsOneWarningNotOnePerBang() throws Exception {
    try (AudioEngine engine = AudioEngine.start(AudioSettings.speakers(), reporter, BUSY)) {
      List<Playback> bangs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        bangs.add(engine.bang("kick"));
      }
      await(bangs.get(19));
    }
    assertEquals(
        List.of("audio device unavailable (Audio Device Unavailable); carrying on without sound"),
        reporter.warnings());
  }

  @Test
  void muteOpensNoDeviceAndSaysNothing() throws Exception {
    LineOpener mustNotOpen = (format, bytes) -> fail("a muted engine opened a line");
    try (AudioEngine engine = AudioEngine.start(AudioSettings.silent(), reporter, mustNotOpen)) {
      Playback bang = engine.bang(null);
      await(bang);
      assertTrue(bang.started().get() >= bang.requestedNanos());
    }
    assertEquals(List.of(), reporter.warnings());
  }

  @Test
  void theRecordingIsExactlyWhatTheLinePlayedAndMatchesTheOfflineRender() throws Exception {
    Path file = dir.resolve("out.wav");
    FakeLine line = new FakeLine(AudioEngine.LINE_BUFFER * SampleFormat.FRAME_BYTES);
    Score score =
        Score.builder()
            .sound(Duration.ZERO, "snare")
            .sound(Duration.ofMillis(100), "hat")
            .note(Duration.ofMillis(50), 440, Duration.ofMillis(200))
            .build();
    try (AudioEngine engine =
        AudioEngine.start(AudioSettings.speakers().recordingTo(file), reporter, (f, b) -> line)) {
      assertTrue(engine.audible());
      await(engine.play(score));
    }

    byte[] wav = Files.readAllBytes(file);
    byte[] played = line.received();
    assertTrue(played.length > 0);
    assertArrayEquals(played, Arrays.copyOfRange(wav, WavWriter.HEADER_BYTES, wav.length));
    assertEquals(List.of(), reporter.warnings());

    float[] recorded = Wav.read(file).samples;
    float[] offline = OfflineRenderer.toSamples(score);
    int start = Wav.onsets(recorded, 0f, 0).get(0) - Wav.onsets(offline, 0f, 0).get(0);
    for (int i = 0; i < offline.length; i++) {
      assertEquals(offline[i], recorded[start + i], 1.5f / 32767, "frame " + i);
    }
  }

  @Test
  void aDeviceLostMidwayIsOneWarningAndTheRecordingGoesOn() throws Exception {
    Path file = dir.resolve("out.wav");
    FakeLine line = new FakeLine(AudioEngine.LINE_BUFFER * SampleFormat.FRAME_BYTES, 10);
    try (AudioEngine engine =
        AudioEngine.start(AudioSettings.speakers().recordingTo(file), reporter, (f, b) -> line)) {
      List<Playback> bangs = bangsApart(engine, 3, 150, "hat");
      await(bangs.get(2));
      assertFalse(engine.audible());
    }
    assertEquals(1, reporter.warnings().size());
    assertTrue(
        reporter.warnings().get(0).startsWith("audio device lost"), reporter.warnings().get(0));
    assertEquals(3, Wav.onsets(Wav.read(file).samples).size());
  }

  @Test
  void theClockFollowsADeviceThatPlaysFaster() throws Exception {
    FakeLine.Clocked line =
        new FakeLine.Clocked(AudioEngine.LINE_BUFFER * SampleFormat.FRAME_BYTES, 1.04);
    runFor(line, 600);
    // without following, the queue empties after ~0.25 s and then underruns on every block (~60
    // times);
    // with it, underruns come from a late audio thread only (up to ~10 at a load of 11 on 2 cores)
    assertTrue(line.underruns <= 25, "underruns: " + line.underruns);
  }

  @Test
  void theClockFollowsADeviceThatPlaysSlower() throws Exception {
    FakeLine.Clocked line =
        new FakeLine.Clocked(AudioEngine.LINE_BUFFER * SampleFormat.FRAME_BYTES, 0.96);
    runFor(line, 600);
    // without following, the buffer fills after ~0.25 s and then every write waits (~65 times)
    assertTrue(line.waits <= 25, "waits: " + line.waits);
  }

  @Test
  void cancelDropsWhatHasNotStarted() throws Exception {
    Path file = dir.resolve("out.wav");
    Score score =
        Score.builder().sound(Duration.ZERO, "hat").sound(Duration.ofSeconds(2), "hat").build();
    try (AudioEngine engine =
        AudioEngine.start(AudioSettings.silent().recordingTo(file), reporter)) {
      Playback playback = engine.play(score);
      playback.started().get(5, TimeUnit.SECONDS);
      playback.cancel();
      playback.finished().get(1, TimeUnit.SECONDS);
      assertTrue(playback.isCancelled());
    }
    assertEquals(1, Wav.onsets(Wav.read(file).samples).size());
  }

  @Test
  void afterCloseNothingPlaysAndClosingAgainIsHarmless() throws Exception {
    AudioEngine engine = AudioEngine.start(AudioSettings.silent(), reporter);
    engine.close();
    Playback late = engine.bang("bell");
    assertTrue(late.finished().isDone());
    assertThrows(CancellationException.class, () -> late.started().join());
    engine.close();
  }

  @Test
  void aPendingPlaybackIsFinishedByClose() throws Exception {
    Playback playback;
    try (AudioEngine engine = AudioEngine.start(AudioSettings.silent(), reporter)) {
      playback = engine.play(Score.builder().sound(Duration.ofSeconds(30), "bell").build());
    }
    playback.finished().get(1, TimeUnit.SECONDS);
    assertTrue(playback.started().isCancelled());
  }

  @Test
  void anUnwritableRecordingFailsAtStartWithAnIoError() {
    JamException e =
        assertThrows(
            JamException.class,
            () ->
                AudioEngine.start(
                    AudioSettings.silent().recordingTo(dir.resolve("no/such/dir/out.wav")),
                    reporter));
    assertEquals(ExitCode.IO, e.exitCode());
    assertTrue(e.getMessage().startsWith("cannot write "), e.getMessage());
  }

  private void runFor(FakeLine.Clocked line, long millis) throws Exception {
    try (AudioEngine engine =
        AudioEngine.start(AudioSettings.speakers(), reporter, (f, b) -> line)) {
      Thread.sleep(
          millis); // time passes on purpose: the fake device plays at its own rate meanwhile
      assertTrue(engine.audible());
    }
    assertEquals(List.of(), reporter.warnings());
  }

  /**
   * Bangs {@code count} times, each at least {@code millis} after the one before (not on a fixed
   * grid: a late bang must not shorten the silence before the next, or the onsets would merge).
   */
  static List<Playback> bangsApart(AudioEngine engine, int count, long millis, String sound) {
    List<Playback> bangs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        long due = bangs.get(i - 1).requestedNanos() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left; (left = due - System.nanoTime()) > 0; ) {
          LockSupport.parkNanos(left);
        }
      }
      bangs.add(engine.bang(sound));
    }
    return bangs;
  }

  private static void await(Playback playback) throws InterruptedException, ExecutionException {
    try {
      playback.finished().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      fail("the playback did not finish within 10 s");
    }
  }

  private static int frames(long nanos) {
    return (int) Math.round(nanos * SampleFormat.RATE / 1e9);
  }
}
