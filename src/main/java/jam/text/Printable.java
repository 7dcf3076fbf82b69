package jam.text;

/**
 * Makes untrusted text safe for a terminal: C0 and C1 control characters (ESC, CR, BEL, ...), DEL
 * and the Unicode line and paragraph separators are shown as escapes such as {@code \e}, {@code \r}
 * and {@code \u009b} instead of being written raw, and so are unpaired surrogates (which an encoder
 * would turn into '?') and the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069), which can make the rest of a line read in another order. Printable text, accents,
 * emoji and right-to-left scripts with their marks pass through.
 */
public final class Printable {
  private Printable() {}

  /** {@code text} with every control character escaped; the same instance when there is none. */
  public static String escape(String text) {
    int first = firstUnsafe(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!unsafe(text, i)) {
        out.append(c);
        if (Character.isHighSurrogate(c)) {
          out.append(text.charAt(++i)); // the pair's low half
        }
        continue;
      }
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 0x1b -> out.append("\\e");
        case 0x07 -> out.append("\\a");
        case 0x08 -> out.append("\\b");
        default -> out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  private static int firstUnsafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (unsafe(text, i)) {
        return i;
      }
      if (Character.isHighSurrogate(text.charAt(i))) {
        i++; // a pair: its low half is fine
      }
    }
    return -1;
  }

  /**
   * Whether the char at {@code i} must be escaped; a high surrogate is safe when a low one follows.
   */
  private static boolean unsafe(String text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028'
        || c == '\u2029'
        || bidiControl(c)
        || Character.isLowSurrogate(c);
  }

  /** The bidirectional embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069). */
  static boolean bidiControl(char c) {
    return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
  }
}
