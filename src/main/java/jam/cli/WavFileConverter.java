package jam.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --audio-out FILE.wav}: a file name. Not "" (it named the current folder: "cannot write :
 * is a directory"), nor "-", which reads as stdout but made a file called "-": a WAV file's header
 * holds its length, written once the recording ends, so jam writes WAV to files only. Stateless.
 */
final class WavFileConverter implements ITypeConverter<Path> {
  @Override
  public Path convert(String value) {
    if (value.isEmpty()) {
      throw new TypeConversionException("a file name is needed, such as jam.wav");
    }
    if (value.equals("-")) {
      throw new TypeConversionException(
          "'-': jam records WAV to a file only (its header holds the length), not to stdout");
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new TypeConversionException("'" + value + "' is not a file name: " + e.getReason());
    }
  }
}
