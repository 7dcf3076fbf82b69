package jam.sound;

import jam.ExitCode;
import jam.JamException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Renders a {@link Score} as fast as the CPU allows, with the same mixer and limiter as real-time
 * play: for {@code jam play --mute --audio-out}, where nobody listens and waiting would only cost
 * time. Stateless and thread safe.
 */
public final class OfflineRenderer {
  private static final int BLOCK = SampleFormat.RATE / 10;

  private OfflineRenderer() {}

  /**
   * Writes {@code score} to a WAV file, its start at the first frame, ending where its last sound
   * ends. The file appears (or replaces the old one) only when the rendering is over: a failure
   * leaves the old file as it was and nothing beside it.
   *
   * @throws JamException ({@link ExitCode#IO}) when the file cannot be written or the score would
   *     not fit in a WAV file (then before anything is written)
   */
  public static void toWav(Score score, Path file) {
    toWav(score, file, () -> {}, () -> false);
  }

  /**
   * As {@link #toWav(Score, Path)}, running {@code opened} once the file is created, before the
   * rendering (so that a status line about it comes only when the file could be made), and asking
   * {@code stop} before each tenth of a second: when it says true, the file is finished where the
   * rendering got to, a shorter WAV, and put in place all the same.
   *
   * @return the frames written: {@code score.frames()}, or fewer when stopped
   */
  public static long toWav(Score score, Path file, Runnable opened, BooleanSupplier stop) {
    Objects.requireNonNull(score, "score");
    WavLimit.check(score, file);
    WavWriter created;
    try {
      created = WavWriter.create(file);
    } catch (IOException e) {
      throw new JamException(
          ExitCode.IO, "cannot write " + file + ": " + JamException.reason(e), e);
    }
    try (WavWriter wav = created) {
      opened.run();
      Mixer<Void> mixer = new Mixer<>();
      mixer.add(0, score, null);
      float[] mono = new float[BLOCK];
      byte[] pcm = new byte[BLOCK * SampleFormat.FRAME_BYTES];
      for (long left = score.frames(); left > 0 && !stop.getAsBoolean(); left -= BLOCK) {
        int n = (int) Math.min(BLOCK, left);
        mixer.render(mono, n);
        mixer.started().clear();
        mixer.ended().clear();
        Mixer.toPcm(mono, n, pcm);
        wav.write(pcm, 0, n * SampleFormat.FRAME_BYTES);
      }
      wav.commit();
      return wav.frames();
    } catch (IOException e) {
      throw new JamException(
          ExitCode.IO,
          "cannot write " + file + ": " + JamException.reason(e) + " (" + file + " is unchanged)",
          e);
    }
  }

  /** The mono mix of {@code score}, soft-limited, one float per frame: for tests. */
  static float[] toSamples(Score score) {
    Mixer<Void> mixer = new Mixer<>();
    mixer.add(0, score, null);
    float[] out = new float[Math.toIntExact(score.frames())];
    float[] mono = new float[BLOCK];
    for (int at = 0; at < out.length; at += BLOCK) {
      int n = Math.min(BLOCK, out.length - at);
      mixer.render(mono, n);
      mixer.started().clear();
      mixer.ended().clear();
      System.arraycopy(mono, 0, out, at, n);
    }
    return out;
  }
}
