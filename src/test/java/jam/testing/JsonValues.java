package jam.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole JSON texts as plain values, for tests that read what jam prints (bench lines, payloads): objects
 * as {@code Map}, arrays as {@code List}, numbers as {@code Number}. Throws on anything but exactly one
 * value of the asked kind. Stateless.
 */
public final class JsonValues {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonValues() {}

  /** {@code text}, which must be one JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String text) throws IOException {
    return (Map<String, Object>) whole(text, JsonToken.START_OBJECT);
  }

  /** {@code text}, which must be one JSON array. */
  @SuppressWarnings("unchecked")
  public static List<Object> array(String text) throws IOException {
    return (List<Object>) whole(text, JsonToken.START_ARRAY);
  }

  private static Object whole(String text, JsonToken kind) throws IOException {
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() != kind) {
        throw new IOException("not " + kind + ": " + text);
      }
      Object value = value(p);
      if (p.nextToken() != null) {
        throw new IOException("more after the value: " + text);
      }
      return value;
    }
  }

  private static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      Map<String, Object> fields = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        fields.put(name, value(p));
      }
      return fields;
    }
    if (t == JsonToken.START_ARRAY) {
      List<Object> items = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        items.add(value(p));
      }
      return items;
    }
    if (t.isNumeric()) {
      return p.getNumberValue();
    }
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    return t == JsonToken.VALUE_NULL ? null : t == JsonToken.VALUE_TRUE;
  }
}
