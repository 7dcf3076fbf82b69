package jam.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * RFC 6455 on bytes, for every WebSocket reader and writer in jam: the frame format's constants and
 * close codes, the opening handshake's request and accept key, frame headers encoded and decoded,
 * and masking. Stateless; nothing here allocates but the handshake's strings.
 *
 * <p>A header (section 5.2) is {@code b0} (FIN, three reserved bits, the opcode), {@code b1} (the
 * mask flag and a 7-bit length: the length itself up to {@value #PAYLOAD_BYTE_MAX}, or {@value
 * #PAYLOAD_SHORT} or {@value #PAYLOAD_LONG} for a 16- or 64-bit length after it), then the masking
 * key when the mask flag is set. A masking key is passed as one {@code int} whose most significant
 * byte is the key's first on the wire. Buffers given here must be big-endian, as a {@link
 * ByteBuffer} is unless told otherwise.
 */
public final class WebSocketProtocol {
  /** What the accept key appends to {@code Sec-WebSocket-Key} before hashing it (section 1.3). */
  public static final String ACCEPT_MAGIC = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** The {@code Sec-WebSocket-Version} of RFC 6455. */
  public static final String VERSION = "13";

  /** In {@code b0}: the last frame of its message. */
  public static final int B0_FLAG_FIN = 0x80;

  /** In {@code b0}: the three bits an extension may use; zero without one. */
  public static final int B0_MASK_RSV = 0x70;

  public static final int B0_MASK_OPCODE = 0x0f;

  /** In {@code b1}: a masking key follows the length, and the payload is masked with it. */
  public static final int B1_FLAG_MASK = 0x80;

  public static final int B1_MASK_LENGTH = 0x7f;

  public static final int OPCODE_CONTINUATION = 0x0;
  public static final int OPCODE_TEXT = 0x1;
  public static final int OPCODE_BINARY = 0x2;

  /** Set in the opcode of every control frame: close, ping, pong. */
  public static final int OPCODE_FLAG_CONTROL = 0x8;

  public static final int OPCODE_CONTROL_CLOSE = 0x8;
  public static final int OPCODE_CONTROL_PING = 0x9;
  public static final int OPCODE_CONTROL_PONG = 0xA;

  /** The largest length the 7-bit field holds itself, and the most a control frame may carry. */
  public static final int PAYLOAD_BYTE_MAX = 125;

  /** The 7-bit field's value when a 16-bit length follows. */
  public static final int PAYLOAD_SHORT = 126;

  public static final int PAYLOAD_SHORT_MAX = 0xffff;

  /** The 7-bit field's value when a 64-bit length follows. */
  public static final int PAYLOAD_LONG = 127;

  /** The longest header: two bytes, a 64-bit length and a masking key. */
  public static final int MAX_HEADER_LENGTH = 14;

  /** Close codes (section 7.4.1). */
  public static final int CLOSE_NORMAL = 1000;

  public static final int CLOSE_GOING_AWAY = 1001;

  /** Reported, never sent: the close frame carried no code. */
  public static final int CLOSE_NO_STATUS = 1005;

  /** Reported, never sent: the connection ended without a close frame. */
  public static final int CLOSE_ABNORMAL = 1006;

  public static final int CLOSE_TOO_BIG = 1009;

  /**
   * Payloads of this many bytes or more are masked eight bytes at a time, shorter ones a byte at a
   * time: the eight-byte path's VarHandle spins classes at its first use, a few ms of a command
   * that must start in 150 ms ({@code jam trigger}, whose messages are shorter), more than the
   * bytes would take.
   */
  static final int EIGHT_AT_A_TIME_FROM = 128;

  private WebSocketProtocol() {}

  // ------------------------------------------------------------------------------ the opening
  // handshake

  /**
   * A client's opening handshake (section 4.1) for {@code url}, as the bytes to send: {@code key}
   * is its {@code Sec-WebSocket-Key}, 16 random bytes in base64.
   */
  public static byte[] upgradeRequest(WebSocketUrl url, String key) {
    return ("GET "
            + url.resource()
            + " HTTP/1.1\r\n"
            + "Host: "
            + url.hostHeader()
            + "\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + key
            + "\r\n"
            + "Sec-WebSocket-Version: "
            + VERSION
            + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The {@code Sec-WebSocket-Accept} that answers {@code Sec-WebSocket-Key: key} (section 1.3). */
  public static String acceptKey(String key) {
    return Base64.getEncoder()
        .encodeToString(Sha1.digest((key + ACCEPT_MAGIC).getBytes(StandardCharsets.ISO_8859_1)));
  }

  // ------------------------------------------------------------------------------ encoding headers

  /**
   * The length of the header of a frame carrying {@code payloadLength} bytes: 2, 4 or 10, and 4
   * more when masked.
   */
  public static int headerLengthFor(long payloadLength, boolean masked) {
    int length =
        payloadLength <= PAYLOAD_BYTE_MAX ? 2 : payloadLength <= PAYLOAD_SHORT_MAX ? 4 : 10;
    return masked ? length + 4 : length;
  }

  /**
   * Puts an unmasked header (a server's frame) at {@code to}'s position: {@code b0} (its FIN,
   * reserved bits and opcode), then {@code payloadLength} in its shortest form.
   */
  public static void putHeader(ByteBuffer to, int b0, long payloadLength) {
    putLength(to, b0, 0, payloadLength);
  }

  /**
   * Puts a masked header (a client's frame): as {@link #putHeader(ByteBuffer, int, long)} with the
   * mask flag, then {@code maskKey}. The payload after it must be masked with the same key ({@link
   * #toggleMask}).
   */
  public static void putHeader(ByteBuffer to, int b0, long payloadLength, int maskKey) {
    putLength(to, b0, B1_FLAG_MASK, payloadLength);
    to.putInt(maskKey);
  }

  private static void putLength(ByteBuffer to, int b0, int maskFlag, long payloadLength) {
    if (payloadLength < 0) {
      throw new IllegalArgumentException(
          "payload length must not be negative, not " + payloadLength);
    }
    to.put((byte) b0);
    if (payloadLength <= PAYLOAD_BYTE_MAX) {
      to.put((byte) (maskFlag | (int) payloadLength));
    } else if (payloadLength <= PAYLOAD_SHORT_MAX) {
      to.put((byte) (maskFlag | PAYLOAD_SHORT));
      to.putShort((short) payloadLength);
    } else {
      to.put((byte) (maskFlag | PAYLOAD_LONG));
      to.putLong(payloadLength);
    }
  }

  // ------------------------------------------------------------------------------ decoding headers

  /** The length of a header whose second byte is {@code b1}: 2, 4 or 10, and 4 more when masked. */
  public static int headerLength(int b1) {
    int length7 = b1 & B1_MASK_LENGTH;
    int length = length7 == PAYLOAD_SHORT ? 4 : length7 == PAYLOAD_LONG ? 10 : 2;
    return (b1 & B1_FLAG_MASK) != 0 ? length + 4 : length;
  }

  /**
   * The payload length of the frame that starts at {@code frame[at]}, whose second byte is {@code
   * b1}; the header must be there up to its masking key. Negative for a 64-bit length with its most
   * significant bit set, which section 5.2 forbids.
   */
  public static long payloadLength(byte[] frame, int at, int b1) {
    int length7 = b1 & B1_MASK_LENGTH;
    if (length7 == PAYLOAD_SHORT) {
      return (frame[at + 2] & 0xff) << 8 | (frame[at + 3] & 0xff);
    }
    if (length7 == PAYLOAD_LONG) {
      long length = 0;
      for (int i = at + 2; i < at + 10; i++) {
        length = length << 8 | (frame[i] & 0xff);
      }
      return length;
    }
    return length7;
  }

  /**
   * As {@link #payloadLength(byte[], int, int)}, for a frame at {@code frame}'s absolute index
   * {@code at}.
   */
  public static long payloadLength(ByteBuffer frame, int at, int b1) {
    int length7 = b1 & B1_MASK_LENGTH;
    if (length7 == PAYLOAD_SHORT) {
      return frame.getShort(at + 2) & 0xffff;
    }
    if (length7 == PAYLOAD_LONG) {
      return frame.getLong(at + 2);
    }
    return length7;
  }

  /**
   * The masking key of the masked frame that starts at {@code frame[at]}, whose second byte is
   * {@code b1}.
   */
  public static int maskKey(byte[] frame, int at, int b1) {
    int k = at + headerLength(b1) - 4;
    return frame[k] << 24
        | (frame[k + 1] & 0xff) << 16
        | (frame[k + 2] & 0xff) << 8
        | (frame[k + 3] & 0xff);
  }

  // ------------------------------------------------------------------------------ masking

  /**
   * Writes {@code n} bytes from {@code src[srcAt]} to {@code dst[dstAt]}, each XORed with its byte
   * of {@code maskKey} (the key's first byte on the first): masks a payload, or unmasks one. {@code
   * src} and {@code dst} may be one array if {@code dstAt <= srcAt} (a payload moved down over its
   * key, or masked in place): every byte is read before anything is written over it.
   */
  public static void toggleMask(byte[] src, int srcAt, byte[] dst, int dstAt, int n, int maskKey) {
    if (n >= EIGHT_AT_A_TIME_FROM) {
      EightAtATime.toggleMask(src, srcAt, dst, dstAt, n, maskKey);
      return;
    }
    for (int i = 0; i < n; i++) {
      dst[dstAt + i] = (byte) (src[srcAt + i] ^ (maskKey >>> (24 - ((i & 3) << 3))));
    }
  }

  /**
   * The eight-byte path of {@link #toggleMask}, a class of its own so that its VarHandle is made at
   * its first use.
   */
  private static final class EightAtATime {
    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static void toggleMask(byte[] src, int srcAt, byte[] dst, int dstAt, int n, int maskKey) {
      long key4 =
          Integer.reverseBytes(maskKey)
              & 0xffffffffL; // the key's first byte lowest, as LONGS reads
      long key8 = key4 | key4 << 32;
      int i = 0;
      for (; i + 8 <= n; i += 8) {
        LONGS.set(dst, dstAt + i, (long) LONGS.get(src, srcAt + i) ^ key8);
      }
      for (; i < n; i++) {
        dst[dstAt + i] = (byte) (src[srcAt + i] ^ (key4 >>> ((i & 3) << 3)));
      }
    }
  }
}
