package jam.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The little JSON the protocol's own messages need. Stateless and thread safe. */
final class Json {
  private Json() {}

  /** Jackson, loaded on the first parse: a sender that only encodes ({@code jam trigger}) never pays for it. */
  private static final class Parsers {
    static final JsonFactory FACTORY = new JsonFactory();
  }

  /** True when {@code text} starts, after blanks, with '{'. */
  static boolean mayBeObject(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return c == '{';
      }
    }
    return false;
  }

  /**
   * {@code text} as a JSON object, or null when it is not exactly one (malformed, or something else).
   * Values are {@code Map} (field order kept; a name given twice keeps its last value), {@code List},
   * {@code String}, {@code Integer}, {@code Long} or {@code BigInteger} for whole numbers, {@code Double}
   * for others, {@code Boolean} and {@code null}.
   */
  static Map<String, Object> object(String text) {
    try (JsonParser parser = Parsers.FACTORY.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Map<String, Object> object = readObject(parser);
      return parser.nextToken() == null ? object : null; // nothing may follow the object
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Map<String, Object> readObject(JsonParser parser) throws IOException {
    Map<String, Object> fields = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      fields.put(name, value(parser));
    }
    return fields;
  }

  private static Object value(JsonParser parser) throws IOException {
    switch (parser.currentTokenId()) {
      case JsonTokenId.ID_START_OBJECT:
        return readObject(parser);
      case JsonTokenId.ID_START_ARRAY:
        List<Object> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(parser));
        }
        return items;
      case JsonTokenId.ID_STRING:
        return parser.getText();
      case JsonTokenId.ID_NUMBER_INT:
      case JsonTokenId.ID_NUMBER_FLOAT:
        return parser.getNumberValue();
      case JsonTokenId.ID_TRUE:
        return Boolean.TRUE;
      case JsonTokenId.ID_FALSE:
        return Boolean.FALSE;
      default:
        return null;
    }
  }
}
