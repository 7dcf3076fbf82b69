package jam.sound;

import jam.ExitCode;
import jam.JamException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The most a WAV file holds, 4 GiB of PCM (about 6.2 hours in {@link SampleFormat}): a recording
 * whose length is known before it starts is refused up front when it would not fit, rather than
 * after hours of work and 4 GiB of disk. Stateless.
 */
public final class WavLimit {
  private WavLimit() {}

  /** The most frames a WAV file holds. */
  public static long maxFrames() {
    return WavWriter.MAX_DATA_BYTES / SampleFormat.FRAME_BYTES;
  }

  /**
   * Checks that {@code score} fits in one WAV file.
   *
   * @throws JamException ({@link ExitCode#IO}) naming the figures when it does not
   */
  public static void check(Score score, Path file) {
    long frames = score.frames();
    if (frames <= maxFrames()) {
      return;
    }
    double gib = (double) frames * SampleFormat.FRAME_BYTES / (1L << 30);
    throw new JamException(
        ExitCode.IO,
        String.format(
            Locale.ROOT,
            "cannot write %s: %,.1f s at %d Hz 16-bit stereo is %.1f GiB; a WAV file holds at most 4 GiB (%.1f h)",
            file,
            frames / (double) SampleFormat.RATE,
            SampleFormat.RATE,
            gib,
            maxFrames() / (double) SampleFormat.RATE / 3600));
  }
}
