package jam.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackLinesTest {
  @Test
  void aLineShowsNameStepsAndOrigin() {
    assertEquals(
        "riff (2 steps, from London, gb)",
        TrackLines.line(
            Track.parse(
                "{\"trackname\":\"riff\",\"data\":[[1],[2]],\"city\":\"London\",\"countryCode\":\"gb\"}")));
    assertEquals(
        "(no name) (1 step, from fr)",
        TrackLines.line(Track.parse("{\"data\":[[1]],\"countryCode\":\"fr\"}")));
    assertEquals(
        "x (no data)", TrackLines.line(Track.parse("{\"trackname\":\"x\",\"data\":\"?\"}")));
  }

  @Test
  void controlCharactersFromTheNetworkAreShownEscapedNeverRaw() {
    Track hostile =
        new Track(
            Map.of(
                "trackname", "evil\u001b]0;pwned\u0007\r",
                "city", "\u009b2J",
                "countryCode", "x\u001b[31m",
                "id", "\u001bc"));
    String line = TrackLines.line(hostile);
    String table = TrackLines.table(List.of(hostile));
    assertEquals("evil\\e]0;pwned\\a\\r (no data, from \\u009b2J, x\\e[31m)", line);
    for (String text : List.of(line, table)) {
      assertFalse(
          text.chars()
              .anyMatch(c -> c == 0x1b || c == 0x07 || c == '\r' || (c >= 0x80 && c <= 0x9f)),
          text);
    }
  }
}
