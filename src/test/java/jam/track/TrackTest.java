package jam.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.text.JsonNumber;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrackTest {
  static final String RIFF =
      "{\"trackname\":\"riff\",\"data\":[[440,null,580,332],[220,null,null,709]],\"city\":\"London\",\"countryCode\":\"gb\"}";

  @Test
  void readsTheFieldsJamKnows() {
    Track t = Track.parse(RIFF);
    assertEquals("riff", t.name());
    assertEquals(2, t.steps());
    assertEquals("London", t.city());
    assertEquals("gb", t.countryCode());
    assertEquals(Optional.empty(), t.id());
  }

  @Test
  void numbersKeepTheirExactValueAndSpelling() {
    String json =
        "{\"a\":329.6275569128699,\"b\":0.1,\"c\":1e400,\"d\":-0,\"e\":123456789012345678901234567890,"
            + "\"f\":1.0E-400,\"g\":[0.30000000000000004,-1.5e+3]}";
    assertEquals(json, Track.parse(json).toJson());
  }

  @Test
  void unknownFieldsAndTheirOrderAreKept() {
    String json =
        "{\"zeta\":{\"nested\":[true,false,null,\"s\"]},\"trackname\":\"x\",\"alpha\":\"\"}";
    Track t = Track.parse(json);
    assertEquals(json, t.toJson());
    assertEquals(List.of("zeta", "trackname", "alpha"), List.copyOf(t.fields().keySet()));
  }

  @Test
  void identityIsTheIdWhenThereIsOne() {
    Track a = Track.parse("{\"id\":\"42\",\"trackname\":\"a\"}");
    Track b = Track.parse("{\"trackname\":\"b\",\"id\":\"42\"}");
    assertEquals(a.identity(), b.identity());
    assertNotEquals(a.identity(), Track.parse("{\"id\":\"43\",\"trackname\":\"a\"}").identity());
  }

  @Test
  void identityWithoutIdIsTheCanonicalJson() {
    Track a = Track.parse("{\"trackname\":\"a\",\"data\":[[440,null]],\"x\":{\"q\":1,\"p\":2}}");
    Track sameOtherwiseWritten =
        Track.parse(
            "{ \"x\": {\"p\": 2.0, \"q\": 10e-1}, \"data\": [[4.4e2, null]], \"trackname\": \"\\u0061\" }");
    assertEquals(a.identity(), sameOtherwiseWritten.identity());
    assertNotEquals(
        a.identity(),
        Track.parse("{\"trackname\":\"a\",\"data\":[[441,null]],\"x\":{\"q\":1,\"p\":2}}")
            .identity());
    assertNotEquals(
        a.identity(), Track.parse("{\"trackname\":\"a\",\"data\":[[440,null]]}").identity());
  }

  @Test
  void aTrackWithoutIdIsTheSameTrackAsItsCopyWithTheDerivedId() {
    Track bare = Track.parse("{\"trackname\":\"a\",\"data\":[[440,null]]}");
    assertTrue(bare.key().matches("[0-9a-f]{16}"), bare.key());
    assertEquals(bare.key(), Track.parse("{\"data\":[[4.4e2,null]],\"trackname\":\"a\"}").key());
    assertEquals(bare.identity(), bare.withId(bare.key()).identity());
    assertNotEquals(bare.identity(), bare.withId("other").identity());
  }

  @Test
  void aNonStringOrEmptyIdIsNoId() {
    assertEquals(Optional.empty(), Track.parse("{\"id\":5}").id());
    assertEquals(Optional.empty(), Track.parse("{\"id\":\"\"}").id());
    assertEquals(Track.parse("{}").identity(), Track.parse("{\"id\":5}").identity());
  }

  @Test
  void withIdReplacesInPlaceOrAppends() {
    assertEquals(
        "{\"trackname\":\"a\",\"id\":\"u\"}",
        Track.parse("{\"trackname\":\"a\"}").withId("u").toJson());
    assertEquals(
        "{\"id\":\"u\",\"trackname\":\"a\"}",
        Track.parse("{\"id\":7,\"trackname\":\"a\"}").withId("u").toJson());
  }

  @Test
  void jsonOutputEscapesControlCharactersAndStaysValid() {
    String hostile = "a\u001b[31mb\rc\u0007d\u009be\u2028f\ud800g\"h\\i\u007f";
    Track t = new Track(java.util.Map.of("trackname", hostile));
    String json = t.toJson();
    for (char c : json.toCharArray()) {
      assertFalse(
          c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c),
          "raw control in " + json);
    }
    assertEquals(
        "{\"trackname\":\"a\\u001b[31mb\\rc\\u0007d\\u009be\\u2028f\\ud800g\\\"h\\\\i\\u007f\"}",
        json);
    assertEquals(hostile, Track.parse(json).name());
  }

  @Test
  void emojiAndAccentsPassThrough() {
    String json = "{\"trackname\":\"caf\u00e9 \ud83c\udfb8\"}";
    assertEquals(json, Track.parse(json).toJson());
  }

  @Test
  void parseRefusesWhatIsNotOneObject() {
    assertThrows(IllegalArgumentException.class, () -> Track.parse("[]"));
    assertThrows(IllegalArgumentException.class, () -> Track.parse("{} {}"));
    assertThrows(IllegalArgumentException.class, () -> Track.parse("{"));
  }

  @Test
  void numbersAreCanonicalByValue() {
    assertEquals("440", new JsonNumber("4.4e2").canonical());
    assertEquals("440", new JsonNumber("440.000").canonical());
    assertEquals("0.1", new JsonNumber("1e-1").canonical());
    assertEquals("1E+400", new JsonNumber("10e399").canonical());
    assertEquals("0", new JsonNumber("-0.0").canonical());
    assertEquals(new JsonNumber("1e400").canonical(), new JsonNumber("1.0e400").canonical());
    assertThrows(IllegalArgumentException.class, () -> new JsonNumber("01"));
    assertThrows(IllegalArgumentException.class, () -> new JsonNumber("1."));
    assertThrows(IllegalArgumentException.class, () -> new JsonNumber("NaN"));
  }
}
