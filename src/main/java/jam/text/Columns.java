package jam.text;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.WCWidth;

/**
 * Text measured and wrapped in terminal columns: a CJK character or an emoji takes two, a combining
 * mark none (JLine's wcwidth), so tables of names from anywhere stay aligned. Stateless, thread
 * safe.
 */
public final class Columns {
  private Columns() {}

  /** The columns {@code text} takes on a terminal; control characters count as none. */
  public static int width(String text) {
    int columns = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      columns += Math.max(0, WCWidth.wcwidth(c));
      i += Character.charCount(c);
    }
    return columns;
  }

  /** {@code text} followed by blanks up to {@code width} columns (none when it is as wide). */
  public static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - width(text)));
  }

  /**
   * {@code text} in lines of at most {@code width} columns, broken at blanks. A word wider than a
   * line is cut only when {@code cutWords}; otherwise it stands whole on a line of its own (an id,
   * a path: what is copied must stay in one piece). Never an empty list.
   */
  public static List<String> wrap(String text, int width, boolean cutWords) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int used = 0;
    for (String word : text.strip().split(" +")) {
      int w = width(word);
      if (used > 0 && used + 1 + w > width) {
        lines.add(line.toString());
        line.setLength(0);
        used = 0;
      }
      if (w > width && cutWords) {
        for (int i = 0; i < word.length(); ) {
          int c = word.codePointAt(i);
          int cw = Math.max(0, WCWidth.wcwidth(c));
          if (used > 0 && used + cw > width) {
            lines.add(line.toString());
            line.setLength(0);
            used = 0;
          }
          line.appendCodePoint(c);
          used += cw;
          i += Character.charCount(c);
        }
        continue;
      }
      if (used > 0) {
        line.append(' ');
        used++;
      }
      line.append(word);
      used += w;
    }
    lines.add(line.toString());
    return lines;
  }
}
