package jam.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadTest {
  static final String RIFF = TrackTest.RIFF;
  static final String BASS =
      "{\"trackname\":\"bass\",\"data\":[[110,null,null,null]],\"mood\":\"dark\",\"x\":1e400}";

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
    Payload.Decoded d =
        Payload.decode("[" + RIFF + ",5,\"not json\",\"[1]\",null," + quote(BASS) + "]");
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
  @ValueSource(
      strings = {
        "collect",
        "trigger-output",
        "hello",
        "5",
        "\"s\"",
        "true",
        "null",
        "",
        "[",
        "{\"a\":}",
        "[1,2]"
      })
  void anythingElseIsIgnoredNeverThrown(String message) {
    Payload.Decoded d = Payload.decode(message);
    assertEquals(List.of(), d.tracks());
  }

  @Test
  void aBareTrackIsNotAPayload() {
    Payload.Decoded d = Payload.decode(RIFF);
    assertEquals(List.of(), d.tracks());
    assertEquals(
        List.of(
            "ignored a single track object (a payload is an array of tracks): "
                + RIFF.substring(0, 60)
                + "..."),
        d.ignored());
  }

  @Test
  void aNonJsonMessageSaysWhere() {
    Payload.Decoded d = Payload.decode("hello");
    assertEquals(1, d.ignored().size());
    assertTrue(
        d.ignored().get(0).startsWith("ignored a message that is not JSON (1:1: "),
        d.ignored().get(0));
  }

  @Test
  void encodesAnArrayOfObjectsThatDecodesToTheSameTracks() {
    List<Track> tracks = List.of(Track.parse(RIFF), Track.parse(BASS));
    String message = one(tracks);
    assertEquals("[" + RIFF + "," + BASS + "]", message);
    assertEquals(tracks, Payload.decode(message).tracks());
    assertEquals("[]", one(List.of()));
  }

  @Test
  void splitsIntoArraysWithinTheLimitInOrderAndLeavesOutATrackTooBigAlone() {
    List<Track> tracks = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tracks.add(
          Track.parse(
              "{\"trackname\":\"t"
                  + i
                  + " \u266a\",\"id\":\""
                  + "x".repeat(40)
                  + i
                  + "\"}")); // ~66 bytes
    }
    Track huge = Track.parse("{\"trackname\":\"huge\",\"id\":\"" + "h".repeat(300) + "\"}");
    tracks.add(4, huge);
    Payload.Parts parts = Payload.encode(tracks, 200);
    assertEquals(List.of(huge), parts.tooBig());
    List<Track> back = new java.util.ArrayList<>();
    for (String m : parts.messages()) {
      assertTrue(
          m.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 200, m.length() + ": " + m);
      back.addAll(Payload.decode(m).tracks());
    }
    List<Track> expected = new java.util.ArrayList<>(tracks);
    expected.remove(huge);
    assertEquals(expected, back);
    for (int i = 1;
        i < parts.messages().size();
        i++) { // each array as full as it can be: the next track did not fit
      int before =
          parts.messages().get(i - 1).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      long next = Payload.size(Payload.decode(parts.messages().get(i)).tracks().get(0)) - 2;
      assertTrue(
          before + 1 + next > 200, "message " + i + " could have gone with the one before it");
    }
  }

  @Test
  void allThatFitsIsOneArrayAsBefore() {
    List<Track> tracks = List.of(Track.parse(RIFF), Track.parse(BASS));
    assertEquals(
        List.of(one(tracks)), Payload.encode(tracks, Payload.RELAY_DEFAULT_MAX).messages());
    assertEquals(List.of("[]"), Payload.encode(List.of(), 100).messages());
    assertEquals(one(List.of(Track.parse(RIFF))).length(), Payload.size(Track.parse(RIFF)));
  }

  @Test
  void sizesForPeople() {
    assertEquals("700 bytes", Payload.sizeText(700));
    assertEquals("64 KiB", Payload.sizeText(64 << 10));
    assertEquals("1 MiB", Payload.sizeText(1 << 20));
    assertEquals("1.5 MiB", Payload.sizeText(3 << 19));
    assertEquals("1 MiB", Payload.sizeText((1 << 20) - 100)); // not "1024 KiB"
    assertEquals(
        "1048577 bytes", Payload.sizeOver((1 << 20) + 1, 1 << 20)); // not "1 MiB, over the 1 MiB"
    assertEquals("1.5 MiB", Payload.sizeOver(3 << 19, 1 << 20));
  }

  /** The store as one array, whatever its size. */
  static String one(List<Track> tracks) {
    List<String> messages = Payload.encode(tracks, Integer.MAX_VALUE).messages();
    assertEquals(1, messages.size());
    return messages.get(0);
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
