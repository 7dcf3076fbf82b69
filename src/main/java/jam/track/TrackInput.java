package jam.track;

import jam.ExitCode;
import jam.JamException;
import jam.text.JsonNumber;
import jam.text.JsonReader;
import jam.text.MalformedJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads tracks that a person hands to jam (a file, stdin): a track, an array of tracks, or several
 * of those one after the other (so {@code jam tracks --json} output reads back). Strict: an empty
 * input, a bare number, an array holding a non-object, a track without a {@code data} array of rows
 * of frequencies (numbers or null) are errors naming {@code source:line:column}, so that {@code jam
 * add-track package.json} shares nothing. A store and the network are read as they are. Stateless.
 */
public final class TrackInput {
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
    try {
      return read(JsonReader.utf8(json), false);
    } catch (MalformedJson e) {
      throw new JamException(ExitCode.DATA, source + ":" + e.where());
    }
  }

  /**
   * Reads tracks. As a store ({@code store} true): exactly one array of objects, and nothing at all
   * counts as no tracks. As input: one or more tracks or arrays of tracks.
   */
  static List<Track> read(JsonReader in, boolean store) throws MalformedJson {
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
        tracks.add(checked(in, at, tracks.size() + 1, in.readValue()));
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
                store ? Track.fromObject(track) : checked(in, element, tracks.size() + 1, track));
          } while (in.nextElement());
        }
      } else if (store) {
        throw in.error(at, "a store is a JSON array of tracks, not " + in.kindAt(at));
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
   * The track {@code value} (read at {@code at}, the {@code number}th of the input) when it has
   * steps.
   */
  private static Track checked(JsonReader in, int at, int number, Object value)
      throws MalformedJson {
    Track track = Track.fromObject(value);
    String which = "track " + number;
    if (!(track.fields().get("data") instanceof List<?> rows)) {
      throw in.error(
          at,
          track.fields().containsKey("data")
              ? which
                  + ": \"data\" is "
                  + TrackJson.kind(track.fields().get("data"))
                  + ", not an array of steps (each an array of frequencies in Hz, where null is silence)"
              : which
                  + " has no \"data\" (an array of steps, each an array of frequencies in Hz, where null is silence)");
    }
    for (int step = 1; step <= rows.size(); step++) {
      if (!(rows.get(step - 1) instanceof List<?> frequencies)) {
        throw in.error(
            at,
            which
                + ": step "
                + step
                + " of \"data\" is "
                + TrackJson.kind(rows.get(step - 1))
                + ", not an array of frequencies such as [440,null,580,332]");
      }
      for (Object f : frequencies) {
        if (f != null && !(f instanceof JsonNumber)) {
          throw in.error(
              at,
              which
                  + ": step "
                  + step
                  + " of \"data\" holds "
                  + TrackJson.kind(f)
                  + ", not a frequency in Hz or null");
        }
      }
    }
    return track;
  }
}
