package jam.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WrappedByteChannel;

/**
 * A peer's socket as Java-WebSocket sees it, and the relay's own bounded queue of frames for that
 * peer. Guarded by this.
 *
 * <p>Node's relay writes each message straight to each socket; Java-WebSocket queues it, flips the
 * key's interest to writable, wakes the selector, writes, and flips the interest back: two epoll
 * changes and a wake-up per delivery. On plain connections the fan-out here writes directly from the
 * decoder thread when nothing is waiting for the socket, and only queues (and asks the selector for a
 * writable event) when the socket is full; queued frames go out in one gathering write. On TLS
 * connections the same, through {@link TlsChannel}: queued frames are encrypted together, into as
 * few records as they fit, and encrypted bytes the socket did not take wait there for the selector.
 *
 * <p>Ordering with the library's own frames (handshake response, ping, pong, close), which reach the
 * socket through {@link #write} from the selector thread: the handshake response goes first, before
 * any relayed frame; after that, whole frames only, never interleaved: a library frame waits until
 * the relay's queue is empty, and a partly written library frame is finished before anything else.
 *
 * <p>Lifecycle: created when a connection is accepted; {@link #refuse} replaces the handshake
 * response with an HTTP error; the relay closes it when the handshake does not complete in time.
 */
final class Outbox implements WrappedByteChannel {
  private static final int GATHER = 64;
  /**
   * How long end of stream waits for the decoder. A peer whose close frame is decoded in time goes at
   * once; only one that vanished without a close frame waits the whole grace. A second, because a busy
   * 2-core machine can take more than 200 ms to decode a close frame, and the peer's 1000 would then be
   * logged as 1006.
   */
  static final long EOF_GRACE_NANOS = 1_000_000_000L;
  /** Scratch for gathering writes: per thread, not per peer (10,000 peers would hold 2.7 MB). */
  private static final ThreadLocal<ByteBuffer[]> GATHER_SCRATCH = ThreadLocal.withInitial(() -> new ByteBuffer[GATHER]);

  /** The plain socket, or null on TLS. */
  private final SocketChannel plain;
  /** The TLS channel, or null on plain connections. */
  private final TlsChannel tls;
  private final ByteChannel channel;
  /** The selector's, shared by every outbox of the relay. */
  private final StaleKeys staleKeys;
  /** The library's queue for this connection. */
  private final Queue<ByteBuffer> libraryQueue;
  private final WebSocketImpl connection;
  final long acceptedNanos = System.nanoTime();
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean handshakeWritten;
  private ByteBuffer libraryFrameInProgress;
  private ByteBuffer refusal;
  /** When the selector first read end of stream on an open connection, else 0. */
  private volatile long eofSeenNanos;

  Outbox(SocketChannel plain, WebSocketImpl connection, StaleKeys staleKeys) {
    this(plain, null, plain, connection, staleKeys);
  }

  Outbox(TlsChannel tls, WebSocketImpl connection, StaleKeys staleKeys) {
    this(null, tls, tls, connection, staleKeys);
  }

  private Outbox(SocketChannel plain, TlsChannel tls, ByteChannel channel, WebSocketImpl connection, StaleKeys staleKeys) {
    this.plain = plain;
    this.tls = tls;
    this.channel = channel;
    this.connection = connection;
    this.libraryQueue = connection.outQueue;
    this.staleKeys = staleKeys;
  }

  /** In a decoder thread's batch: flushed when the batch ends. */
  private boolean batched;
  /**
   * {@code !batched && !queue.isEmpty()}, kept up to date under the lock and read without it by
   * {@link #isNeedWrite}: the library's selector asks that of every key it once saw writable, on
   * every wake-up, until the peer next sends something (Java-WebSocket never takes written keys out
   * of its selected set). With the lock, 1,000 such asks per wake-up queued behind the decoder's
   * writes and took a third of the relay's CPU.
   */
  private volatile boolean waitsForSelector;

  private void updateWaiting() {
    boolean w = !batched && !queue.isEmpty();
    if (w != waitsForSelector) {
      waitsForSelector = w;
    }
  }

  /** What happened to an offered frame. */
  enum Offer {
    /** Written to the socket already. */
    SENT,
    /** Queued; the selector must be asked for a writable event. */
    QUEUED,
    /** Queued in a batch whose end writes it; the outbox was not in the batch yet. */
    BATCHED_FIRST,
    /** Queued in a batch that holds this outbox already. */
    BATCHED,
    /** Not taken: the peer is too far behind. */
    FULL
  }

  /**
   * Sends or queues {@code frame} (shared, read only, position 0) unless the queue would pass
   * {@code maxQueueBytes}. Called from decoder threads. Outside a batch ({@code !inBatch}), frames a
   * batch queued here go out with this one: it is the message that ends that batch.
   */
  synchronized Offer offer(ByteBuffer frame, long maxQueueBytes, boolean inBatch) throws IOException {
    int size = frame.remaining();
    if (!queue.isEmpty() && queuedBytes + size > maxQueueBytes) {
      if ((inBatch || batched) && mayWriteDirectly()) {
        flushQueue(); // a batch's own frames must not count against a peer that reads
      }
      if (!queue.isEmpty() && queuedBytes + size > maxQueueBytes) {
        return Offer.FULL;
      }
    }
    ByteBuffer mine = frame.duplicate();
    if (inBatch) {
      queue.addLast(mine);
      queuedBytes += size;
      if (batched) {
        return Offer.BATCHED;
      }
      batched = true;
      updateWaiting();
      return Offer.BATCHED_FIRST;
    }
    if (queue.isEmpty() && mayWriteDirectly()) {
      if (plain != null) {
        plain.write(mine);
      } else {
        tls.write(mine);
      }
      if (!mine.hasRemaining()) {
        return tlsPending() ? Offer.QUEUED : Offer.SENT;
      }
    }
    queue.addLast(mine);
    queuedBytes += mine.remaining();
    if (batched) { // the frame that ends a batch: what the batch queued goes out with it, now
      batched = false;
      if (mayWriteDirectly()) {
        flushQueue();
      }
    }
    updateWaiting();
    return queue.isEmpty() && !tlsPending() ? Offer.SENT : Offer.QUEUED;
  }

  private boolean mayWriteDirectly() {
    return handshakeWritten && libraryFrameInProgress == null && libraryQueue.isEmpty();
  }

  /** True when encrypted bytes of frames already taken wait for the socket (TLS only). */
  private boolean tlsPending() {
    return tls != null && tls.isNeedWrite();
  }

  /** True when end of stream is held and should now go through (closed meanwhile, or the grace is over). */
  boolean heldEofDue(long nowNanos) {
    return heldEofPastGrace(nowNanos) || (eofSeenNanos != 0 && !connection.isOpen());
  }

  /** True when end of stream has been held for the whole grace (a peer that shut its side mid-handshake). */
  boolean heldEofPastGrace(long nowNanos) {
    long seen = eofSeenNanos;
    return seen != 0 && nowNanos - seen >= EOF_GRACE_NANOS;
  }

  WebSocketImpl connection() {
    return connection;
  }

  /** Clears the batch mark; true if it was set (this batch is the one to flush it). */
  synchronized boolean unmarkBatched() {
    boolean was = batched;
    batched = false;
    updateWaiting();
    return was;
  }

  /**
   * Writes what is queued if the socket may be written directly now; true when frames remain and
   * the selector must be asked for a writable event.
   */
  synchronized boolean flush() throws IOException {
    if (queue.isEmpty()) {
      return tlsPending();
    }
    if (mayWriteDirectly()) {
      flushQueue();
    }
    return !queue.isEmpty() || tlsPending();
  }

  /** Answers the handshake with this HTTP response instead of the library's. */
  synchronized void refuse(byte[] httpResponse) {
    refusal = ByteBuffer.wrap(httpResponse);
  }

  /** True once a refusal (see {@link #refuse}) has gone out whole. */
  synchronized boolean refusalSent() {
    return refusal != null && handshakeWritten;
  }

  /** Forgets queued frames of a peer that is gone. */
  synchronized void clear() {
    queue.clear();
    queuedBytes = 0;
    updateWaiting();
  }

  /** Writes as much of the relay's queue as the socket takes. */
  private void flushQueue() throws IOException {
    try {
      writeQueue();
    } finally {
      updateWaiting();
    }
  }

  private void writeQueue() throws IOException {
    while (!queue.isEmpty()) {
      ByteBuffer[] gather = GATHER_SCRATCH.get();
      int n = 0;
      for (Iterator<ByteBuffer> it = queue.iterator(); it.hasNext() && n < GATHER; ) {
        gather[n++] = it.next();
      }
      long written = plain != null ? plain.write(gather, 0, n) : tls.write(gather, 0, n);
      Arrays.fill(gather, 0, n, null);
      queuedBytes -= written;
      ByteBuffer head;
      while ((head = queue.peekFirst()) != null && !head.hasRemaining()) {
        queue.pollFirst();
      }
      if (written == 0 || (tls != null ? tls.isNeedWrite() : head != null && head.position() > 0)) {
        return; // the socket is full
      }
    }
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
      flushQueue();
      if (!queue.isEmpty()) {
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
    flushQueue();
    return n;
  }

  /**
   * Relayed frames are waiting for the selector (not those of a decoder's batch: its end writes
   * them), or TLS records are ({@link TlsChannel#isNeedWrite}).
   */
  @Override
  public boolean isNeedWrite() {
    return waitsForSelector || (tls != null && tlsNeedsWrite());
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
    if (libraryFrameInProgress == null && handshakeWritten && !batched) {
      flushQueue();
    }
  }

  /**
   * On the selector thread. End of stream on a connection that is open (or opening) is held back: the
   * selector hands what it read to a decoder thread and would otherwise report the end first, so a
   * peer that sends its close frame and then shuts its socket at once would be logged as 1006
   * (abnormal) instead of its own code. Holding it means reading no more (no busy loop that would
   * starve the decoder): when the close frame is decoded, the library's close reply asks for events
   * again, and {@link RelayServer}'s sweeper releases a held end after {@link #EOF_GRACE_NANOS}. A TLS
   * handshake record read may leave the engine with records to send.
   */
  @Override
  public int read(ByteBuffer dst) throws IOException {
    int n = channel.read(dst);
    if (n < 0 && !connection.isClosing() && !connection.isClosed()) { // open, or opening
      long now = System.nanoTime();
      if (eofSeenNanos == 0) {
        eofSeenNanos = now;
      }
      SelectionKey k = connection.getSelectionKey();
      if (now - eofSeenNanos < EOF_GRACE_NANOS && k != null && k.isValid()) {
        k.interestOps(k.interestOps() & ~SelectionKey.OP_READ);
        return 0;
      }
    }
    return n;
  }

  /** True when TLS has decrypted data left, or when the selector's set needs sweeping ({@link StaleKeys}). */
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

  /**
   * Closes the connection, on plain sockets a second late. Java-WebSocket closes right after writing
   * the relay's close frame, without waiting for the peer's. A peer still sending (a flood closed with
   * 1008, the rest of a message over --max-message) would then get a reset, and its next write "broken
   * pipe": a client such as the JDK's reports that error and never the close frame that had arrived
   * (RelaySecurityTest reads the 1008). So the relay's side is shut at once (the peer reads the close
   * frame, then end of stream) and the socket closed {@link #LINGER_MILLIS} later, its input unread.
   */
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
    try {
      plain.shutdownOutput();
    } catch (IOException e) {
      plain.close();
      return;
    }
    Lingering.close(plain, LINGER_MILLIS);
  }

  /** How long a socket the relay closed stays open, shut for writing, so that its peer reads the close. */
  static final long LINGER_MILLIS = 1000;

  private volatile boolean lingering;

  /** The one thread that closes lingering sockets when their time is up. */
  private static final class Lingering {
    private static final ScheduledExecutorService CLOSER = Executors.newSingleThreadScheduledExecutor(run -> {
      Thread t = new Thread(run, "jam-relay-linger");
      t.setDaemon(true);
      return t;
    });

    static void close(SocketChannel socket, long millis) {
      try {
        CLOSER.schedule(() -> {
          try {
            socket.close();
          } catch (IOException e) {
            // closing: nothing left to tell anyone
          }
        }, millis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // as above
        }
      }
    }
  }
}
