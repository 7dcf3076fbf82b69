package jam.sound;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/**
 * Opens and starts the output line; tests substitute failures and fake lines. Implementations are
 * stateless.
 */
@FunctionalInterface
interface LineOpener {
  /**
   * Returns a started line for {@code format} with a buffer of about {@code bufferBytes}.
   *
   * @throws IllegalArgumentException when no device supports the format (javax.sound's "no device")
   * @throws LineUnavailableException when the device is busy
   */
  SourceDataLine open(AudioFormat format, int bufferBytes) throws LineUnavailableException;

  /** The default device, as javax.sound chooses it. */
  LineOpener SYSTEM =
      (format, bufferBytes) -> {
        SourceDataLine line = AudioSystem.getSourceDataLine(format);
        try {
          line.open(format, bufferBytes);
          line.start();
          return line;
        } catch (LineUnavailableException | RuntimeException e) {
          line.close();
          throw e;
        }
      };
}
