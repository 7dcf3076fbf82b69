package jam.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jam.testing.TestFrames;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.Framedata;
import org.junit.jupiter.api.Test;

/**
 * The relay's draft against Java-WebSocket's own, on the same byte streams cut into reads at random
 * places: the same frames, or the same refusal.
 */
class UnmaskingDraftTest {
  private static final int MAX = 70_000;

  @Test
  void decodesEveryStreamAsJavaWebSocketDoesWhereverTheReadsEnd() throws Exception {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (int round = 0; round < 1_000; round++) {
      byte[] stream = stream(random);
      List<byte[]> reads = cut(stream, random);
      String theirs = decode(new Draft_6455(Collections.emptyList(), MAX), reads);
      String ours = decode(new UnmaskingDraft(MAX), reads);
      assertEquals(theirs, ours, "seed " + seed + ", round " + round);
    }
  }

  @Test
  void unmasksPayloadsOfEveryLengthAroundTheEightByteSteps() throws Exception {
    for (int n = 0;
        n < 160;
        n++) { // the codec masks short payloads a byte at a time, longer ones eight at a time
      byte[] payload = new byte[n];
      new Random(n).nextBytes(payload);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      frame(out, 0x82, payload, true, new Random(-n));
      frame(out, 0x82, payload, true, new Random(n + 100));
      List<Framedata> frames =
          new UnmaskingDraft(MAX).translateFrame(ByteBuffer.wrap(out.toByteArray()));
      assertEquals(2, frames.size());
      for (Framedata f : frames) {
        byte[] got = new byte[f.getPayloadData().remaining()];
        f.getPayloadData().get(got);
        assertArrayEquals(payload, got, "length " + n);
      }
    }
  }

  @Test
  void tellsWhichMessageIsTheLastOneCompleteInItsRead() throws Exception {
    List<String> seen = new ArrayList<>();
    WebSocketImpl ws = new WebSocketImpl(new MessageListener(seen), new UnmaskingDraft(MAX));
    UnmaskingDraft draft = (UnmaskingDraft) ws.getDraft();
    seen.add(messagesOf(ws, draft, frames(0x81, "a", 0x81, "b")));
    seen.add(messagesOf(ws, draft, frames(0x01, "c")));
    seen.add(messagesOf(ws, draft, frames(0x80, "d", 0x82, "e")));
    seen.add(messagesOf(ws, draft, frames(0x81, "f", 0x01, "g")));
    seen.add(messagesOf(ws, draft, frames(0x80, "h")));
    assertEquals(
        List.of(
            "a",
            "b last",
            "read",
            "read",
            "cd",
            "binary last",
            "read",
            "f last",
            "read",
            "gh last",
            "read"),
        seen);
  }

  /** Decodes one read as the library does: its frames first, then each processed in turn. */
  private static String messagesOf(WebSocketImpl ws, UnmaskingDraft draft, byte[] read)
      throws Exception {
    ByteBuffer b = ByteBuffer.allocate(read.length + 16);
    b.put(read).flip();
    for (Framedata f : draft.translateFrame(b)) {
      draft.processFrame(ws, f);
    }
    return "read";
  }

  /** Masked frames: first byte, then text, in pairs. */
  private static byte[] frames(Object... firstAndText) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < firstAndText.length; i += 2) {
      byte[] text = ((String) firstAndText[i + 1]).getBytes(StandardCharsets.UTF_8);
      frame(out, (Integer) firstAndText[i], text, true, new Random(i));
    }
    return out.toByteArray();
  }

  /** Records each message, and whether the draft said it was the last of its read. */
  private static final class MessageListener extends QuietListener {
    private final List<String> seen;

    MessageListener(List<String> seen) {
      this.seen = seen;
    }

    private String last(WebSocket conn) {
      return ((UnmaskingDraft) ((WebSocketImpl) conn).getDraft()).atLastMessageOfRead()
          ? " last"
          : "";
    }

    @Override
    public void onWebsocketMessage(WebSocket conn, String message) {
      seen.add(message + last(conn));
    }

    @Override
    public void onWebsocketMessage(WebSocket conn, ByteBuffer blob) {
      seen.add("binary" + last(conn));
    }
  }

  /** What a draft makes of the reads: each frame, or the exception that ended it. */
  private static String decode(Draft_6455 draft, List<byte[]> reads) {
    StringBuilder s = new StringBuilder();
    try {
      for (byte[] read : reads) {
        ByteBuffer b =
            ByteBuffer.allocate(read.length + 16); // as the server's read buffers: array, offset 0
        b.put(read).flip();
        for (Framedata f : draft.translateFrame(b)) {
          ByteBuffer p = f.getPayloadData();
          byte[] bytes = new byte[p.remaining()];
          p.get(bytes);
          s.append(f.getOpcode())
              .append(f.isFin() ? " fin " : " more ")
              .append(java.util.Arrays.hashCode(bytes))
              .append('/')
              .append(bytes.length)
              .append('\n');
        }
      }
    } catch (InvalidDataException e) {
      s.append("refused ").append(e.getCloseCode()).append('\n');
    }
    return s.toString();
  }

  private static byte[] stream(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int frames = 1 + random.nextInt(6);
    for (int i = 0; i < frames; i++) {
      int kind = random.nextInt(20);
      int length;
      int first;
      if (kind < 2) {
        first = 0x89; // ping
        length = random.nextInt(126);
      } else if (kind < 3) {
        first = 0x81;
        length = MAX + 1 + random.nextInt(10); // over the limit
      } else if (kind < 4) {
        first = 0x82;
        length = 65_536 + random.nextInt(MAX - 65_536); // a 64-bit length
      } else {
        first = random.nextBoolean() ? 0x81 : 0x82;
        int scale = random.nextInt(3);
        length =
            scale == 0
                ? random.nextInt(126)
                : scale == 1 ? 126 + random.nextInt(2_000) : random.nextInt(20_000);
      }
      byte[] payload = new byte[length];
      for (int j = 0; j < length; j++) {
        payload[j] = (byte) ('a' + random.nextInt(26)); // valid UTF-8 for text frames
      }
      frame(out, first, payload, random.nextInt(10) != 0, random);
    }
    return out.toByteArray();
  }

  private static void frame(
      ByteArrayOutputStream out, int first, byte[] payload, boolean masked, Random random) {
    out.writeBytes(
        masked
            ? TestFrames.masked(first, payload, random.nextInt())
            : TestFrames.unmasked(first, payload));
  }

  /** The stream in reads of random sizes: one byte, a few, up to a whole 16 KiB read buffer. */
  private static List<byte[]> cut(byte[] stream, Random random) {
    List<byte[]> reads = new ArrayList<>();
    int at = 0;
    while (at < stream.length) {
      int kind = random.nextInt(4);
      int n =
          kind == 0
              ? 1 + random.nextInt(3)
              : kind == 1 ? 1 + random.nextInt(20) : 1 + random.nextInt(16_384);
      n = Math.min(n, stream.length - at);
      byte[] read = new byte[n];
      System.arraycopy(stream, at, read, 0, n);
      reads.add(read);
      at += n;
    }
    return reads;
  }
}
