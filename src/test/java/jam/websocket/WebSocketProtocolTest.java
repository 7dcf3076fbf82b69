package jam.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The codec against RFC 6455's own examples (sections 1.3 and 5.7), on bytes only. */
class WebSocketProtocolTest {
  private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);
  private static final int RFC_KEY = 0x37fa213d;

  @Test
  void theAcceptKeyIsSection13s() {
    assertEquals(
        "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketProtocol.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
  }

  @Test
  void framesAreEncodedAsSection57Shows() {
    assertArrayEquals(
        bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f), unmasked(0x81, HELLO), "unmasked text");
    assertArrayEquals(
        bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58),
        masked(0x81, HELLO, RFC_KEY),
        "masked text");
    assertArrayEquals(
        bytes(0x01, 0x03, 0x48, 0x65, 0x6c),
        unmasked(0x01, Arrays.copyOf(HELLO, 3)),
        "first fragment");
    assertArrayEquals(
        bytes(0x80, 0x02, 0x6c, 0x6f),
        unmasked(0x80, Arrays.copyOfRange(HELLO, 3, 5)),
        "last fragment");
    assertArrayEquals(
        bytes(0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f), unmasked(0x89, HELLO), "unmasked ping");
    assertArrayEquals(
        bytes(0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58),
        masked(0x8a, HELLO, RFC_KEY),
        "masked pong");
    byte[] b256 = unmasked(0x82, new byte[256]);
    assertArrayEquals(
        bytes(0x82, 0x7e, 0x01, 0x00), Arrays.copyOf(b256, 4), "256 bytes: a 16-bit length");
    assertEquals(4 + 256, b256.length);
    byte[] b64k = unmasked(0x82, new byte[65536]);
    assertArrayEquals(
        bytes(0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0),
        Arrays.copyOf(b64k, 10),
        "64 KiB: a 64-bit length");
    assertEquals(10 + 65536, b64k.length);
  }

  @Test
  void section57sFramesDecodeToTheirPayloads() {
    assertEquals("0x1 fin Hello", decode(bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f)));
    assertEquals(
        "0x1 fin Hello",
        decode(bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58)));
    assertEquals("0x1 more Hel", decode(bytes(0x01, 0x03, 0x48, 0x65, 0x6c)));
    assertEquals("0x0 fin lo", decode(bytes(0x80, 0x02, 0x6c, 0x6f)));
    assertEquals("0x9 fin Hello", decode(bytes(0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f)));
    assertEquals(
        "0xa fin Hello",
        decode(bytes(0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58)));
    byte[] b256 = bytes(0x82, 0x7e, 0x01, 0x00);
    assertEquals(4, WebSocketProtocol.headerLength(b256[1] & 0xff));
    assertEquals(256, WebSocketProtocol.payloadLength(b256, 0, b256[1] & 0xff));
    assertEquals(256, WebSocketProtocol.payloadLength(ByteBuffer.wrap(b256), 0, b256[1] & 0xff));
    byte[] b64k = bytes(0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0);
    assertEquals(10, WebSocketProtocol.headerLength(b64k[1] & 0xff));
    assertEquals(65536, WebSocketProtocol.payloadLength(b64k, 0, b64k[1] & 0xff));
    assertEquals(65536, WebSocketProtocol.payloadLength(ByteBuffer.wrap(b64k), 0, b64k[1] & 0xff));
  }

  @Test
  void headersUseTheShortestLengthAndDecodeAtAnyOffset() {
    long[] lengths = {0, 125, 126, 0xffff, 0x10000, Integer.MAX_VALUE, 1L << 40};
    int[] sizes = {2, 2, 4, 4, 10, 10, 10};
    for (int i = 0; i < lengths.length; i++) {
      long n = lengths[i];
      assertEquals(sizes[i], WebSocketProtocol.headerLengthFor(n, false), "length " + n);
      assertEquals(
          sizes[i] + 4, WebSocketProtocol.headerLengthFor(n, true), "length " + n + ", masked");
      for (boolean mask : new boolean[] {false, true}) {
        ByteBuffer b = ByteBuffer.allocate(3 + WebSocketProtocol.MAX_HEADER_LENGTH);
        b.position(3);
        if (mask) {
          WebSocketProtocol.putHeader(b, 0x82, n, 0x01020304);
        } else {
          WebSocketProtocol.putHeader(b, 0x82, n);
        }
        assertEquals(3 + WebSocketProtocol.headerLengthFor(n, mask), b.position(), "length " + n);
        int b1 = b.get(4) & 0xff;
        assertEquals(
            WebSocketProtocol.headerLengthFor(n, mask),
            WebSocketProtocol.headerLength(b1),
            "length " + n);
        assertEquals(n, WebSocketProtocol.payloadLength(b, 3, b1), "length " + n);
        assertEquals(n, WebSocketProtocol.payloadLength(b.array(), 3, b1), "length " + n);
        if (mask) {
          assertEquals(0x01020304, WebSocketProtocol.maskKey(b.array(), 3, b1), "length " + n);
        }
      }
    }
  }

  @Test
  void aLengthWithTheTopBitSetIsNegativeAndNoneCanBeWritten() {
    byte[] header = bytes(0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 1);
    assertEquals(Long.MIN_VALUE + 1, WebSocketProtocol.payloadLength(header, 0, 0x7f));
    assertEquals(
        Long.MIN_VALUE + 1, WebSocketProtocol.payloadLength(ByteBuffer.wrap(header), 0, 0x7f));
    assertThrows(
        IllegalArgumentException.class,
        () -> WebSocketProtocol.putHeader(ByteBuffer.allocate(14), 0x81, -1));
  }

  @Test
  void maskingIsTheRfcsXorWhereverItStartsAndItUndoesItself() {
    Random random = new Random(6455);
    int from = WebSocketProtocol.EIGHT_AT_A_TIME_FROM;
    // short payloads, and both sides of the eight-byte path's start with its every tail length
    for (int n :
        IntStream.concat(IntStream.range(0, 20), IntStream.range(from - 9, from + 17)).toArray()) {
      byte[] payload = new byte[n];
      random.nextBytes(payload);
      int key = random.nextInt();
      byte[] expected = new byte[n];
      for (int i = 0; i < n; i++) { // section 5.3: octet i XOR octet (i MOD 4) of the key
        expected[i] = (byte) (payload[i] ^ (key >>> (24 - 8 * (i % 4))));
      }
      byte[] to = new byte[n + 5];
      WebSocketProtocol.toggleMask(payload, 0, to, 5, n, key);
      assertArrayEquals(expected, Arrays.copyOfRange(to, 5, 5 + n), "length " + n);
      byte[] back = new byte[n];
      WebSocketProtocol.toggleMask(to, 5, back, 0, n, key);
      assertArrayEquals(payload, back, "length " + n + ", unmasked again");
      for (int down :
          new int[] {0, 1, 4, 7, 8, 9}) { // in one array, moved down over what it leaves
        byte[] a = new byte[12 + n];
        System.arraycopy(payload, 0, a, 12, n);
        WebSocketProtocol.toggleMask(a, 12, a, 12 - down, n, key);
        assertArrayEquals(
            expected,
            Arrays.copyOfRange(a, 12 - down, 12 - down + n),
            "length " + n + ", " + down + " down");
      }
    }
  }

  @Test
  void theUpgradeRequestIsSection41s() {
    WebSocketUrl url = WebSocketUrl.of(java.net.URI.create("ws://[::1]:9000/socket?token=x"));
    assertEquals(
        "GET /socket?token=x HTTP/1.1\r\nHost: [::1]:9000\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        new String(
            WebSocketProtocol.upgradeRequest(url, "dGhlIHNhbXBsZSBub25jZQ=="),
            StandardCharsets.ISO_8859_1));
  }

  private static byte[] unmasked(int b0, byte[] payload) {
    ByteBuffer b =
        ByteBuffer.allocate(
            WebSocketProtocol.headerLengthFor(payload.length, false) + payload.length);
    WebSocketProtocol.putHeader(b, b0, payload.length);
    return b.put(payload).array();
  }

  private static byte[] masked(int b0, byte[] payload, int key) {
    int h = WebSocketProtocol.headerLengthFor(payload.length, true);
    ByteBuffer b = ByteBuffer.allocate(h + payload.length);
    WebSocketProtocol.putHeader(b, b0, payload.length, key);
    WebSocketProtocol.toggleMask(payload, 0, b.array(), h, payload.length, key);
    return b.array();
  }

  /** "opcode fin|more payload" of one whole frame. */
  private static String decode(byte[] frame) {
    int b0 = frame[0] & 0xff;
    int b1 = frame[1] & 0xff;
    int h = WebSocketProtocol.headerLength(b1);
    int n = (int) WebSocketProtocol.payloadLength(frame, 0, b1);
    assertEquals(frame.length, h + n, "the whole frame");
    byte[] payload = Arrays.copyOfRange(frame, h, h + n);
    if ((b1 & WebSocketProtocol.B1_FLAG_MASK) != 0) {
      WebSocketProtocol.toggleMask(
          payload, 0, payload, 0, n, WebSocketProtocol.maskKey(frame, 0, b1));
    }
    return "0x"
        + Integer.toHexString(b0 & WebSocketProtocol.B0_MASK_OPCODE)
        + ((b0 & WebSocketProtocol.B0_FLAG_FIN) != 0 ? " fin " : " more ")
        + new String(payload, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
