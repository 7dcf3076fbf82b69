package jam.testing;

import jam.text.JsonNumber;
import jam.text.JsonReader;
import jam.text.MalformedJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole JSON texts as plain values, for tests that read what jam prints (bench lines, payloads):
 * objects as {@code Map}, arrays as {@code List}, numbers as Java's ({@link JsonNumber#value}).
 * Throws on anything but exactly one value of the asked kind. Stateless.
 */
public final class JsonValues {
  private JsonValues() {}

  /** {@code text}, which must be one JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String text) throws MalformedJson {
    return (Map<String, Object>) whole(text, Map.class);
  }

  /** {@code text}, which must be one JSON array. */
  @SuppressWarnings("unchecked")
  public static List<Object> array(String text) throws MalformedJson {
    return (List<Object>) whole(text, List.class);
  }

  private static Object whole(String text, Class<?> kind) throws MalformedJson {
    Object value = new JsonReader(text).readDocument();
    if (!kind.isInstance(value)) {
      throw new AssertionError("not a JSON " + kind.getSimpleName() + ": " + text);
    }
    return plain(value);
  }

  private static Object plain(Object value) {
    if (value instanceof JsonNumber n) {
      return n.value();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put((String) k, plain(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(plain(v)));
      return copy;
    }
    return value;
  }
}
