package jam.track;

import jam.text.MalformedJson;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The codec for what peers send in answer to {@code collect}. Decoding accepts the three shapes
 * real clients send: an array of track objects; an array of JSON strings, each encoding one track
 * (the course's reference client); an object keyed by track name whose values are tracks. Anything
 * else is reported as ignored, never thrown. Encoding writes an array of objects. Stateless.
 */
public final class Payload {
  /**
   * The largest message {@code jam serve} takes by default (its --max-message; RelayConfig's
   * default), and so the largest answer to {@code collect} a peer sends unless a relay asks for
   * less.
   */
  public static final int RELAY_DEFAULT_MAX = 1 << 20;

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
    } catch (MalformedJson e) {
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
        ignored.add(
            "ignored a single track object (a payload is an array of tracks): " + snippet(message));
      } else {
        ignored.addAll(notTracks);
      }
    } else {
      ignored.add(
          "ignored a message that is "
              + TrackJson.kind(value)
              + ", not tracks: "
              + snippet(message));
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
        ignored.add(
            "ignored " + where + ": a string holding " + TrackJson.kind(inner) + ", not a track");
      } catch (MalformedJson e) {
        ignored.add("ignored " + where + ": a string that is not a JSON track: " + snippet(s));
      }
      return;
    }
    ignored.add("ignored " + where + ": " + TrackJson.kind(item) + ", not a track");
  }

  /**
   * The answer to {@code collect} split to fit a relay's message limit: JSON arrays of the track
   * objects, compact and in order, each at most {@code maxBytes} of UTF-8 (one array when all fit);
   * a track too large to fit alone is left out, in {@link Parts#tooBig}. No tracks: one empty
   * array.
   */
  public static Parts encode(Collection<Track> tracks, int maxBytes) {
    List<String> messages = new ArrayList<>();
    List<Track> tooBig = new ArrayList<>();
    StringBuilder out = new StringBuilder().append('[');
    long bytes = 2; // the brackets
    StringBuilder one = new StringBuilder(256);
    for (Track t : tracks) {
      one.setLength(0);
      TrackJson.write(t.fields(), one, false);
      long size = utf8Length(one);
      if (size + 2 > maxBytes) {
        tooBig.add(t);
        continue;
      }
      boolean first = out.length() == 1;
      if (!first && bytes + 1 + size > maxBytes) {
        messages.add(out.append(']').toString());
        out.setLength(0);
        out.append('[');
        bytes = 2;
        first = true;
      }
      if (!first) {
        out.append(',');
        bytes++;
      }
      out.append(one);
      bytes += size;
    }
    if (out.length() > 1 || messages.isEmpty()) {
      messages.add(out.append(']').toString());
    }
    return new Parts(messages, tooBig);
  }

  /** What {@link #encode(Collection, int)} makes: the messages to send, and the tracks left out. */
  public record Parts(List<String> messages, List<Track> tooBig) {
    public Parts {
      messages = List.copyOf(messages);
      tooBig = List.copyOf(tooBig);
    }
  }

  /** The size of a message that shares {@code track} alone, in bytes of UTF-8. */
  public static long size(Track track) {
    StringBuilder one = new StringBuilder(256);
    TrackJson.write(track.fields(), one, false);
    return utf8Length(one) + 2;
  }

  /** {@code bytes} for people: "700 bytes", "64 KiB", "1.5 MiB". */
  public static String sizeText(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    if (Math.round(bytes / 1024.0) < 1024) {
      return Math.round(bytes / 1024.0) + " KiB";
    }
    long tenths = Math.round(bytes * 10.0 / (1024 * 1024));
    return (tenths % 10 == 0 ? Long.toString(tenths / 10) : tenths / 10 + "." + tenths % 10)
        + " MiB";
  }

  /**
   * {@code bytes}, over {@code limit}, for people: in bytes when rounding would make the two read
   * alike.
   */
  public static String sizeOver(long bytes, long limit) {
    String shown = sizeText(bytes);
    return shown.equals(sizeText(limit)) ? bytes + " bytes" : shown;
  }

  /**
   * The size of {@code text} in UTF-8 (jam's JSON has no unpaired surrogates: they are escaped).
   */
  static long utf8Length(CharSequence text) {
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  private static String snippet(String text) {
    return text.length() <= SNIPPET ? text : text.substring(0, SNIPPET) + "...";
  }
}
