package jam.testing;

import jam.websocket.WebSocketProtocol;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Whole WebSocket frames as bytes for raw test clients and servers, written and read through the
 * codec ({@link WebSocketProtocol}), so that no test writes RFC 6455 by hand. Stateless.
 */
public final class TestFrames {
  /** One frame as read: its first byte (FIN, reserved bits, opcode) and its payload, unmasked. */
  public record Frame(int b0, byte[] payload) {
    public int opcode() {
      return b0 & WebSocketProtocol.B0_MASK_OPCODE;
    }

    public boolean fin() {
      return (b0 & WebSocketProtocol.B0_FLAG_FIN) != 0;
    }

    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private TestFrames() {}

  /** A server's frame: {@code b0}, then {@code payload} unmasked. */
  public static byte[] unmasked(int b0, byte[] payload) {
    ByteBuffer f =
        ByteBuffer.allocate(
            WebSocketProtocol.headerLengthFor(payload.length, false) + payload.length);
    WebSocketProtocol.putHeader(f, b0, payload.length);
    return f.put(payload).array();
  }

  /** A server's final text frame. */
  public static byte[] text(String text) {
    return unmasked(
        WebSocketProtocol.B0_FLAG_FIN | WebSocketProtocol.OPCODE_TEXT,
        text.getBytes(StandardCharsets.UTF_8));
  }

  /** A client's frame: {@code b0}, then {@code payload} masked with {@code maskKey}. */
  public static byte[] masked(int b0, byte[] payload, int maskKey) {
    int header = WebSocketProtocol.headerLengthFor(payload.length, true);
    ByteBuffer f = ByteBuffer.allocate(header + payload.length);
    WebSocketProtocol.putHeader(f, b0, payload.length, maskKey);
    WebSocketProtocol.toggleMask(payload, 0, f.array(), header, payload.length, maskKey);
    return f.array();
  }

  /**
   * Reads one frame, masked or not, of at most 2^31 - 1 bytes; an EOFException if the stream ends
   * first.
   */
  public static Frame read(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    byte[] header = new byte[WebSocketProtocol.MAX_HEADER_LENGTH];
    in.readFully(header, 0, 2);
    int b1 = header[1] & 0xff;
    in.readFully(header, 2, WebSocketProtocol.headerLength(b1) - 2);
    long length = WebSocketProtocol.payloadLength(header, 0, b1);
    if (length < 0 || length > Integer.MAX_VALUE) {
      throw new IOException("a frame of " + Long.toUnsignedString(length) + " bytes");
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    if ((b1 & WebSocketProtocol.B1_FLAG_MASK) != 0) {
      WebSocketProtocol.toggleMask(
          payload, 0, payload, 0, payload.length, WebSocketProtocol.maskKey(header, 0, b1));
    }
    return new Frame(header[0] & 0xff, payload);
  }
}
