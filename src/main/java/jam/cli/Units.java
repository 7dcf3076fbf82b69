package jam.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option values with units: durations ("500ms", "5s", "2m") and sizes ("64KiB", "1MiB", "1000").
 */
final class Units {
  private Units() {}

  /**
   * "12", "1.5 ms", "64KiB": digits, an optional fraction, blanks, then letters only; null
   * otherwise. By hand rather than a regex: java.util.regex bootstraps lambdas, ~15 ms of a short
   * command's start.
   */
  private record NumberUnit(double number, String unit) {
    static NumberUnit parse(String value) {
      String v = value.trim();
      int i = digits(v, 0);
      if (i == 0) {
        return null;
      }
      if (i < v.length() && v.charAt(i) == '.') {
        int j = digits(v, i + 1);
        if (j == i + 1) {
          return null;
        }
        i = j;
      }
      int number = i;
      while (i < v.length() && Character.isWhitespace(v.charAt(i))) {
        i++;
      }
      for (int j = i; j < v.length(); j++) {
        char c = v.charAt(j);
        if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
          return null;
        }
      }
      return new NumberUnit(
          Double.parseDouble(v.substring(0, number)), v.substring(i).toLowerCase(Locale.ROOT));
    }

    private static int digits(String v, int from) {
      int i = from;
      while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
        i++;
      }
      return i;
    }
  }

  /**
   * "500ms", "5s", "2m", "1h"; a bare number is seconds. An IllegalArgumentException saying why
   * otherwise. Loads nothing of picocli, for {@link FastPath}.
   */
  static Duration duration(String value) {
    NumberUnit m = NumberUnit.parse(value);
    if (m == null) {
      throw new IllegalArgumentException("'" + value + "' is not a duration (e.g. 500ms, 5s, 2m)");
    }
    double n = m.number();
    double millis =
        switch (m.unit()) {
          case "ms" -> n;
          case "", "s" -> n * 1000;
          case "m", "min" -> n * 60_000;
          case "h" -> n * 3_600_000;
          default ->
              throw new IllegalArgumentException(
                  "'" + value + "' has an unknown unit (use ms, s, m or h)");
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
      NumberUnit m = NumberUnit.parse(value);
      if (m == null) {
        throw new TypeConversionException("'" + value + "' is not a size (e.g. 4096, 64KiB, 1MiB)");
      }
      double n = m.number();
      long unit =
          switch (m.unit()) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            default ->
                throw new TypeConversionException(
                    "'" + value + "' has an unknown unit (use KiB, MiB or GiB)");
          };
      return Math.round(n * unit);
    }
  }
}
