package jam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.testing.JsonValues;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bytes on the wire: the same as loadgen.js sends (the expected strings below are its output),
 * of exactly the asked size, and valid JSON.
 */
class PayloadsTest {
  @Test
  void aSixtyFourByteMessageIsLoadgensBang() {
    byte[] m = Payloads.message(64, 7);
    Payloads.putDigits(m, Payloads.TS_AT, Payloads.TS_DIGITS, 1_234_567L);
    Payloads.putDigits(m, Payloads.SEQ_AT, Payloads.SEQ_DIGITS, 42);
    assertEquals(
        "[\"T00000001234567\",\"007000000042\",\"bang.......................\"]",
        new String(m, StandardCharsets.US_ASCII));
    ByteBuffer b = ByteBuffer.wrap(m);
    assertTrue(Payloads.isTimed(b, 0, Payloads.HEADER, m.length));
    assertEquals(1_234_567L, Payloads.digits(b, Payloads.TS_AT, Payloads.TS_DIGITS));
    assertEquals(7L, Payloads.digits(b, Payloads.SENDER_AT, Payloads.SENDER_DIGITS));
    assertEquals(42L, Payloads.digits(b, Payloads.SEQ_AT, Payloads.SEQ_DIGITS));
  }

  @Test
  void messagesHaveExactlyTheAskedSizeAndAreJson() throws Exception {
    for (int size : new int[] {37, 64, 200, 511, 512, 1000, 8192, 65536}) {
      byte[] m = Payloads.message(size, 0);
      assertEquals(size, m.length);
      List<Object> parsed = JsonValues.array(new String(m, StandardCharsets.US_ASCII));
      assertEquals(
          size < 512 ? 3 : 4,
          parsed.size(),
          "head, sequence, filler (and a pad string from 512 B on)");
    }
    // from 512 bytes on, the filler looks like a track array
    String filler = Payloads.filler(8192);
    assertTrue(
        filler.startsWith(
            "[{\"id\":\"t001\",\"x\":0.0,\"y\":0.0,\"gain\":0.8,\"mute\":false},{\"id\":\"t002\""),
        filler);
  }

  @Test
  void stormTracksAreLoadgensAndExactlyTheAskedSize() throws Exception {
    String id = "storm-abcdef-000017";
    assertEquals(
        "[{\"id\":\"storm-abcdef-000017\",\"name\":\"peer 000017\",\"bpm\":200,\"steps\":[[1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0],"
            + "[1,0,0,1,0,0,1,0,0,1,0,0,1,0,0,1],[0,0,1,0,0,0,1,0,0,0,1,0,0,0,1,0]],\"pad\":\"..................\"}]",
        Payloads.trackArray(id, "000017", 200));
    assertEquals("[{\"id\":\"storm-abcdef-000017\"}]", Payloads.trackArray(id, "000017", 50));
    for (int size : new int[] {100, 200, 1000, 8192}) {
      String t = Payloads.trackArray(id, "000017", size);
      assertEquals(size, t.length());
      List<Object> parsed = JsonValues.array(t);
      assertEquals(id, ((Map<?, ?>) parsed.get(0)).get("id"));
    }
  }

  @Test
  void theWindowIsLoadgensAutoWindow() {
    assertEquals(204, LoadRun.autoWindow(10, 64));
    assertEquals(20, LoadRun.autoWindow(100, 64));
    assertEquals(4, LoadRun.autoWindow(1000, 64));
    assertEquals(4, LoadRun.autoWindow(1000, 8192));
    assertEquals(1, LoadRun.autoWindow(10_000, 8192));
  }
}
