package jam.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnsTest {
  @Test
  void wideCharactersTakeTwoColumnsAndCombiningMarksNone() {
    assertEquals(4, Columns.width("riff"));
    assertEquals(8, Columns.width("東京の夜"));
    assertEquals(6, Columns.width("🎸riff"));
    assertEquals(4, Columns.width("rie\u0301f")); // e + combining acute
  }

  @Test
  void wrapBreaksAtBlanksAndKeepsAWordWholeUnlessToldToCut() {
    assertEquals(List.of("one two", "three"), Columns.wrap("one two three", 8, false));
    assertEquals(
        List.of("a", "0123456789abcdef", "b"), Columns.wrap("a 0123456789abcdef b", 8, false));
    assertEquals(List.of("0123", "4567"), Columns.wrap("01234567", 4, true));
    assertEquals(List.of("東京", "の夜"), Columns.wrap("東京の夜", 5, true));
  }
}
