package jam.sound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SynthTest {
  @Test
  void soundNamesListsTheSoundsInTheirOrderForTriggerAndCompletion() {
    assertEquals(Sound.names(), SoundNames.ALL);
  }

  @Test
  void namesListEverySoundDefaultFirst() {
    assertEquals(List.of("bang", "kick", "snare", "hat", "bell"), Sound.names());
    assertSame(Sound.BANG, Sound.DEFAULT);
  }

  @Test
  void unknownNamesFallBackToTheDefault() {
    assertSame(Sound.BANG, Sound.named(null));
    assertSame(Sound.BANG, Sound.named(""));
    assertSame(Sound.BANG, Sound.named("tuba"));
    assertSame(Sound.KICK, Sound.named(" Kick "));
    assertTrue(Sound.isKnown("HAT"));
    assertFalse(Sound.isKnown("tuba"));
    assertFalse(Sound.isKnown(null));
  }

  @ParameterizedTest
  @EnumSource(Sound.class)
  void everySoundIsAudibleFiniteWithinFullScaleAndStartsAndEndsAtZero(Sound sound) {
    float[] x = OfflineRenderer.toSamples(Score.of(sound));
    assertTrue(
        x.length > SampleFormat.RATE / 20 && x.length < 2 * SampleFormat.RATE,
        "length " + x.length);
    for (float v : x) {
      assertFalse(Float.isNaN(v) || Float.isInfinite(v));
    }
    float peak = Wav.peak(x, 0, x.length);
    assertTrue(peak > 0.3f && peak <= 0.7f, "peak " + peak);
    assertEquals(0f, x[0]);
    assertTrue(Math.abs(x[x.length - 1]) < 1e-3f, "last sample " + x[x.length - 1]);
    assertTrue(Math.abs(x[1] - x[0]) < 0.05f, "no click at the start");
  }

  @Test
  void theDefaultBangIsShorterThanATrackStepSoStepsHaveSilenceBetween() {
    assertTrue(Score.of(Sound.BANG).length().compareTo(Score.TRACK_STEP) < 0);
  }

  @Test
  void soundsDifferInBrightnessAsTheirNamesSay() {
    double kick = crossingsPerSecond(OfflineRenderer.toSamples(Score.of(Sound.KICK)));
    double bang = crossingsPerSecond(OfflineRenderer.toSamples(Score.of(Sound.BANG)));
    double hat = crossingsPerSecond(OfflineRenderer.toSamples(Score.of(Sound.HAT)));
    assertTrue(kick < bang && bang < hat, kick + " < " + bang + " < " + hat);
  }

  @Test
  void aNoteIsASineOfItsFrequencyWithASoftAttackAndRelease() {
    float[] x =
        OfflineRenderer.toSamples(
            Score.builder().note(Duration.ZERO, 440, Score.TRACK_NOTE).build());
    assertEquals(SampleFormat.RATE / 2, x.length);
    assertEquals(440, crossingsPerSecond(x) / 2, 3);
    assertEquals(0f, x[0]);
    assertTrue(Math.abs(x[x.length - 1]) < 1e-4f);
    assertTrue(Wav.peak(x, 0, 48) < 0.02f, "attack");
    assertTrue(Wav.peak(x, x.length - 48, x.length) < 0.01f, "release");
    assertEquals(SineVoice.GAIN, Wav.peak(x, 0, x.length), 0.001);
  }

  private static double crossingsPerSecond(float[] x) {
    int crossings = 0;
    for (int i = 1; i < x.length; i++) {
      if ((x[i - 1] < 0) != (x[i] < 0)) {
        crossings++;
      }
    }
    return crossings * (double) SampleFormat.RATE / x.length;
  }
}
