package jam.track;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON reader over one text, producing the plain values of {@link TrackJson}, on
 * jackson-core's streaming parser. Numbers keep their literal ({@link JsonNumber}), strings keep unpaired
 * surrogates, duplicate names keep the last value in the first one's place (as {@code JSON.parse} does);
 * the text may hold several values in a row. Errors say line:column (1-based, in characters), worded by
 * {@link JsonErrors}. Not thread safe: one reader per text.
 */
final class JsonReader {
  /** Deeper nesting than this is refused, so hostile input cannot exhaust the stack. */
  static final int MAX_DEPTH = 512;
  /** Longer number literals than this are refused, so hostile input cannot make canonical forms costly. */
  static final int MAX_NUMBER_LENGTH = 1000;

  /**
   * Jackson's own limits off: jam's two above are checked here, with jam's messages and places, and
   * strings and names are as long as the text (a store, or a message within the relay's limit).
   */
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(Integer.MAX_VALUE)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNameLength(Integer.MAX_VALUE)
                  .build())
          .build();

  private final String text;
  /** Where Jackson's text starts in {@link #text}: 1 after a byte order mark, which is not content. */
  private final int origin;
  private final JsonParser parser;
  private JsonToken token;

  JsonReader(String text) {
    this.text = text;
    this.origin = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0;
    try {
      this.parser = FACTORY.createParser(origin == 0 ? text : text.substring(origin));
    } catch (IOException e) {
      throw new IllegalStateException("a parser over a string", e); // Jackson reads nothing yet
    }
  }

  /** A reader over UTF-8 bytes; bytes that are not valid UTF-8 are an error at their place. */
  static JsonReader utf8(byte[] bytes) throws TrackJson.Malformed {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    String decoded = out.flip().toString();
    if (result.isError()) {
      throw error(decoded, decoded.length(), "not valid UTF-8 (byte 0x" + Integer.toHexString(bytes[in.position()] & 0xff) + ")");
    }
    return new JsonReader(decoded);
  }

  /** The whole text as one value, with nothing after it. */
  Object readDocument() throws TrackJson.Malformed {
    if (next() == null) {
      throw error(text.length(), "no JSON value (empty input)");
    }
    Object value = value();
    int after = nextStart();
    if (after < text.length()) {
      throw error(after, "unexpected content after the JSON value");
    }
    return value;
  }

  /** Moves to the next token: a value's start or end, or null at the end of the text. */
  JsonToken next() throws TrackJson.Malformed {
    try {
      token = parser.nextToken();
      return token;
    } catch (JsonProcessingException e) {
      throw JsonErrors.malformed(this, e);
    } catch (IOException e) {
      throw new IllegalStateException("reading a string", e);
    }
  }

  /** Where the current token starts, as an index into the text. */
  int start() {
    return origin + (int) parser.currentTokenLocation().getCharOffset();
  }

  /** Where the next token would start: the first character after the current value that is not a blank. */
  int nextStart() {
    int i = Math.min(text.length(), origin + (int) parser.currentLocation().getCharOffset());
    while (i < text.length() && isBlank(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The value that starts at the current token, read to its end (the current token is then its last). */
  Object value() throws TrackJson.Malformed {
    return read(0);
  }

  private Object read(int depth) throws TrackJson.Malformed {
    switch (token.id()) {
      case JsonTokenId.ID_START_OBJECT:
        return readObject(depth);
      case JsonTokenId.ID_START_ARRAY:
        return readArray(depth);
      case JsonTokenId.ID_STRING:
        return string();
      case JsonTokenId.ID_NUMBER_INT:
      case JsonTokenId.ID_NUMBER_FLOAT:
        String literal = string();
        if (literal.length() > MAX_NUMBER_LENGTH) {
          throw error(start(), "number longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        return new JsonNumber(literal);
      case JsonTokenId.ID_TRUE:
        return Boolean.TRUE;
      case JsonTokenId.ID_FALSE:
        return Boolean.FALSE;
      case JsonTokenId.ID_NULL:
        return null;
      default:
        throw new IllegalStateException("not at a value: " + token);
    }
  }

  private Map<String, Object> readObject(int depth) throws TrackJson.Malformed {
    enter(depth);
    Map<String, Object> fields = new LinkedHashMap<>();
    while (next() == JsonToken.FIELD_NAME) {
      String name = string();
      next();
      fields.put(name, read(depth + 1));
    }
    return Collections.unmodifiableMap(fields);
  }

  private List<Object> readArray(int depth) throws TrackJson.Malformed {
    enter(depth);
    List<Object> items = new ArrayList<>();
    while (next() != JsonToken.END_ARRAY) {
      items.add(read(depth + 1));
    }
    return Collections.unmodifiableList(items);
  }

  private void enter(int depth) throws TrackJson.Malformed {
    if (depth >= MAX_DEPTH) {
      throw error(start(), "nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  /** The current token's text: a string's or name's value, a number's literal (strings are read here). */
  private String string() throws TrackJson.Malformed {
    try {
      return parser.getText();
    } catch (JsonProcessingException e) {
      throw JsonErrors.malformed(this, e);
    } catch (IOException e) {
      throw new IllegalStateException("reading a string", e);
    }
  }

  /** What a value that starts with {@code t} is, for messages: "an object", "a number", ... */
  static String kind(JsonToken t) {
    switch (t.id()) {
      case JsonTokenId.ID_START_OBJECT:
        return "an object";
      case JsonTokenId.ID_START_ARRAY:
        return "an array";
      case JsonTokenId.ID_STRING:
        return "a string";
      case JsonTokenId.ID_NUMBER_INT:
      case JsonTokenId.ID_NUMBER_FLOAT:
        return "a number";
      case JsonTokenId.ID_NULL:
        return "null";
      default:
        return "a boolean";
    }
  }

  String text() {
    return text;
  }

  /** Where Jackson's error {@code e} is, as an index into the text (the end when it does not say). */
  int place(JsonProcessingException e) {
    JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
    long offset = at.getCharOffset();
    return offset < 0 ? text.length() : (int) Math.min(text.length(), origin + offset);
  }

  /** True inside an array, false inside an object, null between values at the top of the text. */
  Boolean inArray() {
    return parser.getParsingContext().inRoot() ? null : parser.getParsingContext().inArray();
  }

  static boolean isBlank(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  /** An error at character {@code index}, located as line:column. */
  TrackJson.Malformed error(int index, String message) {
    return error(text, index, message);
  }

  private static TrackJson.Malformed error(String text, int index, String message) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < index && i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
        lineStart = i + 1;
      }
    }
    int end = Math.min(index, text.length());
    int column = text.codePointCount(Math.min(lineStart, end), end) + 1;
    return new TrackJson.Malformed(line, column, message);
  }
}
