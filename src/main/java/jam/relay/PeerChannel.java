package jam.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WrappedByteChannel;

/**
 * A peer's socket as Java-WebSocket sees it ({@link WrappedByteChannel}), shared by the library's
 * frames and the relay's {@link Outbox}. Guarded by this: the selector thread writes the library's
 * frames, decoder threads the relay's.
 *
 * <p>Node's relay writes each message straight to each socket; Java-WebSocket queues it, flips the
 * key's interest to writable, wakes the selector, writes, and flips the interest back: two epoll
 * changes and a wake-up per delivery. Here the fan-out offers each frame to the peer's outbox,
 * which writes it from the decoder thread when the socket has room, and only asks the selector for
 * a writable event when it is full. On TLS connections the same, through {@link TlsChannel}.
 *
 * <p>Ordering with the library's own frames (handshake response, ping, pong, close), which reach
 * the socket through {@link #write} from the selector thread: the handshake response goes first,
 * before any relayed frame; after that, whole frames only, never interleaved: a library frame waits
 * until the outbox is empty, and a partly written library frame is finished before anything else.
 *
 * <p>Lifecycle: created when a connection is accepted; {@link #refuse} replaces the handshake
 * response with an HTTP error; the relay closes it when the handshake does not complete in time
 * ({@link HandshakeReaper}); an end of stream read while it is open is held ({@link
 * HeldEndOfStream}); {@link #close} lingers on plain sockets ({@link LingeringClose}).
 */
final class PeerChannel implements WrappedByteChannel, HandshakeReaper.Pending, FanOutBatch.Member {
  /** The plain socket, or null on TLS. */
  private final SocketChannel plain;

  /** The TLS channel, or null on plain connections. */
  private final TlsChannel tls;

  private final ByteChannel channel;

  /** The selector's, shared by every channel of the relay. */
  private final StaleKeys staleKeys;

  /** The library's queue for this connection. */
  private final Queue<ByteBuffer> libraryQueue;

  private final WebSocketImpl connection;
  private final long acceptedNanos = System.nanoTime();
  private final Outbox outbox;
  private final HeldEndOfStream heldEnd = new HeldEndOfStream();
  private boolean handshakeWritten;
  private ByteBuffer libraryFrameInProgress;
  private ByteBuffer refusal;
  private volatile boolean lingering;

  PeerChannel(SocketChannel plain, WebSocketImpl connection, StaleKeys staleKeys) {
    this(plain, null, plain, Outbox.Sink.of(plain), connection, staleKeys);
  }

  PeerChannel(TlsChannel tls, WebSocketImpl connection, StaleKeys staleKeys) {
    this(null, tls, tls, tls, connection, staleKeys);
  }

  private PeerChannel(
      SocketChannel plain,
      TlsChannel tls,
      ByteChannel channel,
      Outbox.Sink sink,
      WebSocketImpl connection,
      StaleKeys staleKeys) {
    this.plain = plain;
    this.tls = tls;
    this.channel = channel;
    this.outbox = new Outbox(sink);
    this.connection = connection;
    this.libraryQueue = connection.outQueue;
    this.staleKeys = staleKeys;
  }

  WebSocketImpl connection() {
    return connection;
  }

  // --- the relay's side: decoder threads

  /** Offers a relayed frame to the outbox (see {@link Outbox#offer}). */
  synchronized Outbox.Offer offer(ByteBuffer frame, long maxQueueBytes, boolean inBatch)
      throws IOException {
    return outbox.offer(frame, maxQueueBytes, inBatch, mayWriteDirectly());
  }

  /**
   * At a batch's end: writes what it queued; true when the selector must be asked for a writable
   * event.
   */
  synchronized boolean flush() throws IOException {
    return outbox.flush(mayWriteDirectly());
  }

  /** Clears the batch mark; true if it was set (see {@link Outbox#unmarkBatched}). */
  @Override
  public synchronized boolean unmarkBatched() {
    return outbox.unmarkBatched();
  }

  /** Forgets queued frames of a peer that is gone. */
  synchronized void clear() {
    outbox.clear();
  }

  private boolean mayWriteDirectly() {
    return handshakeWritten && libraryFrameInProgress == null && libraryQueue.isEmpty();
  }

  /** Answers the handshake with this HTTP response instead of the library's. */
  synchronized void refuse(byte[] httpResponse) {
    refusal = ByteBuffer.wrap(httpResponse);
  }

  // --- the relay's repair thread

  @Override
  public long acceptedNanos() {
    return acceptedNanos;
  }

  @Override
  public synchronized boolean refusalSent() {
    return refusal != null && handshakeWritten;
  }

  @Override
  public boolean heldEofPastGrace(long nowNanos) {
    return heldEnd.pastGrace(nowNanos);
  }

  /**
   * True when end of stream is held and should now go through (closed meanwhile, or the grace is
   * over).
   */
  boolean heldEofDue(long nowNanos) {
    return heldEnd.due(nowNanos, connection.isOpen());
  }

  /** True when frames of the library's or the relay's wait for the socket. */
  boolean writesWaiting() {
    return !libraryQueue.isEmpty() || isNeedWrite();
  }

  // --- WrappedByteChannel: the selector thread's view

  /** A library frame (the selector thread writes the library's queue through here). */
  @Override
  public synchronized int write(ByteBuffer src) throws IOException {
    if (!handshakeWritten && refusal != null) {
      channel.write(refusal);
      if (refusal.hasRemaining()) {
        return 0;
      }
      int n = src.remaining();
      src.position(src.limit()); // the library's own response is replaced, not sent
      handshakeWritten = true;
      return n;
    }
    if (src != libraryFrameInProgress && handshakeWritten) {
      outbox.drain();
      if (!outbox.isEmpty()) {
        return 0; // relayed frames first; the library keeps src and asks again when writable
      }
    }
    int before = src.remaining();
    channel.write(src);
    int n = before - src.remaining();
    if (src.hasRemaining()) {
      libraryFrameInProgress = src;
      return n;
    }
    libraryFrameInProgress = null;
    handshakeWritten = true;
    outbox.drain();
    return n;
  }

  /**
   * Relayed frames are waiting for the selector (not those of a decoder's batch: its end writes
   * them), or TLS records are ({@link TlsChannel#isNeedWrite}).
   */
  @Override
  public boolean isNeedWrite() {
    return outbox.waitsForSelector() || (tls != null && tlsNeedsWrite());
  }

  private synchronized boolean tlsNeedsWrite() {
    return tls.isNeedWrite();
  }

  @Override
  public synchronized void writeMore() throws IOException {
    if (tls != null && tls.isNeedWrite()) {
      tls.writeMore();
      if (tls.isNeedWrite()) {
        return;
      }
    }
    if (libraryFrameInProgress == null && handshakeWritten && !outbox.batched()) {
      outbox.drain();
    }
  }

  /**
   * End of stream on a connection that is open (or opening) is held back ({@link HeldEndOfStream}).
   * Holding it means reading no more (no busy loop that would starve the decoder): when the close
   * frame is decoded, the library's close reply asks for events again, and the relay's repair gives
   * read interest back once the hold is due. A TLS handshake record read may leave the engine with
   * records to send.
   */
  @Override
  public int read(ByteBuffer dst) throws IOException {
    int n = channel.read(dst);
    if (n < 0 && !connection.isClosing() && !connection.isClosed()) { // open, or opening
      SelectionKey k = connection.getSelectionKey();
      if (heldEnd.hold(System.nanoTime()) && k != null && k.isValid()) {
        k.interestOps(k.interestOps() & ~SelectionKey.OP_READ);
        return 0;
      }
    }
    return n;
  }

  /**
   * True when TLS has decrypted data left, or when the selector's set needs sweeping ({@link
   * StaleKeys}).
   */
  @Override
  public boolean isNeedRead() {
    return (tls != null && tls.isNeedRead()) || staleKeys.due(connection.getSelectionKey());
  }

  @Override
  public int readMore(ByteBuffer dst) throws IOException {
    staleKeys.sweep(connection.getSelectionKey());
    return tls != null && tls.isNeedRead() ? tls.readMore(dst) : 0;
  }

  @Override
  public boolean isBlocking() {
    return tls != null ? tls.isBlocking() : plain.isBlocking();
  }

  @Override
  public boolean isOpen() {
    return !lingering && channel.isOpen();
  }

  /** Closes the connection; a plain socket lingers, shut for writing ({@link LingeringClose}). */
  @Override
  public void close() throws IOException {
    if (lingering) {
      return; // closed already, a second from now
    }
    if (plain == null || !plain.isOpen()) {
      channel.close();
      return;
    }
    lingering = true;
    LingeringClose.SHARED.close(plain, LingeringClose.LINGER_MILLIS);
  }
}
