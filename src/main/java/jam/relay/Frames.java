package jam.relay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes server-to-client WebSocket frames (RFC 6455, unmasked) once, to be shared by every peer.
 * Frames of {@link #DIRECT_FROM} bytes or more are direct buffers: the JDK copies a heap buffer into
 * a direct one on every write, which for an 8 KiB message to 1,000 peers is 8 MB copied per message.
 */
final class Frames {
  static final int DIRECT_FROM = 1024;
  private static final int OPCODE_TEXT = 0x1;
  private static final int FIN = 0x80;

  private Frames() {}

  /** A final text frame carrying {@code text}; position 0, limit = size, never written to again. */
  static ByteBuffer text(String text) {
    return text(text.getBytes(StandardCharsets.UTF_8));
  }

  static ByteBuffer text(byte[] payload) {
    int n = payload.length;
    int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
    ByteBuffer frame = header + n >= DIRECT_FROM ? ByteBuffer.allocateDirect(header + n) : ByteBuffer.allocate(header + n);
    frame.put((byte) (FIN | OPCODE_TEXT));
    if (n < 126) {
      frame.put((byte) n);
    } else if (n <= 0xFFFF) {
      frame.put((byte) 126);
      frame.putShort((short) n);
    } else {
      frame.put((byte) 127);
      frame.putLong(n);
    }
    frame.put(payload);
    return frame.flip().asReadOnlyBuffer();
  }
}
