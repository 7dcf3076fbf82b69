package jam.text;

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
 * jam's one JSON reader: strict RFC 8259 over one text, into plain values: {@code Map<String,
 * Object>} (field order kept, unmodifiable), {@code List<Object>} (unmodifiable), {@code String},
 * {@link JsonNumber}, {@code Boolean} and {@code null}. Numbers keep their literal, strings keep
 * unpaired surrogates, a name given twice keeps its last value in its first place (as {@code
 * JSON.parse} does). Read a whole text with {@link #readDocument}, or walk one that holds several
 * values with the cursor methods. Errors are {@link MalformedJson} at line:column. jam's own rather
 * than a library's: a short command loads three classes of it rather than jackson-core's ~70
 * (docs/performance.md, "One JSON stack"). Not thread safe: one reader per text.
 */
public final class JsonReader {
  /** Deeper nesting than this is refused, so hostile input cannot exhaust the stack. */
  public static final int MAX_DEPTH = 512;

  /**
   * Longer number literals than this are refused, so hostile input cannot make canonical forms
   * costly.
   */
  public static final int MAX_NUMBER_LENGTH = 1000;

  private final String text;
  private int pos;
  private int depth;

  public JsonReader(String text) {
    this.text = text;
    this.pos =
        !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0; // a byte order mark is not content
  }

  /** A reader over UTF-8 bytes; bytes that are not valid UTF-8 are an error at their place. */
  public static JsonReader utf8(byte[] bytes) throws MalformedJson {
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
      JsonReader partial = new JsonReader(decoded);
      throw partial.error(
          decoded.length(),
          "not valid UTF-8 (byte 0x" + Integer.toHexString(bytes[in.position()] & 0xff) + ")");
    }
    return new JsonReader(decoded);
  }

  /** Skips whitespace; true when nothing but whitespace is left. */
  public boolean atEnd() {
    skipWhitespace();
    return pos >= text.length();
  }

  /** Where the next value starts (after whitespace). */
  public int position() {
    skipWhitespace();
    return pos;
  }

  /** The next character after whitespace, or -1 at the end. */
  public int peek() {
    skipWhitespace();
    return pos < text.length() ? text.charAt(pos) : -1;
  }

  /** Consumes {@code c} (after whitespace) when it is next; true when it was. */
  public boolean consume(char c) {
    if (peek() == c) {
      pos++;
      return true;
    }
    return false;
  }

  /** After an array element: true for ',' (another follows), false for ']'; an error otherwise. */
  public boolean nextElement() throws MalformedJson {
    int c = peek();
    if (c == ',') {
      pos++;
      return true;
    }
    if (c == ']') {
      pos++;
      return false;
    }
    throw unexpected("',' or ']'");
  }

  /** What the value at {@code at} is, by its first character: "an object", "a number", ... */
  public String kindAt(int at) throws MalformedJson {
    int c = at < text.length() ? text.charAt(at) : -1;
    switch (c) {
      case '{':
        return "an object";
      case '[':
        return "an array";
      case '"':
        return "a string";
      case 't':
      case 'f':
        return scalar(at, "a boolean");
      case 'n':
        return scalar(at, "null");
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return scalar(at, "a number");
        }
        pos = at;
        throw unexpected("a value");
    }
  }

  /**
   * {@code kind}, once the scalar at {@code at} is read whole and not run on into more of a word:
   * by its first character alone, "not json" would be null and "123abc" a number. (Whitespace or a
   * bracket may follow: input may hold several documents, as "5 {...}".)
   */
  private String scalar(int at, String kind) throws MalformedJson {
    int saved = pos;
    pos = at;
    readValue();
    if (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
      throw unexpected("',', ']', '}' or a space after " + kind);
    }
    pos = saved;
    return kind;
  }

  /**
   * Where the value at {@code path} inside the well-formed value at {@code at} starts: each step a
   * field name ({@code String}; the last of a name given twice, as it is the one kept) or an
   * element index ({@code Integer}). As far as the path goes when a step is not there; {@code at}
   * when the text there does not read. Leaves the reader where it was.
   */
  public int locate(int at, Object... path) {
    int savedPos = pos;
    int savedDepth = depth;
    int here = at;
    try {
      for (Object step : path) {
        pos = here;
        int found = -1;
        if (step instanceof String name && peek() == '{') {
          pos++;
          if (!consume('}')) {
            do {
              if (peek() != '"') {
                return here;
              }
              String field = readString();
              consume(':');
              int value = position();
              if (field.equals(name)) {
                found = value;
              }
              readValue();
            } while (consume(','));
          }
        } else if (step instanceof Integer index && peek() == '[') {
          pos++;
          if (!consume(']')) {
            int i = 0;
            do {
              int value = position();
              if (i++ == index) {
                found = value;
                break;
              }
              readValue();
            } while (nextElement());
          }
        }
        if (found < 0) {
          return here;
        }
        here = found;
      }
      return here;
    } catch (MalformedJson e) {
      return at;
    } finally {
      pos = savedPos;
      depth = savedDepth;
    }
  }

  /**
   * True when the line at {@code at} reads as YAML rather than JSON: a document marker ({@code
   * ---}), a list item ({@code - x}) or a key and a colon ({@code trackname: riff}).
   */
  public boolean looksLikeYaml(int at) {
    int end = text.indexOf('\n', at);
    String line = text.substring(at, end < 0 ? text.length() : end).stripTrailing();
    if (line.equals("---")
        || line.startsWith("--- ")
        || line.startsWith("- ")
        || line.startsWith("#")) {
      return true;
    }
    int i = 0;
    while (i < line.length()
        && (Character.isLetterOrDigit(line.charAt(i))
            || line.charAt(i) == '_'
            || line.charAt(i) == '-')) {
      i++;
    }
    return i > 0
        && i < line.length()
        && line.charAt(i) == ':'
        && Character.isLetter(line.charAt(0));
  }

  /** The whole text as one value, with nothing after it. */
  public Object readDocument() throws MalformedJson {
    if (atEnd()) {
      throw error(pos, "no JSON value (empty input)");
    }
    Object value = readValue();
    if (!atEnd()) {
      throw error(pos, "unexpected content after the JSON value");
    }
    return value;
  }

  /** The value that starts at the next non-whitespace character. */
  public Object readValue() throws MalformedJson {
    int c = peek();
    switch (c) {
      case '{':
        return readObject();
      case '[':
        return readArray();
      case '"':
        return readString();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return readNumber();
        }
        throw unexpected("a value");
    }
  }

  private Map<String, Object> readObject() throws MalformedJson {
    enter();
    pos++; // {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (!consume('}')) {
      do {
        if (peek() != '"') {
          throw unexpected("a field name in double quotes");
        }
        String name = readString();
        if (!consume(':')) {
          throw unexpected("':' after the field name");
        }
        fields.put(name, readValue());
        if (consume('}')) {
          break;
        }
        if (!consume(',')) {
          throw unexpected("',' or '}'");
        }
      } while (true);
    }
    depth--;
    return Collections.unmodifiableMap(fields);
  }

  private List<Object> readArray() throws MalformedJson {
    enter();
    pos++; // [
    List<Object> items = new ArrayList<>();
    if (!consume(']')) {
      do {
        items.add(readValue());
      } while (nextElement());
    }
    depth--;
    return Collections.unmodifiableList(items);
  }

  private void enter() throws MalformedJson {
    if (++depth > MAX_DEPTH) {
      throw error(pos, "nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  private String readString() throws MalformedJson {
    int start = pos++; // "
    StringBuilder out = null;
    int run = pos;
    while (true) {
      if (pos >= text.length()) {
        throw error(start, "unterminated string");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        String s = out == null ? text.substring(run, pos) : out.append(text, run, pos).toString();
        pos++;
        return s;
      }
      if (c < 0x20) {
        throw error(
            pos,
            "control character "
                + Printable.escape(String.valueOf(c))
                + " in a string (it must be escaped)");
      }
      if (c != '\\') {
        pos++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder();
      }
      out.append(text, run, pos);
      int escape = pos;
      if (++pos >= text.length()) {
        throw error(start, "unterminated string");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        case '/' -> out.append('/');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(hex4(escape));
        default ->
            throw error(
                escape, "invalid escape \\" + Printable.escape(String.valueOf(e)) + " in a string");
      }
      run = pos;
    }
  }

  private char hex4(int escape) throws MalformedJson {
    if (pos + 4 > text.length()) {
      throw error(escape, "invalid \\u escape (it needs 4 hex digits)");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(text.charAt(pos + i), 16);
      if (d < 0 || text.charAt(pos + i) > 'f') {
        throw error(escape, "invalid \\u escape (it needs 4 hex digits)");
      }
      v = v * 16 + d;
    }
    pos += 4;
    return (char) v;
  }

  private JsonNumber readNumber() throws MalformedJson {
    int start = pos;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    if (pos < text.length() && text.charAt(pos) == '0') {
      pos++;
      if (pos < text.length() && isDigit(text.charAt(pos))) {
        throw error(start, "invalid number: no leading zeros");
      }
    } else if (!digits()) {
      throw error(start, "invalid number: a digit must follow '-'");
    }
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      if (!digits()) {
        throw error(start, "invalid number: a digit must follow '.'");
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (!digits()) {
        throw error(start, "invalid number: a digit must follow the exponent");
      }
    }
    if (pos - start > MAX_NUMBER_LENGTH) {
      throw error(start, "number longer than " + MAX_NUMBER_LENGTH + " characters");
    }
    return new JsonNumber(text.substring(start, pos));
  }

  private boolean digits() {
    int start = pos;
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
    return pos > start;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private Object literal(String word, Object value) throws MalformedJson {
    if (!text.startsWith(word, pos)) {
      int end = pos;
      while (end < text.length() && end - pos < 20 && Character.isLetterOrDigit(text.charAt(end))) {
        end++;
      }
      throw error(
          pos,
          "'"
              + Printable.escape(text.substring(pos, end))
              + "' is not a JSON value (expected "
              + word
              + " or another value)");
    }
    pos += word.length();
    return value;
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  /** "expected X" at the current place, naming what is there instead. */
  private MalformedJson unexpected(String expected) {
    skipWhitespace();
    if (pos >= text.length()) {
      return error(pos, "unexpected end of input (expected " + expected + ")");
    }
    int cp = text.codePointAt(pos);
    String shown = Printable.escape(new String(Character.toChars(cp)));
    return error(pos, "unexpected character '" + shown + "' (expected " + expected + ")");
  }

  /** An error at character {@code index}, located as line:column. */
  public MalformedJson error(int index, String message) {
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
    return new MalformedJson(line, column, message);
  }
}
