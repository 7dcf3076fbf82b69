package jam.relay;

import jam.websocket.WebSocketProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes server-to-client WebSocket frames (RFC 6455, unmasked) once, to be shared by every peer.
 * Frames of {@link #DIRECT_FROM} bytes or more are direct buffers: the JDK copies a heap buffer
 * into a direct one on every write, which for an 8 KiB message to 1,000 peers is 8 MB copied per
 * message.
 */
final class Frames {
  static final int DIRECT_FROM = 1024;

  private Frames() {}

  /** A final text frame carrying {@code text}; position 0, limit = size, never written to again. */
  static ByteBuffer text(String text) {
    return text(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The text a frame made by {@link #text} carries. */
  static String payload(ByteBuffer frame) {
    ByteBuffer f = frame.duplicate();
    int len7 = f.get(f.position() + 1) & 0x7f;
    int header = len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
    f.position(f.position() + header);
    return StandardCharsets.UTF_8.decode(f).toString();
  }

  static ByteBuffer text(byte[] payload) {
    int n = payload.length;
    int size = WebSocketProtocol.headerLengthFor(n, false) + n;
    ByteBuffer frame =
        size >= DIRECT_FROM ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    WebSocketProtocol.putHeader(
        frame, WebSocketProtocol.B0_FLAG_FIN | WebSocketProtocol.OPCODE_TEXT, n);
    frame.put(payload);
    return frame.flip().asReadOnlyBuffer();
  }
}
