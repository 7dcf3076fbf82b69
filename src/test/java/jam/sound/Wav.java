package jam.sound;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Test helper: reads WAV files through javax.sound and finds onsets in sample arrays. */
public final class Wav {
  public final AudioFormat format;
  public final long frameLength;

  /** The first channel, scaled to [-1, 1]. */
  public final float[] samples;

  private Wav(AudioFormat format, long frameLength, float[] samples) {
    this.format = format;
    this.frameLength = frameLength;
    this.samples = samples;
  }

  /** Reads a 16-bit little-endian PCM file, checking its header through {@link AudioSystem}. */
  public static Wav read(Path file) throws IOException {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
      AudioFormat format = in.getFormat();
      if (format.getSampleSizeInBits() != 16 || format.isBigEndian()) {
        throw new IOException("not 16-bit little-endian: " + format);
      }
      byte[] bytes = in.readAllBytes();
      int frameBytes = format.getFrameSize();
      float[] samples = new float[bytes.length / frameBytes];
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < samples.length; i++) {
        samples[i] = b.getShort(i * frameBytes) / 32767f;
      }
      return new Wav(format, in.getFrameLength(), samples);
    } catch (UnsupportedAudioFileException e) {
      throw new IOException(e);
    }
  }

  /**
   * Frames where the signal first exceeds {@code threshold} after at least {@code gap} frames below
   * it (or from the start).
   */
  public static List<Integer> onsets(float[] samples, float threshold, int gap) {
    List<Integer> onsets = new ArrayList<>();
    int quiet = gap;
    for (int i = 0; i < samples.length; i++) {
      if (Math.abs(samples[i]) > threshold) {
        if (quiet >= gap) {
          onsets.add(i);
        }
        quiet = 0;
      } else {
        quiet++;
      }
    }
    return onsets;
  }

  /** {@link #onsets} with a threshold of 1% of full scale and a gap of 30 ms. */
  public static List<Integer> onsets(float[] samples) {
    return onsets(samples, 0.01f, SampleFormat.RATE * 30 / 1000);
  }

  public static float peak(float[] samples, int from, int to) {
    float peak = 0;
    for (int i = from; i < to; i++) {
      peak = Math.max(peak, Math.abs(samples[i]));
    }
    return peak;
  }
}
