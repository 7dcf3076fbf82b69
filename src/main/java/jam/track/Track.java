package jam.track;

import jam.text.JsonNumber;
import jam.text.MalformedJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One track: a JSON object kept whole, every field in its order, unknown fields and exact numbers
 * included. The fields jam reads are {@code trackname}, {@code data} (rows of one 300 ms step, each
 * holding 4 frequencies in Hz, where null is silence), {@code city}, {@code countryCode} and {@code
 * id}. Immutable.
 *
 * @param fields the object's fields: values are {@code Map}, {@code List}, {@code String}, {@link
 *     JsonNumber}, {@code Boolean} or {@code null}
 */
public record Track(Map<String, Object> fields) {
  public static final String ID = "id";

  public Track {
    fields =
        Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
  }

  /** The track in {@code json}, which must be one JSON object. */
  public static Track parse(String json) {
    Object value;
    try {
      value = TrackJson.parse(json);
    } catch (MalformedJson e) {
      throw new IllegalArgumentException(e.where(), e);
    }
    if (!(value instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("a track is a JSON object, not " + TrackJson.kind(value));
    }
    return fromObject(value);
  }

  @SuppressWarnings("unchecked")
  static Track fromObject(Object parsedObject) {
    return new Track((Map<String, Object>) parsedObject);
  }

  /** The {@code "id"} when it is a non-empty string. */
  public Optional<String> id() {
    return fields.get(ID) instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
  }

  /** {@code trackname}, or null when it is missing or not a string. */
  public String name() {
    return string("trackname");
  }

  /** How many 300 ms steps {@code data} holds; -1 when it is not an array. */
  public int steps() {
    return fields.get("data") instanceof List<?> rows ? rows.size() : -1;
  }

  /**
   * The rows of {@code data} for playing: each row a list of its entries, numbers as {@link
   * Double}s and anything else as null (a row that is not a list is null too); null when {@code
   * data} is not an array.
   */
  public List<List<Double>> frequencies() {
    if (!(fields.get("data") instanceof List<?> rows)) {
      return null;
    }
    List<List<Double>> out = new ArrayList<>(rows.size());
    for (Object row : rows) {
      if (row instanceof List<?> entries) {
        List<Double> notes = new ArrayList<>(entries.size());
        for (Object entry : entries) {
          notes.add(entry instanceof JsonNumber n ? Double.valueOf(n.literal()) : null);
        }
        out.add(notes);
      } else {
        out.add(null);
      }
    }
    return out;
  }

  /** {@code city}, or null. */
  public String city() {
    return string("city");
  }

  /** {@code countryCode}, or null. */
  public String countryCode() {
    return string("countryCode");
  }

  /**
   * The track's id: its {@code "id"} when that is a non-empty string, else the id derived from its
   * content ({@link Ids}), the one {@code jam add-track} gives it; so a track sent without an id
   * and the same track stored by jam are one track.
   */
  public String key() {
    Optional<String> id = id();
    return id.isPresent() ? id.get() : Ids.derived(content());
  }

  /** What makes two tracks the same track: the same {@link #key()}. */
  public String identity() {
    return key();
  }

  /** The canonical JSON of everything but the {@code "id"}: the same music under any id. */
  String content() {
    if (!fields.containsKey(ID)) {
      return TrackJson.canonical(fields);
    }
    Map<String, Object> rest = new LinkedHashMap<>(fields);
    rest.remove(ID);
    return TrackJson.canonical(rest);
  }

  /** This track with {@code "id"} set to {@code newId}: replaced where it was, else added last. */
  public Track withId(String newId) {
    Map<String, Object> copy = new LinkedHashMap<>(fields);
    copy.put(ID, Objects.requireNonNull(newId, "newId"));
    return new Track(copy);
  }

  /** Compact JSON, exactly this track: fields in order, numbers as they came. */
  public String toJson() {
    return TrackJson.write(fields);
  }

  @Override
  public String toString() {
    return toJson();
  }

  private String string(String field) {
    return fields.get(field) instanceof String s ? s : null;
  }
}
