package jam.sound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jam.ExitCode;
import jam.JamException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineRendererTest {
  private static final int MS = SampleFormat.RATE / 1000;

  @TempDir Path dir;

  @Test
  void aTrackRendersToAWavOfItsLengthWithItsOnsets() throws Exception {
    Score score =
        Score.ofTrack(
            List.of(
                Arrays.asList(440, 550, 660, 880),
                List.of(),
                Arrays.asList(null, 330, null, null)));
    Path file = dir.resolve("track.wav");

    OfflineRenderer.toWav(score, file);

    Wav wav = Wav.read(file);
    assertEquals(score.frames(), wav.frameLength);
    List<Integer> onsets = Wav.onsets(wav.samples, 0.002f, 30 * MS);
    assertEquals(List.of(0, 600), onsets.stream().map(f -> (f + MS / 2) / MS / 10 * 10).toList());
    float[] expected = OfflineRenderer.toSamples(score);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], wav.samples[i], 1.5f / 32767, "frame " + i);
    }
  }

  @Test
  void aSequenceOfBangsRendersTimelineTrue() throws Exception {
    Score score =
        Score.builder()
            .sound(Duration.ZERO, "hat")
            .sound(Duration.ofMillis(500), "hat")
            .sound(Duration.ofMillis(1000), "hat")
            .build();
    Path file = dir.resolve("bangs.wav");
    OfflineRenderer.toWav(score, file);
    List<Integer> onsets = Wav.onsets(Wav.read(file).samples);
    assertEquals(3, onsets.size());
    assertEquals(500 * MS, onsets.get(1) - onsets.get(0), MS);
    assertEquals(500 * MS, onsets.get(2) - onsets.get(1), MS);
  }

  @Test
  void anUnwritableFileIsAnIoError() {
    JamException e =
        assertThrows(
            JamException.class,
            () -> OfflineRenderer.toWav(Score.of(Sound.BANG), dir.resolve("no/such/dir.wav")));
    assertEquals(ExitCode.IO, e.exitCode());
  }
}
