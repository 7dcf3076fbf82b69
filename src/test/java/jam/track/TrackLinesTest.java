package jam.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.Set;
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

  @Test
  void aTableTooWideWrapsNamesInTheirColumnAndKeepsIdsWholeInDisplayColumns() {
    List<Track> tracks =
        List.of(
            Track.parse(
                "{\"trackname\":\"東京の夜 and more words\",\"data\":[[1]],\"city\":\"大阪\",\"countryCode\":\"jp\",\"id\":\"0123456789abcdef\"}"),
            Track.parse("{\"trackname\":\"riff\",\"data\":[[1],[2]],\"id\":\"riff-1\"}"));
    String table = TrackLines.table(tracks, Set.of(), 50);
    List<String> lines = table.lines().toList();
    int id = jam.text.Columns.width(lines.get(0).substring(0, lines.get(0).indexOf("ID")));
    for (String line : lines) {
      org.junit.jupiter.api.Assertions.assertTrue(
          jam.text.Columns.width(line) <= 50, "over 50 columns:\n" + table);
    }
    for (String ident : List.of("0123456789abcdef", "riff-1")) {
      String line = lines.stream().filter(l -> l.contains(ident)).findFirst().orElseThrow();
      assertEquals(id, jam.text.Columns.width(line.substring(0, line.indexOf(ident))), table);
    }
    String narrow = TrackLines.table(tracks, Set.of(), 20);
    org.junit.jupiter.api.Assertions.assertTrue(
        narrow.contains("\n  0123456789abcdef\n"), "a block a track, the id whole:\n" + narrow);
  }
}
