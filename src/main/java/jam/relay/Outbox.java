package jam.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Queue;
import org.java_websocket.WrappedByteChannel;

/**
 * A peer's socket as Java-WebSocket sees it, and the relay's own bounded queue of frames for that
 * peer. Guarded by this.
 *
 * <p>Node's relay writes each message straight to each socket; Java-WebSocket queues it, flips the
 * key's interest to writable, wakes the selector, writes, and flips the interest back: two epoll
 * changes and a wake-up per delivery. The fan-out here writes directly from the decoder thread when
 * nothing is waiting for the socket, and only queues (and asks the selector for a writable event)
 * when the socket is full. Queued frames go out in one gathering write.
 *
 * <p>Ordering with the library's own frames (handshake response, ping, pong, close), which reach the
 * socket through {@link #write} from the selector thread: the handshake response goes first, before
 * any relayed frame; after that, whole frames only, never interleaved: a library frame waits until
 * the relay's queue is empty, and a partly written library frame is finished before anything else.
 */
final class Outbox implements WrappedByteChannel {
  private static final int GATHER = 64;

  private final SocketChannel socket;
  /** The library's queue for this connection. */
  private final Queue<ByteBuffer> libraryQueue;
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  private final ByteBuffer[] gather = new ByteBuffer[GATHER];
  private long queuedBytes;
  private boolean handshakeWritten;
  private ByteBuffer libraryFrameInProgress;

  Outbox(SocketChannel socket, Queue<ByteBuffer> libraryQueue) {
    this.socket = socket;
    this.libraryQueue = libraryQueue;
  }

  /** What happened to an offered frame. */
  enum Offer {
    /** Written to the socket already. */
    SENT,
    /** Queued; the selector must be asked for a writable event. */
    QUEUED,
    /** Not taken: the peer is too far behind. */
    FULL
  }

  /**
   * Sends or queues {@code frame} (shared, read only, position 0) unless the queue would pass
   * {@code maxQueueBytes}. Called from decoder threads.
   */
  synchronized Offer offer(ByteBuffer frame, long maxQueueBytes) throws IOException {
    int size = frame.remaining();
    if (!queue.isEmpty() && queuedBytes + size > maxQueueBytes) {
      return Offer.FULL;
    }
    ByteBuffer mine = frame.duplicate();
    if (queue.isEmpty() && mayWriteDirectly()) {
      socket.write(mine);
      if (!mine.hasRemaining()) {
        return Offer.SENT;
      }
    }
    queue.addLast(mine);
    queuedBytes += mine.remaining();
    return Offer.QUEUED;
  }

  private boolean mayWriteDirectly() {
    return handshakeWritten && libraryFrameInProgress == null && libraryQueue.isEmpty();
  }

  /** Bytes waiting in the relay's queue. */
  synchronized long queuedBytes() {
    return queuedBytes;
  }

  /** Forgets queued frames of a peer that is gone. */
  synchronized void clear() {
    queue.clear();
    queuedBytes = 0;
  }

  /** Writes as much of the relay's queue as the socket takes, in one gathering write. */
  private void flushQueue() throws IOException {
    while (!queue.isEmpty()) {
      int n = 0;
      for (Iterator<ByteBuffer> it = queue.iterator(); it.hasNext() && n < GATHER; ) {
        gather[n++] = it.next();
      }
      long written = socket.write(gather, 0, n);
      Arrays.fill(gather, 0, n, null);
      queuedBytes -= written;
      ByteBuffer head;
      while ((head = queue.peekFirst()) != null && !head.hasRemaining()) {
        queue.pollFirst();
      }
      if (written == 0 || !queue.isEmpty() && queue.peekFirst().position() > 0) {
        return; // the socket is full
      }
    }
  }

  // --- WrappedByteChannel: the selector thread's view

  /** A library frame (the selector thread writes the library's queue through here). */
  @Override
  public synchronized int write(ByteBuffer src) throws IOException {
    if (src != libraryFrameInProgress && handshakeWritten) {
      flushQueue();
      if (!queue.isEmpty()) {
        return 0; // relayed frames first; the library keeps src and asks again when writable
      }
    }
    int n = socket.write(src);
    if (src.hasRemaining()) {
      libraryFrameInProgress = src;
      return n;
    }
    libraryFrameInProgress = null;
    handshakeWritten = true;
    flushQueue();
    return n;
  }

  @Override
  public synchronized boolean isNeedWrite() {
    return !queue.isEmpty();
  }

  @Override
  public synchronized void writeMore() throws IOException {
    if (libraryFrameInProgress == null && handshakeWritten) {
      flushQueue();
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return socket.read(dst);
  }

  @Override
  public boolean isNeedRead() {
    return false;
  }

  @Override
  public int readMore(ByteBuffer dst) {
    return 0;
  }

  @Override
  public boolean isBlocking() {
    return socket.isBlocking();
  }

  @Override
  public boolean isOpen() {
    return socket.isOpen();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
