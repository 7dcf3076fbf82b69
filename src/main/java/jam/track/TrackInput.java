package jam.track;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import jam.ExitCode;
import jam.JamException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads tracks that a person hands to jam (a file, stdin): a track, an array of tracks, or several of
 * those one after the other (so {@code jam tracks --json} output reads back). Strict: an empty input, a
 * bare number, an array holding a non-object are errors naming {@code source:line:column}. Stateless.
 */
public final class TrackInput {
  private TrackInput() {}

  /** Reads a file the user named; I/O problems are a {@link JamException} with {@link ExitCode#IO}. */
  public static byte[] readFile(Path input) {
    try {
      return Files.readAllBytes(input);
    } catch (IOException e) {
      throw new JamException(ExitCode.IO, "cannot read " + input + ": " + Store.reason(e), e);
    }
  }

  /** The tracks in {@code json}, in order; a {@link JamException} with {@link ExitCode#DATA} when invalid. */
  public static List<Track> parse(String source, byte[] json) {
    try (JsonParser p = TrackJson.parser(json)) {
      return read(p, false);
    } catch (TrackJson.Malformed e) {
      throw new JamException(ExitCode.DATA, source + ":" + e.where());
    } catch (IOException e) {
      throw new JamException(ExitCode.DATA, source + ": unreadable JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Reads tracks from {@code p}. As a store ({@code store} true): exactly one array of objects, and
   * nothing at all counts as no tracks. As input: one or more tracks or arrays of tracks.
   */
  static List<Track> read(JsonParser p, boolean store) throws IOException, TrackJson.Malformed {
    List<Track> tracks = new ArrayList<>();
    try {
      JsonToken t = p.nextToken();
      if (t == null) {
        if (store) {
          return tracks;
        }
        throw new TrackJson.Malformed(1, 1, "no track: the input is empty (expected a track or an array of tracks)");
      }
      do {
        if (t == JsonToken.START_OBJECT && !store) {
          tracks.add(Track.fromObject(TrackJson.readValue(p)));
        } else if (t == JsonToken.START_ARRAY) {
          int index = 0;
          while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            index++;
            if (t != JsonToken.START_OBJECT) {
              throw TrackJson.malformed(
                  p, "element " + index + " of the array is " + TrackJson.kind(t) + ", not a track (a JSON object)");
            }
            tracks.add(Track.fromObject(TrackJson.readValue(p)));
          }
        } else if (store) {
          throw TrackJson.malformed(p, "a store is a JSON array of tracks, not " + TrackJson.kind(t));
        } else {
          throw TrackJson.malformed(
              p, "expected a track (a JSON object) or an array of tracks, not " + TrackJson.kind(t));
        }
        t = p.nextToken();
        if (t != null && store) {
          throw TrackJson.malformed(p, "unexpected content after the array of tracks");
        }
      } while (t != null);
      return tracks;
    } catch (JsonProcessingException e) {
      throw TrackJson.malformed(e);
    }
  }
}
