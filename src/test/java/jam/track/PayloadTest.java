package jam.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadTest {
  static final String RIFF = TrackTest.RIFF;
  static final String BASS = "{\"trackname\":\"bass\",\"data\":[[110,null,null,null]],\"mood\":\"dark\",\"x\":1e400}";

  @Test
  void anArrayOfTrackObjects() {
    Payload.Decoded d = Payload.decode("[" + RIFF + "," + BASS + "]");
    assertEquals(List.of(RIFF, BASS), json(d.tracks()));
    assertEquals(List.of(), d.ignored());
  }

  @Test
  void anArrayOfJsonStringsEachHoldingATrack() {
    // what the course's reference client sends: tracks.map(t => JSON.stringify(t))
    String message = "[" + quote(RIFF) + "," + quote(BASS) + "]";
    Payload.Decoded d = Payload.decode(message);
    assertEquals(List.of(RIFF, BASS), json(d.tracks()));
    assertEquals(List.of(), d.ignored());
  }

  @Test
  void anObjectKeyedByTrackName() {
    Payload.Decoded d = Payload.decode("{\"riff\":" + RIFF + ",\"bass\":" + BASS + "}");
    assertEquals(List.of(RIFF, BASS), json(d.tracks()));
    assertEquals(List.of(), d.ignored());
  }

  @Test
  void partsThatAreNotTracksAreIgnoredWithAReason() {
    Payload.Decoded d = Payload.decode("[" + RIFF + ",5,\"not json\",\"[1]\",null," + quote(BASS) + "]");
    assertEquals(List.of(RIFF, BASS), json(d.tracks()));
    assertEquals(
        List.of(
            "ignored element 2: a number, not a track",
            "ignored element 3: a string that is not a JSON track: not json",
            "ignored element 4: a string holding an array, not a track",
            "ignored element 5: null, not a track"),
        d.ignored());
  }

  @ParameterizedTest
  @ValueSource(strings = {"collect", "trigger-output", "hello", "5", "\"s\"", "true", "null", "", "[", "{\"a\":}", "[1,2]"})
  void anythingElseIsIgnoredNeverThrown(String message) {
    Payload.Decoded d = Payload.decode(message);
    assertEquals(List.of(), d.tracks());
  }

  @Test
  void aBareTrackIsNotAPayload() {
    Payload.Decoded d = Payload.decode(RIFF);
    assertEquals(List.of(), d.tracks());
    assertEquals(List.of("ignored a single track object (a payload is an array of tracks): " + RIFF.substring(0, 60) + "..."), d.ignored());
  }

  @Test
  void aNonJsonMessageSaysWhere() {
    Payload.Decoded d = Payload.decode("hello");
    assertEquals(1, d.ignored().size());
    assertTrue(d.ignored().get(0).startsWith("ignored a message that is not JSON (1:1: "), d.ignored().get(0));
  }

  @Test
  void encodesAnArrayOfObjectsThatDecodesToTheSameTracks() {
    List<Track> tracks = List.of(Track.parse(RIFF), Track.parse(BASS));
    String message = Payload.encode(tracks);
    assertEquals("[" + RIFF + "," + BASS + "]", message);
    assertEquals(tracks, Payload.decode(message).tracks());
    assertEquals("[]", Payload.encode(List.of()));
  }

  static List<String> json(List<Track> tracks) {
    return tracks.stream().map(Track::toJson).toList();
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder();
    jam.text.JsonStrings.append(s, out);
    return out.toString();
  }
}
