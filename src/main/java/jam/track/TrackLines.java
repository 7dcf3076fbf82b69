package jam.track;

import jam.text.Columns;
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
    return table(tracks, Set.of(), Integer.MAX_VALUE);
  }

  /** Fewest columns NAME and ORIGIN are each given before the table becomes a list. */
  private static final int NARROWEST = 8;

  /**
   * The table in at most {@code width} terminal columns where it can be, with "(left)" after the id
   * of each track whose {@link Track#key()} is in {@code left} (the peer that shared it has left):
   * names and origins wrap at blanks within their columns, steps and ids never wrap; where even
   * that does not fit, one block per track (its line, then its id on a line of its own). Columns
   * are measured in terminal columns, so wide (CJK, emoji) names keep them aligned. An id is never
   * split.
   */
  public static String table(List<Track> tracks, Set<String> left, int width) {
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
        widths[c] = Math.max(widths[c], Columns.width(row[c]));
      }
    }
    int natural = widths[0] + widths[1] + widths[2] + widths[3] + 6;
    if (natural > width) {
      int room = width - widths[1] - widths[3] - 6; // for NAME and ORIGIN together
      if (room < 2 * NARROWEST) {
        return blocks(tracks, left, width);
      }
      // the narrower of the two keeps its width when it takes at most half; the other wraps
      if (widths[2] <= room / 2) {
        widths[0] = room - widths[2];
      } else if (widths[0] <= room / 2) {
        widths[2] = room - widths[0];
      } else {
        widths[2] = room / 2;
        widths[0] = room - widths[2];
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      List<List<String>> cells = new ArrayList<>();
      int height = 1;
      for (int c = 0; c < 4; c++) {
        List<String> cell =
            c == 0 || c == 2 ? Columns.wrap(row[c], widths[c], true) : List.of(row[c]);
        cells.add(cell);
        height = Math.max(height, cell.size());
      }
      for (int h = 0; h < height; h++) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < 4; c++) {
          String part = h < cells.get(c).size() ? cells.get(c).get(h) : "";
          line.append(c < 3 ? Columns.pad(part, widths[c] + 2) : part);
        }
        out.append(line.toString().stripTrailing()).append('\n');
      }
    }
    return out.toString();
  }

  /** Each track's {@link #line} wrapped at blanks, then its id, on a line of its own, indented. */
  private static String blocks(List<Track> tracks, Set<String> left, int width) {
    StringBuilder out = new StringBuilder();
    for (Track t : tracks) {
      for (String l : Columns.wrap(line(t), Math.max(1, width), true)) {
        out.append(l).append('\n');
      }
      out.append("  ")
          .append(or(t.id().map(Printable::escape).orElse(""), "(no id)"))
          .append(left.contains(t.key()) ? "  (left)" : "")
          .append('\n');
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
}
