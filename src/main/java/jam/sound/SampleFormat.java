package jam.sound;

import java.time.Duration;
import javax.sound.sampled.AudioFormat;

/**
 * The one PCM format jam plays and records: 48 kHz, 16-bit signed little-endian, stereo. Stateless.
 */
public final class SampleFormat {
  /** Frames per second. */
  public static final int RATE = 48_000;

  /** Interleaved channels; both carry the same mono mix. */
  public static final int CHANNELS = 2;

  /** Bytes per sample of one channel. */
  public static final int SAMPLE_BYTES = 2;

  /** Bytes per frame: one sample for each channel. */
  public static final int FRAME_BYTES = CHANNELS * SAMPLE_BYTES;

  private SampleFormat() {}

  /** The format as javax.sound spells it. */
  public static AudioFormat audioFormat() {
    return new AudioFormat(RATE, 8 * SAMPLE_BYTES, CHANNELS, true, false);
  }

  /** The number of frames closest to a duration. */
  public static long frames(Duration duration) {
    return Math.round(duration.toNanos() * (RATE / 1e9));
  }

  /** The duration of a number of frames, rounded to the nanosecond. */
  public static Duration duration(long frames) {
    return Duration.ofNanos(Math.round(frames * (1e9 / RATE)));
  }
}
