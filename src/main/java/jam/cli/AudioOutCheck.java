package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.file.SameFile;
import jam.sound.WavClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Which files {@code --audio-out FILE} may replace, checked before anything is read, played or
 * written: never a file the command reads (the track played, stdin's file, a {@code --cacert} file)
 * nor one jam keeps (the track store in use and its lock file, the console's history), however
 * spelled (links, {@code ./x}), not even with {@code --force}; an existing file that is not a WAV
 * file (no RIFF/WAVE header) only with {@code --force}; an existing WAV file, or an empty file,
 * always, as sox and ffmpeg's {@code -y} do. The same goes for the recording's clock, {@code
 * FILE.json} ({@link WavClock}), which replaces only an empty file or one jam wrote. A refusal is a
 * usage error. Stateless.
 */
final class AudioOutCheck {
  /** A file the command reads or keeps, named as a refusal names it: "the track store". */
  record Input(String what, Path path) {}

  private static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] WAVE = "WAVE".getBytes(StandardCharsets.US_ASCII);

  private AudioOutCheck() {}

  /**
   * @throws JamException ({@link ExitCode#USAGE}) when {@code out} is one of {@code inputs}, or an
   *     existing file other than a WAV file and not {@code force}
   */
  static void check(Path out, List<Input> inputs, boolean force) {
    check(out, inputs, force, true);
  }

  /**
   * As {@link #check(Path, List, boolean)}; {@code clock}: the recording is made in real time and
   * gets its {@link WavClock}.
   */
  static void check(Path out, List<Input> inputs, boolean force, boolean clock) {
    for (Input input : inputs) {
      if (input.path() != null && SameFile.test(out, input.path())) {
        throw new JamException(
            ExitCode.USAGE,
            "--audio-out "
                + out
                + " is "
                + input.what()
                + "; jam never records over it (--force or not)");
      }
    }
    if (!force && Files.isRegularFile(out) && !isWavOrEmpty(out)) {
      throw new JamException(
          ExitCode.USAGE,
          "--audio-out "
              + out
              + " exists and is not a WAV file; jam replaces only WAV files (--force to replace it)");
    }
    if (!clock) {
      return;
    }
    Path sidecar = WavClock.sidecar(out);
    for (Input input : inputs) {
      if (input.path() != null && SameFile.test(sidecar, input.path())) {
        throw new JamException(
            ExitCode.USAGE,
            "--audio-out "
                + out
                + " would write "
                + sidecar
                + ", which is "
                + input.what()
                + "; jam never writes over it");
      }
    }
    if (!force && Files.isRegularFile(sidecar) && !isSidecarOrEmpty(sidecar)) {
      throw new JamException(
          ExitCode.USAGE,
          "--audio-out "
              + out
              + " writes its clock to "
              + sidecar
              + ", which exists and is not one jam wrote (--force to replace it)");
    }
  }

  /** Empty, or a small JSON object naming {@code frame0_unix_ms}: what {@link WavClock} writes. */
  private static boolean isSidecarOrEmpty(Path file) {
    try {
      if (Files.size(file) > 4096) {
        return false;
      }
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.isEmpty()
          || (text.startsWith("{") && text.endsWith("}") && text.contains("\"frame0_unix_ms\""));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The track store in use and its lock file, which jam keeps beside it. */
  static List<Input> store(Path store) {
    return List.of(
        new Input("the track store", store),
        new Input(
            "the track store's lock file", store.resolveSibling(store.getFileName() + ".lock")));
  }

  /**
   * The input that is stdin's file, where stdin is a file (jam play - < riff.json), on systems with
   * /dev/stdin.
   */
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
