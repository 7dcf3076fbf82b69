package jam.sound;

import java.util.SplittableRandom;

/**
 * The recipes behind {@link Sound}: each returns a fresh mono clip at {@link SampleFormat#RATE},
 * starting and ending at zero (1 ms fade-in, 10 ms fade-out) and normalized to a fixed peak below
 * full scale. Noise comes from a fixed seed, so every clip is the same on every run. Stateless.
 */
final class Synth {
  private static final double RATE = SampleFormat.RATE;
  private static final int FADE_IN = SampleFormat.RATE / 1000;
  private static final int FADE_OUT = SampleFormat.RATE / 100;

  private Synth() {}

  /** A pitched thump with a noisy click on top: the sound a bare "bang" makes. */
  static float[] bang() {
    float[] out =
        new float[frames(0.25)]; // shorter than a 300 ms step, so steps have silence between
    SplittableRandom noise = new SplittableRandom(1);
    double phase = 0;
    for (int k = 0; k < out.length; k++) {
      double t = k / RATE;
      phase += 2 * Math.PI * (220 + 440 * Math.exp(-t / 0.012)) / RATE;
      double tone = (Math.sin(phase) + 0.35 * Math.sin(2 * phase)) * Math.exp(-t / 0.06);
      double click = white(noise) * 0.4 * Math.exp(-t / 0.006);
      out[k] = (float) (tone + click);
    }
    return finish(out, 0.6);
  }

  /** A sine swept down from about 155 Hz to 45 Hz. */
  static float[] kick() {
    float[] out = new float[frames(0.45)];
    double phase = 0;
    for (int k = 0; k < out.length; k++) {
      double t = k / RATE;
      phase += 2 * Math.PI * (45 + 110 * Math.exp(-t / 0.035)) / RATE;
      out[k] = (float) (Math.sin(phase) * Math.exp(-t / 0.14));
    }
    return finish(out, 0.7);
  }

  /** A 180 Hz body under a burst of brightened noise. */
  static float[] snare() {
    float[] out = new float[frames(0.3)];
    SplittableRandom noise = new SplittableRandom(2);
    double previous = 0;
    for (int k = 0; k < out.length; k++) {
      double t = k / RATE;
      double white = white(noise);
      double bright = white - 0.6 * previous; // a gentle high-pass
      previous = white;
      double body = Math.sin(2 * Math.PI * 180 * t) * Math.exp(-t / 0.045);
      out[k] = (float) (0.5 * body + 0.7 * bright * Math.exp(-t / 0.07));
    }
    return finish(out, 0.55);
  }

  /** A short tick of high-passed noise. */
  static float[] hat() {
    float[] out = new float[frames(0.12)];
    SplittableRandom noise = new SplittableRandom(3);
    double x1 = 0;
    double x2 = 0;
    for (int k = 0; k < out.length; k++) {
      double t = k / RATE;
      double x = white(noise);
      double high = x - 2 * x1 + x2; // second difference: only the top octaves stay
      x2 = x1;
      x1 = x;
      out[k] = (float) (high * Math.exp(-t / 0.02));
    }
    return finish(out, 0.4);
  }

  /** Inharmonic partials of a struck bar over 660 Hz, the higher ones dying first. */
  static float[] bell() {
    double[] ratio = {1, 2.0, 2.76, 5.40, 8.93};
    double[] level = {1, 0.5, 0.45, 0.25, 0.12};
    double[] decay = {0.9, 0.6, 0.4, 0.2, 0.1};
    float[] out = new float[frames(1.6)];
    for (int k = 0; k < out.length; k++) {
      double t = k / RATE;
      double sum = 0;
      for (int p = 0; p < ratio.length; p++) {
        sum += level[p] * Math.exp(-t / decay[p]) * Math.sin(2 * Math.PI * 660 * ratio[p] * t);
      }
      out[k] = (float) sum;
    }
    return finish(out, 0.5);
  }

  private static int frames(double seconds) {
    return (int) Math.round(seconds * RATE);
  }

  private static double white(SplittableRandom random) {
    return random.nextDouble() * 2 - 1;
  }

  /** Fades both ends to exactly zero and scales the clip so that its peak is {@code peak}. */
  private static float[] finish(float[] clip, double peak) {
    for (int k = 0; k < FADE_IN; k++) {
      clip[k] *= (float) k / FADE_IN;
    }
    for (int k = 0; k < FADE_OUT; k++) {
      clip[clip.length - 1 - k] *= (float) k / FADE_OUT;
    }
    float max = 0;
    for (float x : clip) {
      max = Math.max(max, Math.abs(x));
    }
    float scale = (float) (peak / max);
    for (int k = 0; k < clip.length; k++) {
      clip[k] *= scale;
    }
    return clip;
  }
}
