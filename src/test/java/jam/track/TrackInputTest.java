package jam.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jam.ExitCode;
import jam.JamException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackInputTest {
  @Test
  void aTrackAnArrayOrSeveralInARow() {
    assertEquals(List.of("{\"a\":1}"), parse("{\"a\":1}"));
    assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), parse("[{\"a\":1},{\"b\":2}]"));
    assertEquals(List.of("{\"a\":1}", "{\"b\":2}", "{\"c\":3}"), parse("{\"a\":1}\n[{\"b\":2}]\n{\"c\":3}\n"));
    assertEquals(List.of(), parse("[]"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''| riff.json:1:1: no track: the input is empty (expected a track or an array of tracks)",
        "'  \n '| riff.json:1:1: no track: the input is empty (expected a track or an array of tracks)",
        "5| riff.json:1:1: expected a track (a JSON object) or an array of tracks, not a number",
        "'\"x\"'| riff.json:1:1: expected a track (a JSON object) or an array of tracks, not a string",
        "'[{},\n  7]'| riff.json:2:3: element 2 of the array is a number, not a track (a JSON object)",
        "'[[]]'| riff.json:1:2: element 1 of the array is an array, not a track (a JSON object)",
        "'{} 5'| riff.json:1:4: expected a track (a JSON object) or an array of tracks, not a number",
      })
  void shapeErrorsNameTheFileLineAndColumn(String input, String message) {
    JamException e = assertThrows(JamException.class, () -> parse(input));
    assertEquals(ExitCode.DATA, e.exitCode());
    assertEquals(message, e.getMessage());
  }

  @Test
  void syntaxErrorsNameTheFileLineAndColumn() {
    JamException e = assertThrows(JamException.class, () -> parse("{\n  \"a\": 1,\n  \"b\" 2\n}"));
    assertEquals(ExitCode.DATA, e.exitCode());
    assertEquals("riff.json:3:7: unexpected character '2' (expected ':' after the field name)", e.getMessage());
  }

  @Test
  void invalidUtf8IsAnErrorAtItsPlace() {
    byte[] bytes = {'[', '\n', '{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}', ']'};
    JamException e = assertThrows(JamException.class, () -> TrackInput.parse("riff.json", bytes));
    assertEquals(ExitCode.DATA, e.exitCode());
    assertEquals("riff.json:2:7: not valid UTF-8 (byte 0xff)", e.getMessage());
  }

  @Test
  void aByteOrderMarkIsSkipped() {
    assertEquals(List.of("{\"a\":1}"), parse("\uFEFF{\"a\":1}"));
  }

  private static List<String> parse(String json) {
    return PayloadTest.json(TrackInput.parse("riff.json", json.getBytes(StandardCharsets.UTF_8)));
  }
}
