package jam.cli;

import jam.ExitCode;
import jam.JamException;

/**
 * How {@code jam join} talks to its user, decided once from {@code --format}, {@code --json},
 * whether stdin and stdout are terminals and {@code NO_COLOR}: the console (a prompt, a status
 * line, colours unless NO_COLOR), or plain lines or NDJSON on stdout without a single escape code.
 * Immutable.
 *
 * @param console the JLine console; false: plain output, no JLine terminal at all
 * @param json tracks as JSON objects, one per line (never with the console)
 * @param colour styles and colours (only with the console)
 */
record OutputMode(boolean console, boolean json, boolean colour) {
  /** What {@code --format} asks for. */
  enum Format {
    /** The console when stdin and stdout are both terminals, else text. */
    AUTO,
    /** A readable line per track. */
    TEXT,
    /** One JSON object per track, one per line. */
    JSON
  }

  /**
   * The --format values as help spells them, for completion (picocli would offer AUTO, TEXT, JSON).
   */
  static final class FormatNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.List.of("auto", "text", "json").iterator();
    }
  }

  static final OutputMode TEXT = new OutputMode(false, false, false);
  static final OutputMode JSON = new OutputMode(false, true, false);

  /**
   * The mode for {@code format} (null: not given) and {@code json} ({@code --json}, shorthand for
   * {@code --format json}); {@code terminals}: stdin and stdout both are; {@code noColor}: the
   * value of {@code NO_COLOR} (null when unset).
   *
   * @throws JamException ({@link ExitCode#USAGE}) when --json and --format disagree
   */
  static OutputMode decide(Format format, boolean json, boolean terminals, String noColor) {
    if (json && format != null && format != Format.JSON) {
      throw new JamException(
          ExitCode.USAGE,
          "--json contradicts --format " + format.name().toLowerCase(java.util.Locale.ROOT));
    }
    Format f = json ? Format.JSON : format == null ? Format.AUTO : format;
    return switch (f) {
      case JSON -> JSON;
      case TEXT -> TEXT;
      case AUTO ->
          terminals ? new OutputMode(true, false, noColor == null || noColor.isEmpty()) : TEXT;
    };
  }
}
