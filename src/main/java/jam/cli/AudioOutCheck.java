package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.file.SameFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Which files {@code --audio-out FILE} may replace, checked before anything is read, played or written:
 * never a file the command reads (the track played, stdin's file, a {@code --cacert} file) nor one jam
 * keeps (the track store in use and its lock file, the console's history), however spelled (links, {@code ./x}), not even with {@code --force}; an existing file
 * that is not a WAV file (no RIFF/WAVE header) only with {@code --force}; an existing WAV file, or an
 * empty file, always, as sox and ffmpeg's {@code -y} do. A refusal is a usage error. Stateless.
 */
final class AudioOutCheck {
  /** A file the command reads or keeps, named as a refusal names it: "the track store". */
  record Input(String what, Path path) {}

  private static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] WAVE = "WAVE".getBytes(StandardCharsets.US_ASCII);

  private AudioOutCheck() {}

  /**
   * @throws JamException ({@link ExitCode#USAGE}) when {@code out} is one of {@code inputs}, or an existing
   *     file other than a WAV file and not {@code force}
   */
  static void check(Path out, List<Input> inputs, boolean force) {
    for (Input input : inputs) {
      if (input.path() != null && SameFile.test(out, input.path())) {
        throw new JamException(
            ExitCode.USAGE, "--audio-out " + out + " is " + input.what() + "; jam never records over it (--force or not)");
      }
    }
    if (!force && Files.isRegularFile(out) && !isWavOrEmpty(out)) {
      throw new JamException(
          ExitCode.USAGE, "--audio-out " + out + " exists and is not a WAV file; jam replaces only WAV files (--force to replace it)");
    }
  }

  /** The track store in use and its lock file, which jam keeps beside it. */
  static List<Input> store(Path store) {
    return List.of(
        new Input("the track store", store),
        new Input("the track store's lock file", store.resolveSibling(store.getFileName() + ".lock")));
  }

  /** The input that is stdin's file, where stdin is a file (jam play - < riff.json), on systems with /dev/stdin. */
  static Input stdin() {
    Path stdin = Path.of("/dev/stdin");
    return new Input("stdin's file", Files.isRegularFile(stdin) ? stdin : null);
  }

  private static boolean isWavOrEmpty(Path file) {
    byte[] head = new byte[12];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      return false; // what cannot be read cannot be told to be a WAV file
    }
    return n == 0
        || (n == head.length
            && Arrays.equals(head, 0, 4, RIFF, 0, 4)
            && Arrays.equals(head, 8, 12, WAVE, 0, 4));
  }
}
