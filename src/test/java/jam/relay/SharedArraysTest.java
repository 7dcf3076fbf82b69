package jam.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedArraysTest {
  private static final long MIB = 1 << 20;

  @Test
  void eachPeerKeepsAnEqualShareOf64MiBAndAtLeastOneMessage() {
    assertEquals(64 * MIB, SharedArrays.budget(1, MIB));
    assertEquals(8 * MIB, SharedArrays.budget(8, MIB));
    assertEquals(MIB, SharedArrays.budget(64, MIB));
    assertEquals(MIB, SharedArrays.budget(10_000, MIB)); // not 6.5 KiB: a whole message still fits
    assertEquals(64 * MIB, SharedArrays.budget(0, MIB));
  }

  /**
   * As peers join the share shrinks: what a peer kept before is cut to it, the least recent first.
   */
  @Test
  void whatIsKeptIsCutToTheShareWhenItShrinks() {
    SharedArrays kept = new SharedArrays();
    ByteBuffer a = frame("[1]", 400);
    ByteBuffer b = frame("[2]", 400);
    ByteBuffer c = frame("[3]", 400);
    for (ByteBuffer f : List.of(a, b, c)) {
      kept.remember(f, 10_000);
    }
    assertEquals(List.of(a, b, c), kept.frames(10_000));
    assertEquals(List.of(b, c), kept.frames(800));
    assertEquals(List.of(c), kept.frames(1)); // never less than the latest array
  }

  private static ByteBuffer frame(String text, int size) {
    byte[] bytes = new byte[size];
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(t, 0, bytes, 0, t.length);
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }
}
