package jam.bench.ws;

import jam.websocket.WebSocketProtocol;
import jam.websocket.WebSocketUrl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client WebSocket connection on a {@link WsReactor}. Not thread safe: every method is for the
 * reactor thread.
 *
 * <p>Lifecycle: created connecting; the HTTP upgrade is sent once TCP connects and checked (status
 * 101, {@code Sec-WebSocket-Accept}); then {@link WsHandler#onOpen} and messages; it ends once,
 * either by {@link #close()} (no callback) or by a failure or the relay's close frame ({@link
 * WsHandler#onClose}).
 *
 * <p>Receiving: frames are parsed in place in the reactor's read buffer. Of each message only the
 * first {@code peek} payload bytes are kept; the rest is skipped without being looked at. Only a
 * frame that straddles two reads is copied, up to its first {@code peek} bytes, into this
 * connection's buffer.
 *
 * <p>Sending: frames are appended to an output buffer that the reactor writes once per loop, so the
 * messages sent while handling one read go out in one write. Client frames carry an all-zero
 * masking key, which RFC 6455 allows on the wire and which makes masking a plain copy (a load
 * generator on its own machine has no proxy cache to protect).
 */
public final class WsConnection {
  /** Most bytes kept for one frame or message, and most unsent bytes. */
  static final int MAX_BUFFERED = 64 << 20;

  private static final int MAX_HANDSHAKE = 16 << 10;
  private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

  private enum State {
    CONNECTING,
    HANDSHAKE,
    OPEN,
    CLOSED
  }

  private final WsReactor reactor;
  private final WebSocketUrl url;
  private final WsHandler handler;
  private final int peek;
  private final int tag;
  private final SocketChannel channel;
  private final SelectionKey key;
  private final String expectedAccept;
  private final byte[] request;
  private State state = State.CONNECTING;

  private byte[] response;
  private int responseLength;

  /** The needed head of a frame that straddles reads (heap), and how much of it is there. */
  private ByteBuffer pending;

  private int pendingLength;

  /** Payload bytes of the current frame still to be skipped unread. */
  private long skip;

  /** A fragmented message: its first bytes (up to peek), how many, and its length so far. */
  private ByteBuffer fragments;

  private int fragmentsHave;
  private long fragmentsLength;
  private boolean inFragments;

  /** Frames not written yet, in write mode (direct, allocated on first send). */
  private ByteBuffer out;

  private boolean writeInterest;
  boolean dirty;

  WsConnection(
      WsReactor reactor,
      InetSocketAddress address,
      WebSocketUrl url,
      WsHandler handler,
      int peek,
      int tag)
      throws IOException {
    this.reactor = reactor;
    this.url = url;
    this.handler = handler;
    this.peek = peek;
    this.tag = tag;
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String key64 = Base64.getEncoder().encodeToString(nonce);
    this.expectedAccept = WebSocketProtocol.acceptKey(key64);
    this.request = WebSocketProtocol.upgradeRequest(url, key64);
    this.channel = SocketChannel.open();
    try {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      this.key = channel.register(reactor.selector(), 0, this);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    try {
      if (channel.connect(address)) {
        connected();
      } else {
        key.interestOps(SelectionKey.OP_CONNECT);
      }
    } catch (IOException e) {
      String why = reason(e);
      reactor.later(() -> fail(why));
    }
  }

  /** The number given to {@link WsReactor#connect}, e.g. the peer's index. */
  public int tag() {
    return tag;
  }

  public WebSocketUrl url() {
    return url;
  }

  /** True from the handshake until the end. */
  public boolean isOpen() {
    return state == State.OPEN;
  }

  /** Queues one final text frame carrying {@code payload[offset, offset + length)}. */
  public void sendText(byte[] payload, int offset, int length) {
    if (state != State.OPEN) {
      return;
    }
    if (!reserve(WebSocketProtocol.MAX_HEADER_LENGTH + length)) {
      return;
    }
    putHeader(out, WebSocketProtocol.OPCODE_TEXT, length);
    out.put(payload, offset, length);
    markDirty();
  }

  public void sendText(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    sendText(bytes, 0, bytes.length);
  }

  /** Queues a frame made by {@link #textFrame}; the same frame can go to many connections. */
  public void sendFrame(ByteBuffer frame) {
    if (state != State.OPEN) {
      return;
    }
    if (!reserve(frame.remaining())) {
      return;
    }
    out.put(frame.duplicate());
    markDirty();
  }

  /** A client text frame (final, zero masking key) to send many times; read-only. */
  public static ByteBuffer textFrame(byte[] payload) {
    ByteBuffer frame =
        ByteBuffer.allocate(
            WebSocketProtocol.headerLengthFor(payload.length, true) + payload.length);
    putHeader(frame, WebSocketProtocol.OPCODE_TEXT, payload.length);
    frame.put(payload);
    return frame.flip().asReadOnlyBuffer();
  }

  /** Closes the socket now, without a close handshake and without {@link WsHandler#onClose}. */
  public void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    closeChannel();
  }

  // ------------------------------------------------------------------------------- reactor events

  void onConnectable() {
    try {
      if (!channel.finishConnect()) {
        return;
      }
    } catch (IOException e) {
      fail(reason(e));
      return;
    }
    connected();
  }

  private void connected() {
    state = State.HANDSHAKE;
    key.interestOps(SelectionKey.OP_READ);
    // straight from the heap: a connection that never sends needs no output buffer at all
    ByteBuffer r = ByteBuffer.wrap(request);
    try {
      channel.write(r);
    } catch (IOException e) {
      String why = reason(e);
      reactor.later(() -> fail(why)); // maybe still inside the constructor: report from the loop
      return;
    }
    if (r.hasRemaining()) {
      reserve(r.remaining());
      out.put(r);
      markDirty();
    }
  }

  void onReadable(ByteBuffer buffer) {
    buffer.clear();
    int n;
    try {
      n = channel.read(buffer);
    } catch (IOException e) {
      fail(reason(e));
      return;
    }
    if (n < 0) {
      fail(
          state == State.HANDSHAKE
              ? "connection closed during the handshake"
              : "connection closed by the relay");
      return;
    }
    if (n == 0) {
      return;
    }
    if (state == State.HANDSHAKE) {
      onHandshakeBytes(buffer, n);
    } else if (state == State.OPEN) {
      reactor.frameBytes += n;
      feed(buffer, 0, n);
    }
  }

  /** Writes what is queued; keeps write interest while some is left. */
  void flush() {
    dirty = false;
    if (state == State.CLOSED || out == null || out.position() == 0) {
      return;
    }
    out.flip();
    try {
      channel.write(out);
    } catch (IOException e) {
      out.clear();
      fail(reason(e));
      return;
    }
    out.compact();
    boolean left = out.position() > 0;
    if (left != writeInterest && key.isValid()) {
      writeInterest = left;
      key.interestOps(left ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }
  }

  // ------------------------------------------------------------------------------- handshake

  private void onHandshakeBytes(ByteBuffer buffer, int n) {
    if (response == null) {
      response = new byte[Math.max(1024, n)];
    }
    if (responseLength + n > response.length) {
      if (responseLength + n > MAX_HANDSHAKE) {
        fail("handshake failed: response headers over " + MAX_HANDSHAKE + " bytes");
        return;
      }
      response = Arrays.copyOf(response, Math.min(MAX_HANDSHAKE, 2 * (responseLength + n)));
    }
    buffer.get(0, response, responseLength, n);
    int searchFrom = Math.max(0, responseLength - 3);
    responseLength += n;
    int end = indexOf(response, responseLength, HEADER_END, searchFrom);
    if (end < 0) {
      return;
    }
    String head = new String(response, 0, end, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r\n");
    if (!lines[0].startsWith("HTTP/1.1 101")) {
      String hint =
          lines[0].startsWith("HTTP/1.1 401")
              ? " (the relay wants a token: --token or JAM_TOKEN)"
              : "";
      fail("handshake failed: " + lines[0] + hint);
      return;
    }
    String accept = null;
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("sec-websocket-accept")) {
        accept = line.substring(colon + 1).trim();
      }
    }
    if (!expectedAccept.equals(accept)) {
      fail("handshake failed: wrong or missing Sec-WebSocket-Accept");
      return;
    }
    state = State.OPEN;
    byte[] rest = response;
    int restLength = responseLength;
    response = null;
    handler.onOpen(this);
    if (state == State.OPEN && restLength > end + 4) {
      reactor.frameBytes += restLength - end - 4;
      feed(ByteBuffer.wrap(rest, 0, restLength), end + 4, restLength);
    }
  }

  private static int indexOf(byte[] b, int length, byte[] what, int from) {
    outer:
    for (int i = from; i <= length - what.length; i++) {
      for (int k = 0; k < what.length; k++) {
        if (b[i + k] != what[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  // ------------------------------------------------------------------------------- frames

  /** Parses the frames in {@code b[i, end)}, keeping the head of a frame cut by the end. */
  private void feed(ByteBuffer b, int i, int end) {
    while (i < end && state == State.OPEN) {
      if (skip > 0) {
        int k = (int) Math.min(skip, end - i);
        skip -= k;
        i += k;
        continue;
      }
      if (pendingLength > 0) {
        int want = wanted(pending, 0, pendingLength);
        if (want < 0) {
          return;
        }
        if (want > pendingLength) {
          int take = Math.min(want - pendingLength, end - i);
          b.get(i, pending.array(), pendingLength, take);
          pendingLength += take;
          i += take;
          continue; // the header may now be complete: `wanted` grows, or the frame is whole
        }
        pendingLength = 0;
        frame(pending, 0, want);
        continue;
      }
      int used = frame(b, i, end);
      if (used == -1) {
        int have = end - i;
        ensurePending(Math.max(have, WebSocketProtocol.MAX_HEADER_LENGTH));
        b.get(i, pending.array(), 0, have);
        pendingLength = have;
        return;
      }
      if (used < 0) {
        return;
      }
      i += used;
    }
    // a frame whose needed head is exactly what arrived (e.g. a header-only frame)
    if (state == State.OPEN
        && pendingLength > 0
        && wanted(pending, 0, pendingLength) == pendingLength) {
      int whole = pendingLength;
      pendingLength = 0;
      frame(pending, 0, whole);
    }
  }

  /**
   * Bytes of the frame at {@code b[off, off + avail)} that must be in one buffer before it is
   * handled: its header, then header plus the payload bytes kept. -2 after a protocol error.
   */
  private int wanted(ByteBuffer b, int off, int avail) {
    if (avail < 2) {
      return 2;
    }
    int b1 = b.get(off + 1) & 0xff;
    int h = WebSocketProtocol.headerLength(b1);
    if (avail < h) {
      ensurePending(h);
      return h;
    }
    long length = WebSocketProtocol.payloadLength(b, off, b1);
    int need = kept(b.get(off) & WebSocketProtocol.B0_MASK_OPCODE, length);
    if (need < 0) {
      return -2;
    }
    ensurePending(h + need);
    return h + need;
  }

  /** Payload bytes of a frame with this opcode and length to keep; -1 after a protocol error. */
  private int kept(int opcode, long length) {
    if (length < 0) {
      fail("protocol error: frame length over 2^63");
      return -1;
    }
    if ((opcode & WebSocketProtocol.OPCODE_FLAG_CONTROL) != 0) {
      if (length > WebSocketProtocol.PAYLOAD_BYTE_MAX) {
        fail("protocol error: control frame of " + length + " bytes");
        return -1;
      }
      return (int) length;
    }
    int limit = opcode == 0 ? Math.max(0, peek - fragmentsHave) : peek;
    long need = Math.min(length, limit);
    if (need > MAX_BUFFERED) {
      fail("message over " + (MAX_BUFFERED >> 20) + " MiB");
      return -1;
    }
    return (int) need;
  }

  /**
   * Handles the frame at {@code b[off, end)} if its header and kept payload are there. Returns the
   * bytes used (the rest of the payload is then skipped), -1 if more must arrive first, -2 after a
   * failure.
   */
  private int frame(ByteBuffer b, int off, int end) {
    int avail = end - off;
    if (avail < 2) {
      return -1;
    }
    int b0 = b.get(off) & 0xff;
    int b1 = b.get(off + 1) & 0xff;
    int h = WebSocketProtocol.headerLength(b1);
    if (avail < h) {
      return -1;
    }
    if ((b1 & WebSocketProtocol.B1_FLAG_MASK) != 0) {
      fail("protocol error: masked frame from the relay");
      return -2;
    }
    long length = WebSocketProtocol.payloadLength(b, off, b1);
    int opcode = b0 & WebSocketProtocol.B0_MASK_OPCODE;
    int need = kept(opcode, length);
    if (need < 0) {
      return -2;
    }
    if (avail < h + need) {
      return -1;
    }
    int p = off + h;
    boolean fin = (b0 & WebSocketProtocol.B0_FLAG_FIN) != 0;
    skip = length - need;
    switch (opcode) {
      case WebSocketProtocol.OPCODE_TEXT, WebSocketProtocol.OPCODE_BINARY -> {
        if (inFragments) {
          fail("protocol error: a new message inside a fragmented one");
          return -2;
        }
        if (fin) {
          handler.onMessage(this, b, p, need, length);
        } else {
          inFragments = true;
          fragmentsHave = 0;
          fragmentsLength = length;
          appendFragment(b, p, need);
        }
      }
      case WebSocketProtocol.OPCODE_CONTINUATION -> {
        if (!inFragments) {
          fail("protocol error: a continuation frame without a message");
          return -2;
        }
        appendFragment(b, p, need);
        fragmentsLength += length;
        if (fin) {
          inFragments = false;
          handler.onMessage(this, fragments, 0, fragmentsHave, fragmentsLength);
          fragmentsHave = 0;
        }
      }
      case WebSocketProtocol.OPCODE_CONTROL_PING -> pong(b, p, need);
      case WebSocketProtocol.OPCODE_CONTROL_PONG -> {
        // an answer to a ping we never send: ignore
      }
      case WebSocketProtocol.OPCODE_CONTROL_CLOSE -> {
        int code = need >= 2 ? b.getShort(p) & 0xffff : WebSocketProtocol.CLOSE_NO_STATUS;
        byte[] text = new byte[Math.max(0, need - 2)];
        b.get(p + 2, text, 0, text.length);
        String why = new String(text, StandardCharsets.UTF_8);
        fail("closed by the relay (" + code + (why.isEmpty() ? "" : " " + why) + ")");
        return -2;
      }
      default -> {
        fail("protocol error: unknown opcode " + opcode);
        return -2;
      }
    }
    return h + need;
  }

  private void appendFragment(ByteBuffer b, int p, int n) {
    if (fragments == null || fragments.capacity() < fragmentsHave + n) {
      ByteBuffer grown =
          ByteBuffer.allocate(
              Math.max(fragmentsHave + n, fragments == null ? 256 : 2 * fragments.capacity()));
      if (fragments != null) {
        grown.put(0, fragments.array(), 0, fragmentsHave);
      }
      fragments = grown;
    }
    b.get(p, fragments.array(), fragmentsHave, n);
    fragmentsHave += n;
  }

  private void pong(ByteBuffer b, int p, int n) {
    if (!reserve(WebSocketProtocol.headerLengthFor(n, true) + n)) {
      return;
    }
    putHeader(out, WebSocketProtocol.OPCODE_CONTROL_PONG, n);
    for (int k = 0; k < n; k++) {
      out.put(b.get(p + k));
    }
    markDirty();
  }

  private void ensurePending(int size) {
    if (pending == null || pending.capacity() < size) {
      ByteBuffer grown =
          ByteBuffer.allocate(
              Math.max(
                  size,
                  pending == null
                      ? 256
                      : Math.min(
                          2 * pending.capacity(),
                          MAX_BUFFERED + WebSocketProtocol.MAX_HEADER_LENGTH)));
      if (pending != null && pendingLength > 0) {
        grown.put(0, pending.array(), 0, pendingLength);
      }
      pending = grown;
    }
  }

  // ------------------------------------------------------------------------------- output

  /** Header of a final client frame with a zero masking key: its payload goes out as it is. */
  private static void putHeader(ByteBuffer to, int opcode, int length) {
    WebSocketProtocol.putHeader(to, WebSocketProtocol.B0_FLAG_FIN | opcode, length, 0);
  }

  private boolean reserve(int bytes) {
    if (out == null) {
      out = ByteBuffer.allocateDirect(Math.max(bytes, 4096));
    } else if (out.remaining() < bytes) {
      int need = out.position() + bytes;
      if (need > MAX_BUFFERED) {
        fail("more than " + (MAX_BUFFERED >> 20) + " MiB unsent: the relay is not reading");
        return false;
      }
      ByteBuffer grown =
          ByteBuffer.allocateDirect(Math.max(need, Math.min(2 * out.capacity(), MAX_BUFFERED)));
      out.flip();
      grown.put(out);
      out = grown;
    }
    return true;
  }

  private void markDirty() {
    if (!dirty) {
      dirty = true;
      reactor.dirty(this);
    }
  }

  // ------------------------------------------------------------------------------- ending

  private void fail(String reason) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    closeChannel();
    handler.onClose(this, reason);
  }

  private void closeChannel() {
    key.cancel();
    try {
      channel.close();
    } catch (IOException e) {
      // closing: nothing left to do with it
    }
    out = null;
    pending = null;
    fragments = null;
  }

  static String reason(IOException e) {
    String m = e.getMessage();
    if (m == null || m.isEmpty()) {
      return e.getClass().getSimpleName();
    }
    return m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
  }

  @Override
  public String toString() {
    return "connection " + tag + " to " + url;
  }
}
