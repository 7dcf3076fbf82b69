package jam.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OSC codec on bytes written out by hand from the OSC 1.0 specification. */
class OscTest {
  /** The specification's example: "/oscillator/4/frequency" with the float 440.0. */
  private static final byte[] SPEC_EXAMPLE = {
    '/',
    'o',
    's',
    'c',
    'i',
    'l',
    'l',
    'a',
    't',
    'o',
    'r',
    '/',
    '4',
    '/',
    'f',
    'r',
    'e',
    'q',
    'u',
    'e',
    'n',
    'c',
    'y',
    0,
    ',',
    'f',
    0,
    0,
    0x43,
    (byte) 0xdc,
    0,
    0
  };

  @Test
  void encodesTheSpecificationsExample() {
    assertArrayEquals(SPEC_EXAMPLE, Osc.encode(new Osc.Message("/oscillator/4/frequency", 440.0f)));
  }

  @Test
  void encodesStringsIntsAndPaddingAsTheSpecificationSays() {
    byte[] b = Osc.encode(new Osc.Message("/jam/bang", "kick", "", 3));
    assertEquals(
        "/jam/bang\0\0\0,ssi\0\0\0\0kick\0\0\0\0\0\0\0\0\0\0\0\3",
        new String(b, StandardCharsets.ISO_8859_1));
  }

  @Test
  void bundlesCarryTheTimeTagAndSizedElements() {
    Osc.Message m = new Osc.Message("/a", 1);
    byte[] b = Osc.encode(new Osc.Bundle(0x0102030405060708L, List.of(m)));
    ByteBuffer expected = ByteBuffer.allocate(8 + 8 + 4 + 12);
    expected.put("#bundle\0".getBytes(StandardCharsets.US_ASCII));
    expected.putLong(0x0102030405060708L).putInt(12);
    expected.put(new byte[] {'/', 'a', 0, 0, ',', 'i', 0, 0, 0, 0, 0, 1});
    assertArrayEquals(expected.array(), b);
  }

  @Test
  void decodesWhatItEncodes() throws Exception {
    Osc.Packet p =
        new Osc.Bundle(
            TimeTag.IMMEDIATELY,
            List.of(
                new Osc.Message("/x", "é", 1.5f, 2.25d, 7L, -3, true, false, Osc.Nil.NIL),
                new Osc.Bundle(42, List.of(new Osc.Message("/y")))));
    byte[] b = Osc.encode(p);
    assertEquals(p, Osc.decode(b, 0, b.length));
  }

  @Test
  void aStringEndsAtItsFirstNulSoNoStringBecomesTwoArguments() throws Exception {
    byte[] b = Osc.encode(new Osc.Message("/jam/bang", "kick", "a\0bcdefg", "room"));
    assertEquals(new Osc.Message("/jam/bang", "kick", "a", "room"), Osc.decode(b, 0, b.length));
  }

  @Test
  void decodesAMessageWithoutTypeTagsAndSkipsBlobs() throws Exception {
    assertEquals(new Osc.Message("/jam/bang"), decode("/jam/bang\0\0\0"));
    byte[] blob =
        concat(
            "/b\0\0,bs\0".getBytes(StandardCharsets.US_ASCII),
            new byte[] {0, 0, 0, 5, 1, 2, 3, 4, 5, 0, 0, 0},
            "hat\0".getBytes(StandardCharsets.US_ASCII));
    assertEquals(new Osc.Message("/b", new Osc.Blob(5), "hat"), Osc.decode(blob, 0, blob.length));
  }

  @Test
  void refusesWhatIsNotOsc() {
    String[] bad = {
      "garbage!", // no address
      "/a\0", // not a multiple of 4
      "/abc", // no NUL
      "/a\0\0,i\0\0", // an int missing
      "/a\0\0,q\0\0", // a tag jam does not read
      "/a\0\0i\0\0\0", // tags without their comma
      "#bundlX\0\0\0\0\0\0\0\0\0", // not a bundle
    };
    for (String b : bad) {
      assertThrows(Osc.Malformed.class, () -> decode(b), b);
    }
    ByteBuffer oversizedElement = ByteBuffer.allocate(20);
    oversizedElement.put("#bundle\0".getBytes(StandardCharsets.US_ASCII)).putLong(1).putInt(400);
    assertThrows(Osc.Malformed.class, () -> Osc.decode(oversizedElement.array(), 0, 20));
    assertThrows(Osc.Malformed.class, () -> Osc.decode(new byte[0], 0, 0));
  }

  @Test
  void refusesBundlesNestedTooDeep() {
    Osc.Packet p = new Osc.Message("/a");
    for (int i = 0; i <= Osc.MAX_DEPTH; i++) {
      p = new Osc.Bundle(1, List.of(p));
    }
    byte[] b = Osc.encode(p);
    Osc.Malformed e = assertThrows(Osc.Malformed.class, () -> Osc.decode(b, 0, b.length));
    assertTrue(e.getMessage().contains("nested"), e.getMessage());
  }

  private static Osc.Packet decode(String latin1) throws Osc.Malformed {
    byte[] b = latin1.getBytes(StandardCharsets.ISO_8859_1);
    return Osc.decode(b, 0, b.length);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
