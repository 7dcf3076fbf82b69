package jam.sound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MixerTest {
  private static final int MS = SampleFormat.RATE / 1000;

  @Test
  void onsetsFallWhereScheduledWithSilenceBetween() {
    Score score =
        Score.builder()
            .sound(Duration.ZERO, "bang")
            .sound(Duration.ofMillis(300), "snare")
            .sound(Duration.ofMillis(700), "hat")
            .build();
    float[] x = OfflineRenderer.toSamples(score);

    List<Integer> onsets = Wav.onsets(x);
    assertEquals(3, onsets.size(), onsets.toString());
    assertEquals(0, onsets.get(0), MS);
    assertEquals(300 * MS, onsets.get(1), MS);
    assertEquals(700 * MS, onsets.get(2), MS);

    int bangEnd = Math.toIntExact(Score.of(Sound.BANG).frames());
    int snareEnd = 300 * MS + Math.toIntExact(Score.of(Sound.SNARE).frames());
    assertEquals(0f, Wav.peak(x, bangEnd, 300 * MS), "silence after the bang");
    assertEquals(0f, Wav.peak(x, snareEnd, 700 * MS), "silence after the snare");
  }

  @Test
  void placementIsToTheFrameWhateverTheBlockSize() {
    Mixer<Void> whole = new Mixer<>();
    Mixer<Void> blocks = new Mixer<>();
    for (Mixer<Void> mixer : List.of(whole, blocks)) {
      mixer.add(1_001, Sound.HAT.source(), null);
      mixer.add(2_345, Sound.KICK.source(), null);
    }
    float[] expected = new float[30_000];
    whole.render(expected, expected.length);
    float[] actual = new float[30_000];
    float[] block = new float[AudioEngine.BLOCK];
    for (int at = 0; at < actual.length; at += block.length) {
      int n = Math.min(block.length, actual.length - at);
      blocks.render(block, n);
      System.arraycopy(block, 0, actual, at, n);
    }
    assertArrayEquals(expected, actual);
    assertEquals(0f, Wav.peak(expected, 0, 1_001));
    assertTrue(Math.abs(expected[1_001 + 48]) > 0);
  }

  @Test
  void aVoiceScheduledInThePastStartsAtTheNextBlockUncut() {
    Mixer<Void> mixer = new Mixer<>();
    mixer.render(new float[480], 480);
    mixer.add(100, Sound.HAT.source(), null);
    float[] late = new float[480];
    mixer.render(late, 480);
    float[] onTime = new float[480];
    Mixer<Void> fresh = new Mixer<>();
    fresh.add(0, Sound.HAT.source(), null);
    fresh.render(onTime, 480);
    assertArrayEquals(onTime, late);
  }

  @Test
  void manyOverlappingBangsStayWithinFullScaleAndNeverWrap() {
    float[] single = OfflineRenderer.toSamples(Score.of(Sound.KICK));
    Score.Builder builder = Score.builder();
    for (int i = 0; i < 200; i++) {
      builder.sound(Duration.ZERO, Sound.KICK);
    }
    float[] many = OfflineRenderer.toSamples(builder.build());
    byte[] pcm = new byte[many.length * SampleFormat.FRAME_BYTES];
    Mixer.toPcm(many, many.length, pcm);
    int loud = 0;
    for (int i = 0; i < many.length; i++) {
      assertFalse(Float.isNaN(many[i]));
      assertTrue(Math.abs(many[i]) <= 1f, "within full scale at " + i);
      short s = (short) ((pcm[4 * i] & 0xff) | (pcm[4 * i + 1] << 8));
      if (Math.abs(single[i]) > 0.01f) {
        // wrapping would flip loud samples to the other sign; limiting keeps the waveform's sign
        assertEquals(Math.signum(single[i]), Math.signum(s), "sign at " + i);
        loud++;
      }
    }
    assertTrue(loud > 1_000);
    assertTrue(
        Wav.peak(many, 0, many.length) > 0.99f, "200 kicks drive the limiter near full scale");
  }

  @Test
  void theLimiterIsTheIdentityBelowItsKneeThenBoundedAndMonotonic() {
    assertEquals(0.3f, Mixer.soften(0.3f));
    assertEquals(-0.5f, Mixer.soften(-0.5f));
    assertEquals(0f, Mixer.soften(Float.NaN));
    float previous = 0;
    for (float x = 0; x < 100; x += 0.01f) {
      float y = Mixer.soften(x);
      assertTrue(y >= previous && y <= 1f, "at " + x);
      assertEquals(-y, Mixer.soften(-x));
      previous = y;
    }
  }

  @Test
  void fullScaleBecomes32767AndTheSameSampleGoesToBothChannels() {
    byte[] pcm = new byte[3 * SampleFormat.FRAME_BYTES];
    Mixer.toPcm(new float[] {1f, -1f, 0.5f}, 3, pcm);
    assertArrayEquals(
        new byte[] {
          (byte) 0xff,
          0x7f,
          (byte) 0xff,
          0x7f,
          0x01,
          (byte) 0x80,
          0x01,
          (byte) 0x80,
          0x00,
          0x40,
          0x00,
          0x40
        },
        pcm);
  }

  @Test
  void tagsReportStartsAndEndsOncePerVoiceAndTheOldestVoiceMakesRoom() {
    Mixer<String> mixer = new Mixer<>();
    for (int i = 0; i < Mixer.MAX_VOICES + 1; i++) {
      mixer.add(0, Sound.HAT.source(), "v" + i);
    }
    mixer.add(100_000, Sound.HAT.source(), "later");
    float[] block = new float[AudioEngine.BLOCK];
    mixer.render(block, block.length);
    assertEquals(Mixer.MAX_VOICES + 1, mixer.started().size());
    assertEquals(List.of("v0"), mixer.ended(), "the oldest voice is dropped");
    mixer.started().clear();
    mixer.ended().clear();

    mixer.removePending("later"::equals);
    assertEquals(List.of("later"), mixer.ended());
    mixer.ended().clear();

    List<String> ended = new ArrayList<>();
    while (!mixer.idle()) {
      mixer.render(block, block.length);
      ended.addAll(mixer.ended());
      mixer.ended().clear();
    }
    assertEquals(Mixer.MAX_VOICES, ended.size());
    assertTrue(mixer.started().isEmpty());
  }
}
