package jam.cli;

import jam.ExitCode;
import jam.JamException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Reads a moment given on the command line as Unix ms (a number), an ISO-8601 instant ({@code
 * 2026-12-07T21:30:00.250Z}), or a time of day ({@code 21:30}, {@code 21:30:05.5}) today in the
 * local time zone, into Unix ms. Stateless.
 */
final class Times {
  private Times() {}

  /**
   * @throws JamException ({@link ExitCode#USAGE}) naming {@code option} when {@code text} is none
   *     of those
   */
  static double parse(String text, String option) {
    String t = text.strip();
    try {
      if (!t.isEmpty()
          && (Character.isDigit(t.charAt(0)) && !t.contains(":") && !t.contains("-"))) {
        double ms = Double.parseDouble(t);
        if (Double.isFinite(ms)) {
          return ms;
        }
      } else if (t.contains("T")) {
        Instant i = Instant.parse(t);
        return i.getEpochSecond() * 1e3 + i.getNano() / 1e6;
      } else if (t.contains(":")) {
        LocalTime time = LocalTime.parse(t);
        Instant i = time.atDate(LocalDate.now()).atZone(ZoneId.systemDefault()).toInstant();
        return i.getEpochSecond() * 1e3 + i.getNano() / 1e6;
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      // said below
    }
    throw new JamException(
        ExitCode.USAGE,
        option
            + " '"
            + text
            + "' is not a time: give HH:MM[:SS[.mmm]], an ISO-8601 instant, or Unix ms");
  }
}
