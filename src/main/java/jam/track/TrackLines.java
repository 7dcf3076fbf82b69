package jam.track;

import jam.text.Printable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tracks as text for people: one line each, or a table; all text escaped for the terminal.
 * Stateless, thread safe.
 */
public final class TrackLines {
  private TrackLines() {}

  /** "riff (2 steps, from London, gb)": name, steps, origin. */
  public static String line(Track t) {
    StringBuilder s = new StringBuilder(name(t)).append(" (").append(steps(t));
    String origin = origin(t);
    if (!origin.isEmpty()) {
      s.append(", from ").append(origin);
    }
    return s.append(')').toString();
  }

  /** A table with a header: NAME, STEPS, ORIGIN, ID; columns padded to fit. */
  public static String table(List<Track> tracks) {
    return table(tracks, Set.of());
  }

  /**
   * As {@link #table(List)}, with "(left)" after the id of each track whose {@link Track#key()} is
   * in {@code left}: the peer that shared it has left.
   */
  public static String table(List<Track> tracks, Set<String> left) {
    String[][] rows = new String[tracks.size() + 1][];
    rows[0] = new String[] {"NAME", "STEPS", "ORIGIN", "ID"};
    for (int i = 0; i < tracks.size(); i++) {
      Track t = tracks.get(i);
      rows[i + 1] =
          new String[] {
            name(t),
            t.steps() < 0 ? "-" : Integer.toString(t.steps()),
            or(origin(t), "-"),
            or(t.id().isPresent() ? Printable.escape(t.id().get()) : "", "-")
                + (left.contains(t.key()) ? "  (left)" : "")
          };
    }
    int[] widths = new int[4];
    for (String[] row : rows) {
      for (int c = 0; c < 4; c++) {
        widths[c] = Math.max(widths[c], width(row[c]));
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < 4; c++) {
        line.append(row[c]);
        if (c < 3) {
          line.append(" ".repeat(widths[c] - width(row[c]) + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /**
   * What names each track on a command line ({@code jam play}, {@code jam rm}): its name where only
   * it has that name and the name is plain (no control characters, no blanks), else its id.
   */
  public static List<String> handles(List<Track> tracks) {
    Map<String, Integer> count = new HashMap<>();
    for (Track t : tracks) {
      if (t.name() != null) {
        count.merge(t.name(), 1, Integer::sum);
      }
    }
    List<String> out = new ArrayList<>(tracks.size());
    for (Track t : tracks) {
      String name = t.name();
      boolean plain =
          name != null
              && !name.isBlank()
              && count.get(name) == 1
              && name.chars().noneMatch(Character::isWhitespace)
              && Printable.escape(name).equals(name);
      out.add(plain ? name : t.key());
    }
    return out;
  }

  private static String name(Track t) {
    String name = t.name();
    return name == null || name.isEmpty() ? "(no name)" : Printable.escape(name);
  }

  private static String steps(Track t) {
    int n = t.steps();
    return n < 0 ? "no data" : n == 1 ? "1 step" : n + " steps";
  }

  private static String origin(Track t) {
    String city = t.city() == null ? "" : Printable.escape(t.city().strip());
    String country = t.countryCode() == null ? "" : Printable.escape(t.countryCode().strip());
    if (city.isEmpty() || country.isEmpty()) {
      return city + country;
    }
    return city + ", " + country;
  }

  private static String or(String s, String fallback) {
    return s.isEmpty() ? fallback : s;
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }
}
