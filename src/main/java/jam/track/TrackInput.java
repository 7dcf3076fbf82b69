package jam.track;

import jam.ExitCode;
import jam.JamException;
import jam.text.JsonNumber;
import jam.text.JsonReader;
import jam.text.MalformedJson;
import jam.text.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads tracks that a person hands to jam (a file, stdin): a track, an array of tracks, or several
 * of those one after the other (so {@code jam tracks --json} output reads back). Strict: an empty
 * input, a bare number, an array holding a non-object, a track without a {@code data} array of rows
 * of frequencies (numbers or null) are errors naming {@code source:line:column}, so that {@code jam
 * add-track package.json} shares nothing. A store and the network are read as they are. Stateless.
 */
public final class TrackInput {
  /** Drops warnings. (A class, not a lambda: the first lambda of a process costs ~10 ms.) */
  private static final Consumer<String> IGNORE =
      new Consumer<>() {
        @Override
        public void accept(String warning) {}
      };

  private TrackInput() {}

  /**
   * Reads a file the user named; I/O problems are a {@link JamException} with {@link ExitCode#IO}.
   */
  public static byte[] readFile(Path input) {
    try {
      return Files.readAllBytes(input);
    } catch (IOException e) {
      throw new JamException(
          ExitCode.IO, "cannot read " + input + ": " + JamException.reason(e), e);
    }
  }

  /**
   * The tracks in {@code json}, in order; a {@link JamException} with {@link ExitCode#DATA} when
   * invalid.
   */
  public static List<Track> parse(String source, byte[] json) {
    return parse(source, json, IGNORE);
  }

  /**
   * As {@link #parse(String, byte[])}, handing {@code warn} one line ({@code source:line:column:
   * ...}) per track that reads but will not play as written: no steps, or frequencies jam plays as
   * rests.
   */
  public static List<Track> parse(String source, byte[] json, Consumer<String> warn) {
    try {
      return read(JsonReader.utf8(json), false, source, warn);
    } catch (MalformedJson e) {
      throw new JamException(ExitCode.DATA, source + ":" + e.where());
    }
  }

  /**
   * Reads tracks. As a store ({@code store} true): exactly one array of objects, and nothing at all
   * counts as no tracks. As input: one or more tracks or arrays of tracks.
   */
  static List<Track> read(JsonReader in, boolean store) throws MalformedJson {
    return read(in, store, "", IGNORE);
  }

  private static List<Track> read(
      JsonReader in, boolean store, String source, Consumer<String> warn) throws MalformedJson {
    List<Track> tracks = new ArrayList<>();
    if (in.atEnd()) {
      if (store) {
        return tracks;
      }
      throw in.error(0, "no track: the input is empty (expected a track or an array of tracks)");
    }
    do {
      int at = in.position();
      int c = in.peek();
      if (c == '{' && !store) {
        tracks.add(checked(in, at, tracks.size() + 1, in.readValue(), source, warn));
      } else if (c == '[') {
        in.consume('[');
        if (!in.consume(']')) {
          int index = 0;
          do {
            index++;
            int element = in.position();
            if (in.peek() != '{') {
              throw in.error(
                  element,
                  "element "
                      + index
                      + " of the array is "
                      + in.kindAt(element)
                      + ", not a track (a JSON object)");
            }
            Object track = in.readValue();
            tracks.add(
                store
                    ? Track.fromObject(track)
                    : checked(in, element, tracks.size() + 1, track, source, warn));
          } while (in.nextElement());
        }
      } else if (store) {
        throw in.error(at, "a store is a JSON array of tracks, not " + in.kindAt(at));
      } else if (in.looksLikeYaml(at)) {
        throw in.error(
            at,
            "not JSON: this looks like YAML; jam reads tracks as JSON, such as {\"trackname\":\"riff\",\"data\":[[440,null,580,332]]}");
      } else {
        throw in.error(
            at, "expected a track (a JSON object) or an array of tracks, not " + in.kindAt(at));
      }
      if (store && !in.atEnd()) {
        throw in.error(in.position(), "unexpected content after the array of tracks");
      }
    } while (!in.atEnd());
    return tracks;
  }

  /**
   * The most a frequency may be, in Hz, to be heard: below half the sound engine's 48 kHz rate
   * (jam.sound.Score plays anything else as a rest).
   */
  static final double MAX_HZ = 24_000;

  /**
   * The track {@code value} (read at {@code at}, the {@code number}th of the input) when it has
   * steps; an error points at the element that is wrong. What reads but will not play (no steps, a
   * frequency out of range) goes to {@code warn}, once per track, pointing at it too.
   */
  private static Track checked(
      JsonReader in, int at, int number, Object value, String source, Consumer<String> warn)
      throws MalformedJson {
    Track track = Track.fromObject(value);
    Object name = track.fields().get("trackname");
    String which =
        "track "
            + number
            + (name instanceof String s && !s.isEmpty()
                ? " (\"" + Printable.escape(s) + "\")"
                : "");
    if (name != null && !(name instanceof String)) {
      throw in.error(
          in.locate(at, "trackname"),
          which
              + ": \"trackname\" is "
              + TrackJson.kind(name)
              + ", not a string (the track's name, such as \"riff\")");
    }
    if (!(track.fields().get("data") instanceof List<?> rows)) {
      throw in.error(
          in.locate(at, "data"),
          track.fields().containsKey("data")
              ? which
                  + ": \"data\" is "
                  + TrackJson.kind(track.fields().get("data"))
                  + ", not an array of steps (each an array of frequencies in Hz, where null is silence)"
              : which
                  + " has no \"data\" (an array of steps, each an array of frequencies in Hz, where null is silence)");
    }
    if (rows.isEmpty()) {
      warn.accept(
          source
              + ":"
              + in.error(in.locate(at, "data"), which + ": \"data\" has no steps: it plays nothing")
                  .where());
    }
    String unplayable = null;
    int more = 0;
    for (int step = 1; step <= rows.size(); step++) {
      if (!(rows.get(step - 1) instanceof List<?> frequencies)) {
        throw in.error(
            in.locate(at, "data", step - 1),
            which
                + ": step "
                + step
                + " of \"data\" is "
                + TrackJson.kind(rows.get(step - 1))
                + ", not an array of frequencies such as [440,null,580,332]");
      }
      for (int k = 0; k < frequencies.size(); k++) {
        Object f = frequencies.get(k);
        if (f != null && !(f instanceof JsonNumber)) {
          throw in.error(
              in.locate(at, "data", step - 1, k),
              which
                  + ": step "
                  + step
                  + " of \"data\" holds "
                  + TrackJson.kind(f)
                  + ", not a frequency in Hz or null");
        }
        if (f instanceof JsonNumber n && !playable(n)) {
          if (unplayable == null) {
            unplayable =
                in.error(
                        in.locate(at, "data", step - 1, k),
                        which
                            + ": step "
                            + step
                            + " of \"data\" holds "
                            + Printable.escape(n.literal())
                            + " Hz, which jam plays as a rest (it plays above 0 and below 24000 Hz)")
                    .where();
          } else {
            more++;
          }
        }
      }
    }
    if (unplayable != null) {
      warn.accept(
          source + ":" + unplayable + (more == 0 ? "" : " (and " + more + " more in this track)"));
    }
    return track;
  }

  private static boolean playable(JsonNumber n) {
    double hz = Double.parseDouble(n.literal());
    return hz > 0 && hz < MAX_HZ;
  }
}
