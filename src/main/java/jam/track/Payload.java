package jam.track;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The codec for what peers send in answer to {@code collect}. Decoding accepts the three shapes real
 * clients send: an array of track objects; an array of JSON strings, each encoding one track (the
 * course's reference client); an object keyed by track name whose values are tracks. Anything else is
 * reported as ignored, never thrown. Encoding writes an array of objects. Stateless.
 */
public final class Payload {
  private static final int SNIPPET = 60;

  private Payload() {}

  /**
   * What a message held.
   *
   * @param tracks the tracks found, in message order (duplicates included)
   * @param ignored one line per part that was not a track, for {@code -v}
   */
  public record Decoded(List<Track> tracks, List<String> ignored) {
    public Decoded {
      tracks = List.copyOf(tracks);
      ignored = List.copyOf(ignored);
    }
  }

  /** The tracks in one text message; never throws on bad input. */
  public static Decoded decode(String message) {
    List<Track> tracks = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    Object value;
    try {
      value = TrackJson.parse(message);
    } catch (TrackJson.Malformed e) {
      ignored.add("ignored a message that is not JSON (" + e.where() + "): " + snippet(message));
      return new Decoded(tracks, ignored);
    }
    if (value instanceof List<?> items) {
      for (int i = 0; i < items.size(); i++) {
        take(items.get(i), "element " + (i + 1), tracks, ignored);
      }
    } else if (value instanceof Map<?, ?> byName) {
      List<String> notTracks = new ArrayList<>();
      for (Map.Entry<?, ?> e : byName.entrySet()) {
        take(e.getValue(), "field \"" + e.getKey() + "\"", tracks, notTracks);
      }
      if (tracks.isEmpty() && (byName.containsKey("trackname") || byName.containsKey("data"))) {
        ignored.add("ignored a single track object (a payload is an array of tracks): " + snippet(message));
      } else {
        ignored.addAll(notTracks);
      }
    } else {
      ignored.add("ignored a message that is " + TrackJson.kind(value) + ", not tracks: " + snippet(message));
    }
    return new Decoded(tracks, ignored);
  }

  /** A track object, or a string holding one; anything else goes to {@code ignored}. */
  private static void take(Object item, String where, List<Track> tracks, List<String> ignored) {
    if (item instanceof Map<?, ?>) {
      tracks.add(Track.fromObject(item));
      return;
    }
    if (item instanceof String s) {
      try {
        Object inner = TrackJson.parse(s);
        if (inner instanceof Map<?, ?>) {
          tracks.add(Track.fromObject(inner));
          return;
        }
        ignored.add("ignored " + where + ": a string holding " + TrackJson.kind(inner) + ", not a track");
      } catch (TrackJson.Malformed e) {
        ignored.add("ignored " + where + ": a string that is not a JSON track: " + snippet(s));
      }
      return;
    }
    ignored.add("ignored " + where + ": " + TrackJson.kind(item) + ", not a track");
  }

  /** The answer to {@code collect}: a JSON array of the track objects, compact. */
  public static String encode(Collection<Track> tracks) {
    StringBuilder out = new StringBuilder(256 * Math.max(1, tracks.size()));
    out.append('[');
    boolean first = true;
    for (Track t : tracks) {
      if (!first) {
        out.append(',');
      }
      first = false;
      TrackJson.write(t.fields(), out, false);
    }
    return out.append(']').toString();
  }

  private static String snippet(String text) {
    return text.length() <= SNIPPET ? text : text.substring(0, SNIPPET) + "...";
  }
}
