package jam.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jam.ExitCode;
import jam.JamException;
import jam.text.JsonNumber;
import jam.text.JsonReader;
import jam.text.MalformedJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The track codec fuzzed with jqwik: whatever text or bytes arrive, {@link JsonReader} answers with
 * a value or a {@link MalformedJson}, {@link Payload#decode} never throws, {@link Track#parse}
 * throws only its documented IllegalArgumentException, a store file reads or fails with {@link
 * ExitCode#DATA}; and any JSON value jam writes reads back to exactly the same text.
 */
class CodecFuzzTest {
  private static final String VALID =
      "[{\"trackname\":\"riff\",\"data\":[[440,null,580,332],[220,null,null,709]],\"city\":\"K\\u00f8benhavn\","
          + "\"countryCode\":\"dk\",\"tempo\":-3.5e-7,\"id\":\"r-1\",\"x\":{\"y\":[true,false,\"\\ud83c\\udfb8\"]}}]";

  @Property(tries = 1000)
  void anyTextParsesOrIsMalformed(@ForAll("texts") String text) {
    parseOrMalformed(text);
    assertNotNull(Payload.decode(text));
  }

  @Property(tries = 1000)
  void mutatedTracksParseOrAreMalformed(@ForAll("mutants") String text) {
    parseOrMalformed(text);
    assertNotNull(Payload.decode(text));
    try {
      Track.parse(text);
    } catch (IllegalArgumentException e) {
      assertNotNull(e.getMessage()); // the documented failure of Track.parse
    }
  }

  @Property(tries = 1000)
  void anyBytesDecodeOrAreMalformed(@ForAll @Size(max = 300) byte[] bytes) {
    try {
      JsonReader.utf8(bytes).readDocument();
    } catch (MalformedJson e) {
      assertNotNull(e.where());
    }
  }

  @Property(tries = 200)
  void aStoreFileOfAnyBytesReadsOrIsADataError(@ForAll("mutantBytes") byte[] content)
      throws Exception {
    Path dir = Files.createTempDirectory("jam-fuzz");
    Path file = dir.resolve("tracks.json");
    try {
      Files.write(file, content);
      try {
        new Store(file).read();
      } catch (JamException e) {
        assertEquals(ExitCode.DATA, e.exitCode(), e.getMessage());
      }
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  @Property(tries = 1000)
  void everyValueRoundTripsExactly(@ForAll("values") Object value) throws Exception {
    String written = TrackJson.write(value);
    assertEquals(written, TrackJson.write(TrackJson.parse(written)));
    String canonical = TrackJson.canonical(value);
    assertEquals(canonical, TrackJson.canonical(TrackJson.parse(written)));
  }

  @Property(tries = 500)
  void tracksRoundTripThroughThePayload(@ForAll("objects") Map<String, Object> fields) {
    Track track = new Track(fields);
    Payload.Decoded decoded = Payload.decode(PayloadTest.one(List.of(track, track)));
    assertEquals(
        List.of(track.toJson(), track.toJson()),
        decoded.tracks().stream().map(Track::toJson).toList());
    assertEquals(track.toJson(), Track.parse(track.toJson()).toJson());
  }

  private static void parseOrMalformed(String text) {
    try {
      TrackJson.parse(text);
    } catch (MalformedJson e) {
      assertNotNull(
          e.where()); // the one clean failure; anything else escapes and fails the property
    }
  }

  // ------------------------------------------------------------------------------- generators

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> jsonish =
        Arbitraries.strings().withChars("{}[]\":,.-+eE0123456789tfrunlasx\\/ \n\t").ofMaxLength(80);
    Arbitrary<String> anyChars =
        Arbitraries.strings().all().ofMaxLength(80); // lone surrogates, NUL, C1 included
    Arbitrary<String> deep =
        Arbitraries.integers().between(400, 700).map(n -> "[".repeat(n) + "]".repeat(n));
    return Arbitraries.oneOf(jsonish, anyChars, deep);
  }

  @Provide
  Arbitrary<String> mutants() {
    return Arbitraries.integers()
        .between(1, 8)
        .flatMap(n -> mutation().list().ofSize(n))
        .map(
            edits -> {
              StringBuilder s = new StringBuilder(VALID);
              for (Edit e : edits) {
                e.apply(s);
              }
              return s.toString();
            });
  }

  @Provide
  Arbitrary<byte[]> mutantBytes() {
    return mutants()
        .map(s -> s.getBytes(StandardCharsets.UTF_8))
        .flatMap(
            b ->
                Arbitraries.integers()
                    .between(0, b.length)
                    .list()
                    .ofMaxSize(3)
                    .map(
                        flips -> {
                          byte[] copy = b.clone();
                          for (int i : flips) {
                            if (i < copy.length) {
                              copy[i] ^= (byte) (0x80 | i);
                            }
                          }
                          return copy;
                        }));
  }

  /** One edit of a text: insert, delete or replace one character, or cut the text short. */
  private record Edit(int kind, double at, char c) {
    void apply(StringBuilder s) {
      int i = (int) (at * s.length());
      switch (kind) {
        case 0 -> s.insert(i, c);
        case 1 -> {
          if (i < s.length()) {
            s.deleteCharAt(i);
          }
        }
        case 2 -> {
          if (i < s.length()) {
            s.setCharAt(i, c);
          }
        }
        default -> s.setLength(i);
      }
    }
  }

  private static Arbitrary<Edit> mutation() {
    Arbitrary<Character> chars =
        Arbitraries.oneOf(
            Arbitraries.of(
                '"', '\\', '{', '}', '[', ']', ',', ':', '0', '-', 'e', '.', 'u', '\u0000',
                '\u001b', '\u009b', '\ud800', '\udc00'),
            Arbitraries.chars());
    return Combinators.combine(
            Arbitraries.integers().between(0, 3), Arbitraries.doubles().between(0, 1), chars)
        .as(Edit::new);
  }

  @Provide
  Arbitrary<Object> values() {
    return value(3);
  }

  @Provide
  Arbitrary<Map<String, Object>> objects() {
    return object(2);
  }

  private static Arbitrary<Object> value(int depth) {
    Arbitrary<Object> leaf =
        Arbitraries.oneOf(
            strings().map(s -> (Object) s),
            numbers().map(n -> (Object) n),
            Arbitraries.of(true, false).map(b -> (Object) b),
            Arbitraries.just(null));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Object> list =
        Arbitraries.lazy(() -> value(depth - 1))
            .list()
            .ofMaxSize(4)
            .map(l -> (Object) new ArrayList<>(l));
    Arbitrary<Object> map = object(depth - 1).map(m -> (Object) m);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, leaf),
        net.jqwik.api.Tuple.of(1, list),
        net.jqwik.api.Tuple.of(1, map));
  }

  private static Arbitrary<Map<String, Object>> object(int depth) {
    return Arbitraries.maps(strings(), Arbitraries.lazy(() -> value(depth)))
        .ofMaxSize(4)
        .map(LinkedHashMap::new);
  }

  /** Any UTF-16 text: control characters, C1, lone surrogates and emoji included. */
  private static Arbitrary<String> strings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(12),
        Arbitraries.of(
            "",
            "riff",
            "\u001b[31mred",
            "\u009b2J",
            "\ud800",
            "\udfff x",
            "\u0000",
            "\ud83c\udfb8",
            "\u2028"));
  }

  /** Valid JSON number literals, big and small, kept as written. */
  private static Arbitrary<JsonNumber> numbers() {
    Arbitrary<String> integer =
        Arbitraries.oneOf(
            Arbitraries.just("0"),
            Arbitraries.strings()
                .withCharRange('1', '9')
                .ofLength(1)
                .flatMap(
                    first ->
                        Arbitraries.strings().numeric().ofMaxLength(30).map(rest -> first + rest)));
    Arbitrary<String> fraction =
        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20).map(d -> "." + d);
    Arbitrary<String> exponent =
        Combinators.combine(
                Arbitraries.of("e", "E", "e+", "e-", "E-"),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(4))
            .as((e, d) -> e + d);
    return Combinators.combine(
            Arbitraries.of("", "-"), integer, fraction.injectNull(0.5), exponent.injectNull(0.6))
        .as(
            (sign, i, f, e) ->
                new JsonNumber(sign + i + (f == null ? "" : f) + (e == null ? "" : e)));
  }
}
