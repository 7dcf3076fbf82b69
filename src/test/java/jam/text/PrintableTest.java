package jam.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PrintableTest {
  @Test
  void printableTextIsUnchanged() {
    String s = "riff é ♪ 🎵 \"quoted\" back\\slash";
    assertSame(s, Printable.escape(s));
  }

  @Test
  void controlCharactersAreEscaped() {
    assertEquals("a\\e[31mred\\e[0m", Printable.escape("a\u001b[31mred\u001b[0m"));
    assertEquals("over\\rwrite\\a", Printable.escape("over\rwrite\u0007"));
    assertEquals("two\\nlines", Printable.escape("two\nlines"));
    assertEquals("c1 \\u009b csi, del \\u007f", Printable.escape("c1 \u009b csi, del \u007f"));
    assertEquals("nul \\u0000", Printable.escape("nul \u0000"));
    assertEquals(
        "lone \\ud800 and \\udfff, pair \ud83c\udfb8",
        Printable.escape("lone \ud800 and \udfff, pair \ud83c\udfb8"));
    assertEquals("\ud83c\udfb8\\ud800", Printable.escape("\ud83c\udfb8\ud800"));
    assertEquals("sep \\u2028", Printable.escape("sep \u2028"));
  }

  /**
   * The bidirectional overrides, embeddings and isolates, which can show a line's text in another
   * order.
   */
  @Test
  void bidiControlsAreEscaped() {
    assertEquals("riff\\u202e3pm.exe", Printable.escape("riff\u202e3pm.exe"));
    for (char c :
        new char[] {
          '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'
        }) {
      assertEquals(String.format("a\\u%04xb", (int) c), Printable.escape("a" + c + "b"));
    }
    String hebrew =
        "\u05e9\u05d9\u05e8 \u200f(2)"; // right-to-left text and its mark are names, not tricks
    assertSame(hebrew, Printable.escape(hebrew));
  }
}
