package jam.sound;

/**
 * A sine tone with a short linear attack and a raised-cosine release, so that it starts and ends at
 * zero without a click: the voice of a track note. Computed on the fly (nothing stored per note).
 * Immutable and thread safe.
 */
final class SineVoice implements Source {
  /**
   * Level of one voice: a row of four stays below the limiter's knee (overlapping rows are
   * limited).
   */
  static final float GAIN = 0.12f;

  static final int ATTACK = SampleFormat.RATE / 100; // 10 ms
  static final int RELEASE = SampleFormat.RATE / 10; // 100 ms

  private final double radiansPerFrame;
  private final int frames;
  private final float gain;

  SineVoice(double hz, int frames, float gain) {
    if (!(hz > 0 && hz < SampleFormat.RATE / 2.0)) {
      throw new IllegalArgumentException("hz must be in (0, " + SampleFormat.RATE / 2 + "): " + hz);
    }
    if (frames < 2) {
      throw new IllegalArgumentException("frames must be at least 2: " + frames);
    }
    this.radiansPerFrame = 2 * Math.PI * hz / SampleFormat.RATE;
    this.frames = frames;
    this.gain = gain;
  }

  @Override
  public int frames() {
    return frames;
  }

  @Override
  public void mixInto(float[] acc, int at, int from, int count) {
    for (int i = 0; i < count; i++) {
      int k = from + i;
      acc[at + i] += (float) (gain * envelope(k) * Math.sin(radiansPerFrame * k));
    }
  }

  private double envelope(int k) {
    int attack = Math.min(ATTACK, frames / 2);
    int release = Math.min(RELEASE, frames - attack);
    if (k < attack) {
      return (double) k / attack;
    }
    int left = frames - 1 - k;
    if (left < release) {
      return 0.5 - 0.5 * Math.cos(Math.PI * left / release);
    }
    return 1;
  }
}
