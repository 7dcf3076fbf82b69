package jam.track;

import jam.text.JsonNumber;
import jam.text.JsonReader;
import jam.text.JsonStrings;
import jam.text.MalformedJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * JSON text to and from plain values: {@code Map<String, Object>} (field order kept), {@code
 * List<Object>}, {@code String}, {@link JsonNumber}, {@code Boolean} and {@code null}. Reads with
 * {@link JsonReader}. Stateless.
 */
final class TrackJson {
  /**
   * Object members by name, for the canonical form (a class: the first lambda costs add-track ~10
   * ms).
   */
  private static final Comparator<Map.Entry<?, ?>> BY_KEY = new ByKey();

  private TrackJson() {}

  private static final class ByKey implements Comparator<Map.Entry<?, ?>> {
    @Override
    public int compare(Map.Entry<?, ?> a, Map.Entry<?, ?> b) {
      return ((String) a.getKey()).compareTo((String) b.getKey());
    }
  }

  /** Reads one whole document that must hold exactly one value. */
  static Object parse(String json) throws MalformedJson {
    return new JsonReader(json).readDocument();
  }

  /** What a value is, for messages: "an object", "a number", ... */
  static String kind(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof Map) {
      return "an object";
    } else if (value instanceof List) {
      return "an array";
    } else if (value instanceof String) {
      return "a string";
    } else if (value instanceof JsonNumber) {
      return "a number";
    } else {
      return "a boolean";
    }
  }

  /** Compact JSON, fields in their order, numbers as their literals. */
  static String write(Object value) {
    StringBuilder out = new StringBuilder(256);
    write(value, out, false);
    return out.toString();
  }

  /**
   * The canonical form: compact, object fields sorted by name (UTF-16 order), numbers in {@link
   * JsonNumber#canonical()} form, strings escaped as {@link #write} does. Equal values, equal text.
   */
  static String canonical(Object value) {
    StringBuilder out = new StringBuilder(256);
    write(value, out, true);
    return out.toString();
  }

  static void write(Object value, StringBuilder out, boolean canonical) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      JsonStrings.append(s, out);
    } else if (value instanceof JsonNumber n) {
      out.append(canonical ? n.canonical() : n.literal());
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue() ? "true" : "false");
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      Iterable<? extends Map.Entry<?, ?>> entries = map.entrySet();
      if (canonical) {
        List<Map.Entry<?, ?>> sorted = new ArrayList<>(map.entrySet());
        sorted.sort(BY_KEY);
        entries = sorted;
      }
      boolean first = true;
      for (Map.Entry<?, ?> e : entries) {
        if (!first) {
          out.append(',');
        }
        first = false;
        JsonStrings.append((String) e.getKey(), out);
        out.append(':');
        write(e.getValue(), out, canonical);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out, canonical);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }
}
