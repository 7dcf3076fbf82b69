package jam.sound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreTest {
  private static final int MS = SampleFormat.RATE / 1000;

  @Test
  void aTrackRowIsA300msStepEachFrequencyAHalfSecondNote() {
    List<?> data =
        List.of(
            Arrays.asList(440, null, 660.5, null),
            Arrays.asList(null, null, null, null),
            Arrays.asList(880L, null, null, 220.0));
    Score score = Score.ofTrack(data);

    assertEquals(4, score.size());
    assertEquals(Duration.ofMillis(2 * 300 + 500), score.length());
    float[] x = OfflineRenderer.toSamples(score);
    List<Integer> onsets = Wav.onsets(x, 0.002f, 30 * MS);
    assertEquals(2, onsets.size(), onsets.toString());
    assertEquals(0, onsets.get(0), MS);
    assertEquals(600 * MS, onsets.get(1), MS);
    assertEquals(0f, Wav.peak(x, 500 * MS, 600 * MS), "the rest row is silent once the notes end");
    assertTrue(Wav.peak(x, 0, x.length) < 1f);
  }

  @Test
  void entriesThatAreNotPlayableFrequenciesAreRests() {
    List<?> data =
        List.of(
            Arrays.asList("440", true, -5, 0, Double.NaN, 30_000, Double.POSITIVE_INFINITY),
            "not a row",
            Arrays.asList(330));
    Score score = Score.ofTrack(data);
    assertEquals(1, score.size());
    assertEquals(Duration.ofMillis(2 * 300 + 500), score.length());
    assertTrue(Score.ofTrack(List.of()).isEmpty());
  }

  @Test
  void soundsByNameUnknownOnesBeingTheDefault() {
    assertSame(Score.of(Sound.BANG), Score.of("tuba"));
    assertSame(Score.of(Sound.BELL), Score.of("bell"));
    assertEquals(Duration.ZERO, Score.empty().length());
  }

  @Test
  void theBuilderRejectsWhatCannotBePlayed() {
    Score.Builder builder = Score.builder();
    assertThrows(
        IllegalArgumentException.class, () -> builder.sound(Duration.ofMillis(-1), "bang"));
    assertThrows(
        IllegalArgumentException.class,
        () -> builder.note(Duration.ZERO, 0, Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> builder.note(Duration.ZERO, 24_000, Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class, () -> builder.note(Duration.ZERO, 440, Duration.ZERO));
    Score score = builder.sound(Duration.ofSeconds(1), "hat").sound(Duration.ZERO, "kick").build();
    assertEquals(2, score.size());
    assertEquals(0, score.cues().get(0).frame(), "cues are kept in order of their start");
  }
}
