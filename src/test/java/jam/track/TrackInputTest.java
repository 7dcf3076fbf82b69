package jam.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jam.ExitCode;
import jam.JamException;
import jam.text.JsonReader;
import jam.text.MalformedJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackInputTest {
  @Test
  void aTrackAnArrayOrSeveralInARow() {
    String a = "{\"a\":1,\"data\":[[440,null,1e400,-0.5]]}";
    String b = "{\"b\":2,\"data\":[]}";
    String c = "{\"data\":[[],[null]],\"c\":3}";
    assertEquals(List.of(a), parse(a));
    assertEquals(List.of(a, b), parse("[" + a + "," + b + "]"));
    assertEquals(List.of(a, b, c), parse(a + "\n[" + b + "]\n" + c + "\n"));
    assertEquals(List.of(), parse("[]"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''| riff.json:1:1: no track: the input is empty (expected a track or an array of tracks)",
        "'  \n '| riff.json:1:1: no track: the input is empty (expected a track or an array of tracks)",
        "5| riff.json:1:1: expected a track (a JSON object) or an array of tracks, not a number",
        "'not json at all'| riff.json:1:1: 'not' is not a JSON value (expected null or another value)",
        "'123abc'| riff.json:1:4: unexpected character 'a' (expected ',', ']', '}' or a space after a number)",
        "'5 {\"data\":[]}'| riff.json:1:1: expected a track (a JSON object) or an array of tracks, not a number",
        "'null\n{\"data\":[]}'| riff.json:1:1: expected a track (a JSON object) or an array of tracks, not null",
        "'[{\"data\":[]}, falsy]'| riff.json:1:15: 'falsy' is not a JSON value (expected false or another value)",
        "'\"x\"'| riff.json:1:1: expected a track (a JSON object) or an array of tracks, not a string",
        "'[{\"data\":[]},\n  7]'| riff.json:2:3: element 2 of the array is a number, not a track (a JSON object)",
        "'[[]]'| riff.json:1:2: element 1 of the array is an array, not a track (a JSON object)",
        "'{\"data\":[]} 5'| riff.json:1:13: expected a track (a JSON object) or an array of tracks, not a number",
        "'{\"name\":\"jam\",\"version\":\"1.0\"}'| riff.json:1:1: track 1 has no \"data\" (an array of steps, each an array of frequencies in Hz, where null is silence)",
        "'{\"data\":\"x\"}'| riff.json:1:9: track 1: \"data\" is a string, not an array of steps (each an array of frequencies in Hz, where null is silence)",
        "'[{\"data\":[]},\n {\"data\":[[1],[2],{}]}]'| riff.json:2:19: track 2: step 3 of \"data\" is an object, not an array of frequencies such as [440,null,580,332]",
        "'{\"data\":[]}\n{\"data\":[[1,\"2\"]]}'| riff.json:2:13: track 2: step 1 of \"data\" holds a string, not a frequency in Hz or null",
        "'{\"trackname\":5,\n \"data\":[]}'| riff.json:1:14: track 1: \"trackname\" is a number, not a string (the track's name, such as \"riff\")",
        "'{\"trackname\":\"r\",\"data\":[[1],\n  [440, \"x\"]]}'| riff.json:2:9: track 1 (\"r\"): step 2 of \"data\" holds a string, not a frequency in Hz or null",
        "'trackname: riff\ndata:\n  - [440]'| riff.json:1:1: not JSON: this looks like YAML; jam reads tracks as JSON, such as {\"trackname\":\"riff\",\"data\":[[440,null,580,332]]}",
        "'# a riff\ntrackname: riff'| riff.json:1:1: not JSON: this looks like YAML; jam reads tracks as JSON, such as {\"trackname\":\"riff\",\"data\":[[440,null,580,332]]}",
        "'{\"data\":[[[440]]]}'| riff.json:1:11: track 1: step 1 of \"data\" holds an array, not a frequency in Hz or null",
      })
  void shapeErrorsNameTheFileLineAndColumn(String input, String message) {
    JamException e = assertThrows(JamException.class, () -> parse(input));
    assertEquals(ExitCode.DATA, e.exitCode());
    assertEquals(message, e.getMessage());
  }

  @Test
  void whatWillNotPlayIsAWarningAtTheElement() {
    List<String> warnings = new ArrayList<>();
    List<Track> tracks =
        TrackInput.parse(
            "riff.json",
            "[{\"trackname\":\"a\",\"data\":[[-440, 1e309],[0]]},\n{\"data\":[]},{\"data\":[[440,23999.5,null]]}]"
                .getBytes(StandardCharsets.UTF_8),
            warnings::add);
    assertEquals(3, tracks.size()); // kept as written: the browser app may play them otherwise
    assertEquals(
        List.of(
            "riff.json:1:28: track 1 (\"a\"): step 1 of \"data\" holds -440 Hz, which jam plays as a rest (it plays above 0 and below 24000 Hz) (and 2 more in this track)",
            "riff.json:2:9: track 2: \"data\" has no steps: it plays nothing"),
        warnings);
  }

  @Test
  void aStoreIsReadAsItIs() throws MalformedJson {
    List<Track> stored =
        TrackInput.read(
            JsonReader.utf8(
                "[{\"trackname\":\"no data\"},{\"data\":\"x\"}]".getBytes(StandardCharsets.UTF_8)),
            true);
    assertEquals(2, stored.size());
  }

  @Test
  void syntaxErrorsNameTheFileLineAndColumn() {
    JamException e = assertThrows(JamException.class, () -> parse("{\n  \"a\": 1,\n  \"b\" 2\n}"));
    assertEquals(ExitCode.DATA, e.exitCode());
    assertEquals(
        "riff.json:3:7: unexpected character '2' (expected ':' after the field name)",
        e.getMessage());
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
    assertEquals(List.of("{\"data\":[]}"), parse("\uFEFF{\"data\":[]}"));
  }

  private static List<String> parse(String json) {
    return PayloadTest.json(TrackInput.parse("riff.json", json.getBytes(StandardCharsets.UTF_8)));
  }
}
