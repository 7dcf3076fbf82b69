package jam.relay;

import jam.websocket.WebSocketProtocol;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.HandshakeState;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.Handshakedata;

/**
 * RFC 6455 as Java-WebSocket implements it, with the clients' masking taken off beforehand, eight
 * bytes at a time. Java-WebSocket unmasks a byte at a time through {@code ByteBuffer.get} and
 * {@code put}: for 8 KiB messages that costs a sixth of the relay's CPU (about 11 ns a byte).
 *
 * <p>Before the library parses a read, the complete frames in it are rewritten in place, each
 * without its mask: the same header with the mask bit cleared, then the unmasked payload, moved
 * down over the removed key. The library then parses unmasked frames with a bulk copy, and still
 * does every check of its own (opcodes, reserved bits, control frames, UTF-8, sizes). A frame not
 * complete at the end of a read is kept here until it is, so the library never holds part of one; a
 * frame longer than the limit is left masked for the library to refuse (close 1009).
 *
 * <p>It also lets plain HTTP requests through the handshake, for the relay to answer ({@link
 * PlainHttp}).
 */
final class UnmaskingDraft extends Draft_6455 {
  private static final byte TLS_HANDSHAKE_RECORD = 0x16;

  /** The bytes of a frame that did not end in its read, or null. */
  private ByteBuffer carry;

  /** The whole size of the frame in {@link #carry}, or 0 while its header is incomplete. */
  private int carryFrameSize;

  /**
   * The frame of the latest read that completes its last message (text, binary or a final part), or
   * null.
   */
  private Framedata lastMessageFrame;

  /** True while the library processes {@link #lastMessageFrame}: its message is the read's last. */
  private boolean atLastMessage;

  UnmaskingDraft(int maxFrameSize) {
    super(Collections.emptyList(), maxFrameSize);
  }

  /**
   * Refuses, at once, a connection that opens with a TLS record (a wss:// client at a plain relay):
   * as an unfinished HTTP request it would wait for the handshake timeout, and the client would
   * then blame the certificate. (Through TLS, a relay's draft sees the decrypted request, which
   * starts "GET".)
   */
  @Override
  public Handshakedata translateHandshake(ByteBuffer buffer) throws InvalidHandshakeException {
    if (buffer.hasRemaining() && buffer.get(buffer.position()) == TLS_HANDSHAKE_RECORD) {
      throw new InvalidHandshakeException("a TLS handshake at a plain ws:// relay");
    }
    ClientHandshake tooLarge = PlainHttp.tooLarge(buffer);
    if (tooLarge != null) {
      return tooLarge;
    }
    int start = buffer.position();
    try {
      return super.translateHandshake(buffer);
    } catch (InvalidHandshakeException e) {
      buffer.position(start);
      return PlainHttp.lenient(buffer); // another method, HTTP/1.0, garbage: answered, not dropped
    }
  }

  /**
   * Accepts a plain HTTP request (not an upgrade) too, so that the relay answers it ({@link
   * PlainHttp}); upgrades as RFC 6455 says.
   */
  @Override
  public HandshakeState acceptHandshakeAsServer(ClientHandshake request)
      throws InvalidHandshakeException {
    if (PlainHttp.isPlain(request)) {
      return HandshakeState.MATCHED;
    }
    return super.acceptHandshakeAsServer(request);
  }

  @Override
  public Draft copyInstance() {
    return new UnmaskingDraft(getMaxFrameSize());
  }

  @Override
  public void reset() {
    super.reset();
    carry = null;
    carryFrameSize = 0;
    lastMessageFrame = null;
  }

  /**
   * True while the message being delivered is the last one complete in its read: nothing of that
   * read is left to deliver after it (a control frame may be). Asked from the relay's {@code
   * onMessage}.
   */
  boolean atLastMessageOfRead() {
    return atLastMessage;
  }

  @Override
  public void processFrame(WebSocketImpl ws, Framedata frame) throws InvalidDataException {
    atLastMessage = frame == lastMessageFrame;
    try {
      super.processFrame(ws, frame);
    } finally {
      atLastMessage = false;
    }
  }

  @Override
  public List<Framedata> translateFrame(ByteBuffer buffer) throws InvalidDataException {
    List<Framedata> frames = translateUnmasked(buffer);
    lastMessageFrame = null;
    for (int i = frames.size() - 1; i >= 0; i--) {
      Framedata f = frames.get(i);
      Opcode op = f.getOpcode();
      if (f.isFin() && (op == Opcode.TEXT || op == Opcode.BINARY || op == Opcode.CONTINUOUS)) {
        lastMessageFrame = f;
        break;
      }
    }
    return frames;
  }

  private List<Framedata> translateUnmasked(ByteBuffer buffer) throws InvalidDataException {
    if (!buffer.hasArray() || buffer.isReadOnly()) {
      return super.translateFrame(
          buffer); // never, from Java-WebSocket's server; kept correct anyway
    }
    List<Framedata> first = null;
    if (carry != null) {
      if (carryFrameSize > 0) {
        int n = Math.min(buffer.remaining(), carry.remaining());
        carry.put(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
        buffer.position(buffer.position() + n);
        if (carry.hasRemaining()) {
          return Collections.emptyList();
        }
        ByteBuffer whole = carry.flip();
        carry = null;
        carryFrameSize = 0;
        first = unmaskAndTranslate(whole);
      } else { // a header cut short: put it in front of this read
        ByteBuffer joined = ByteBuffer.allocate(carry.position() + buffer.remaining());
        joined.put(carry.flip()).put(buffer).flip();
        carry = null;
        buffer = joined;
      }
    }
    List<Framedata> rest = unmaskAndTranslate(buffer);
    if (first == null) {
      return rest;
    }
    if (rest.isEmpty()) {
      return first;
    }
    List<Framedata> all = new ArrayList<>(first.size() + rest.size());
    all.addAll(first);
    all.addAll(rest);
    return all;
  }

  private List<Framedata> unmaskAndTranslate(ByteBuffer buffer) throws InvalidDataException {
    byte[] a = buffer.array();
    int base = buffer.arrayOffset();
    int end = base + buffer.limit();
    int r = base + buffer.position();
    int w = r;
    boolean leaveRest = false;
    int cutFrameSize =
        0; // the whole size of a frame cut by the end of the read, once its header is in
    while (r < end) {
      int avail = end - r;
      if (avail < 2) {
        break;
      }
      int b2 = a[r + 1] & 0xff;
      boolean masked = (b2 & WebSocketProtocol.B1_FLAG_MASK) != 0;
      int headerSize = WebSocketProtocol.headerLength(b2) - (masked ? 4 : 0); // without the key
      if (avail < headerSize) {
        break;
      }
      long length = WebSocketProtocol.payloadLength(a, r, b2);
      if (length < 0 || length > getMaxFrameSize()) {
        leaveRest = true; // the library refuses it as it is
        break;
      }
      int size = headerSize + (masked ? 4 : 0) + (int) length;
      if (avail < size) {
        cutFrameSize = size;
        break;
      }
      int payload = (int) length;
      if (masked) {
        int key = WebSocketProtocol.maskKey(a, r, b2);
        System.arraycopy(a, r, a, w, headerSize);
        a[w + 1] = (byte) (b2 & ~WebSocketProtocol.B1_FLAG_MASK);
        // the payload moves down over the key: the codec reads every byte before writing over it
        WebSocketProtocol.toggleMask(a, r + headerSize + 4, a, w + headerSize, payload, key);
      } else if (w != r) {
        System.arraycopy(a, r, a, w, size);
      }
      w += headerSize + payload;
      r += size;
    }
    if (r < end) {
      if (leaveRest) {
        System.arraycopy(a, r, a, w, end - r);
        w += end - r;
      } else {
        keep(a, r, end, cutFrameSize);
      }
    }
    buffer.limit(w - base);
    return buffer.hasRemaining() ? super.translateFrame(buffer) : Collections.emptyList();
  }

  /**
   * Keeps the start of a frame, {@code a[from, to)}, until the rest of it arrives: {@code
   * frameSize} bytes in all, or 0 when even its header is cut.
   */
  private void keep(byte[] a, int from, int to, int frameSize) {
    carryFrameSize = frameSize;
    carry = ByteBuffer.allocate(frameSize > 0 ? frameSize : WebSocketProtocol.MAX_HEADER_LENGTH);
    carry.put(a, from, to - from);
  }
}
