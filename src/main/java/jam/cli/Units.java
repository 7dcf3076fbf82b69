package jam.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option values with units: durations ("500ms", "5s", "2m") and sizes ("64KiB", "1MiB", "1000"). */
final class Units {
  private static final Pattern NUMBER_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");

  private Units() {}

  /**
   * "500ms", "5s", "2m", "1h"; a bare number is seconds. An IllegalArgumentException saying why
   * otherwise. Loads nothing of picocli, for {@link FastPath}.
   */
  static Duration duration(String value) {
    Matcher m = NUMBER_UNIT.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + value + "' is not a duration (e.g. 500ms, 5s, 2m)");
    }
    double n = Double.parseDouble(m.group(1));
    double millis =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "ms" -> n;
          case "", "s" -> n * 1000;
          case "m", "min" -> n * 60_000;
          case "h" -> n * 3_600_000;
          default -> throw new IllegalArgumentException("'" + value + "' has an unknown unit (use ms, s, m or h)");
        };
    return Duration.ofNanos(Math.round(millis * 1_000_000));
  }

  /** {@link #duration} for picocli. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return duration(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** "1000", "64KiB" / "64K" / "64kB" (all 1024), "1MiB", "1GiB". */
  static final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      Matcher m = NUMBER_UNIT.matcher(value.trim());
      if (!m.matches()) {
        throw new TypeConversionException("'" + value + "' is not a size (e.g. 4096, 64KiB, 1MiB)");
      }
      double n = Double.parseDouble(m.group(1));
      long unit =
          switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            default -> throw new TypeConversionException(
                "'" + value + "' has an unknown unit (use KiB, MiB or GiB)");
          };
      return Math.round(n * unit);
    }
  }
}
