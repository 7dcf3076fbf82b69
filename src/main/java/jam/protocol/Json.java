package jam.protocol;

import jam.text.JsonNumber;
import jam.text.JsonReader;
import jam.text.MalformedJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The little JSON the protocol's own messages need. Stateless and thread safe. */
final class Json {
  private Json() {}

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
   * {@code text} as a JSON object, or null when it is not exactly one (malformed, or something
   * else). Values are {@code Map} (field order kept; a name given twice keeps its last value),
   * {@code List}, {@code String}, {@code Integer}, {@code Long} or {@code BigInteger} for whole
   * numbers, {@code Double} for others ({@link JsonNumber#value}), {@code Boolean} and {@code
   * null}.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String text) {
    Object value;
    try {
      value = new JsonReader(text).readDocument();
    } catch (MalformedJson e) {
      return null;
    }
    return value instanceof Map<?, ?> ? (Map<String, Object>) plain(value) : null;
  }

  /** {@code value} with its numbers as Java's, in containers of its own. */
  private static Object plain(Object value) {
    if (value instanceof JsonNumber n) {
      return n.value();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        copy.put((String) e.getKey(), plain(e.getValue()));
      }
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object item : list) {
        copy.add(plain(item));
      }
      return copy;
    }
    return value;
  }
}
