package jam.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jam.text.JsonNumber;
import jam.text.JsonReader;
import jam.text.MalformedJson;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The reader on strings: RFC 8259, exactly, with places for every error. */
class JsonReaderTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-0",
        "1",
        "-12",
        "0.5",
        "1e5",
        "1E+5",
        "1e-5",
        "-0.0e0",
        "123456789012345678901234567890",
        "\"\"",
        "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\uD83C\\uDFB8\"",
        "true",
        "false",
        "null",
        "[]",
        "{}",
        "[[[]]]",
        " \t\r\n[ 1 , 2 ] \n",
        "{\"a\":{\"b\":[null,true]}}",
        "\"\\ud800\"",
        "\"caf\u00e9 \ud83c\udfb8\""
      })
  void acceptsValidJsonAndWritesItBackAsItWas(String json) throws MalformedJson {
    Object value = TrackJson.parse(json);
    String compact = json.strip().replace(" , ", ",").replace("[ ", "[").replace(" ]", "]");
    if (json.contains("\\/") || json.contains("\\u00e9") || json.contains("\\uD83C")) {
      return; // escapes that need none come back unescaped: same value, other spelling
    }
    assertEquals(compact, TrackJson.write(value));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''| 1:1: no JSON value (empty input)",
        "'['| 1:2: unexpected end of input (expected a value)",
        "'[1,]'| 1:4: unexpected character ']' (expected a value)",
        "'[1 2]'| 1:4: unexpected character '2' (expected ',' or ']')",
        "'{\"a\" 1}'| 1:6: unexpected character '1' (expected ':' after the field name)",
        "'{a:1}'| 1:2: unexpected character 'a' (expected a field name in double quotes)",
        "'{\"a\":1,}'| 1:8: unexpected character '}' (expected a field name in double quotes)",
        "'{\"a\":1'| 1:7: unexpected end of input (expected ',' or '}')",
        "'01'| 1:1: invalid number: no leading zeros",
        "'-'| 1:1: invalid number: a digit must follow '-'",
        "'1.'| 1:1: invalid number: a digit must follow '.'",
        "'1e'| 1:1: invalid number: a digit must follow the exponent",
        "'.5'| 1:1: unexpected character '.' (expected a value)",
        "'+1'| 1:1: unexpected character '+' (expected a value)",
        "'NaN'| 1:1: unexpected character 'N' (expected a value)",
        "'tru'| 1:1: 'tru' is not a JSON value (expected true or another value)",
        "'\"abc'| 1:1: unterminated string",
        "'\"\\x\"'| 1:2: invalid escape \\x in a string",
        "'\"\\u12G4\"'| 1:2: invalid \\u escape (it needs 4 hex digits)",
        "'[1] [2]'| 1:5: unexpected content after the JSON value",
        "'/* c */ 1'| 1:1: unexpected character '/' (expected a value)",
        "'[\n\n   x]'| 3:4: unexpected character 'x' (expected a value)",
        "'[\r\n  x]'| 2:3: unexpected character 'x' (expected a value)",
        "'[\"\ud83c\udfb8\", x]'| 1:7: unexpected character 'x' (expected a value)",
      })
  void refusesInvalidJsonSayingWhere(String json, String where) {
    MalformedJson e = assertThrows(MalformedJson.class, () -> TrackJson.parse(json));
    assertEquals(where, e.where());
  }

  @Test
  void rawControlCharactersInStringsAreRefused() {
    MalformedJson e = assertThrows(MalformedJson.class, () -> TrackJson.parse("\"a\u001bb\""));
    assertEquals("1:3: control character \\e in a string (it must be escaped)", e.where());
  }

  @Test
  void duplicateNamesKeepTheLastValueInTheFirstPlace() throws MalformedJson {
    assertEquals(
        Map.of("a", new JsonNumber("2"), "b", new JsonNumber("1")),
        TrackJson.parse("{\"a\":1,\"b\":1,\"a\":2}"));
    assertEquals(
        "{\"a\":2,\"b\":1}", TrackJson.write(TrackJson.parse("{\"a\":1,\"b\":1,\"a\":2}")));
  }

  @Test
  void hostileNestingAndHugeNumbersAreRefusedNotFatal() throws MalformedJson {
    char[] open = new char[JsonReader.MAX_DEPTH + 1];
    Arrays.fill(open, '[');
    MalformedJson deep = assertThrows(MalformedJson.class, () -> TrackJson.parse(new String(open)));
    assertEquals(
        "1:"
            + (JsonReader.MAX_DEPTH + 1)
            + ": nested deeper than "
            + JsonReader.MAX_DEPTH
            + " levels",
        deep.where());
    String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
    assertEquals(ok, TrackJson.write(TrackJson.parse(ok)));

    String huge = "1" + "0".repeat(JsonReader.MAX_NUMBER_LENGTH);
    assertThrows(MalformedJson.class, () -> TrackJson.parse(huge));
    assertEquals(
        "1E+2147483647", new JsonNumber("1e2147483647").canonical()); // no 2 GB plain string
  }

  @Test
  void numbersAreKeptAsTheirLiterals() throws MalformedJson {
    assertEquals(
        List.of(
            new JsonNumber("329.6275569128699"),
            new JsonNumber("0.1"),
            new JsonNumber("1e400"),
            new JsonNumber("-0")),
        TrackJson.parse("[329.6275569128699,0.1,1e400,-0]"));
  }
}
