package jam.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The relay's bounded queue of frames for one peer, and the writes that empty it into the peer's
 * socket ({@link Sink}). Plain Java: no library type. Not thread safe: its {@link PeerChannel}
 * calls it under its own lock; only {@link #waitsForSelector} may be read without that lock.
 *
 * <p>An offered frame is written at once when nothing is queued and the caller says the socket is
 * free for relayed frames ({@code mayWrite}: the library is not writing one of its own); otherwise
 * it is queued, and queued frames go out together, up to {@value #GATHER} in one gathering write.
 * The queue refuses a frame that would take it past its bound ({@link Offer#FULL}: the peer is too
 * far behind), but it always takes a frame when it is empty.
 *
 * <p>Inside a decoder's batch ({@link FanOutBatch}) offers only queue: the first one marks the
 * outbox as batched ({@link Offer#BATCHED_FIRST}), and the batch's end writes what it queued
 * ({@link #unmarkBatched}, then {@link #flush}); so does the next offer from outside a batch, with
 * its own frame. A batch's frames are not a backlog: when they would pass the bound, they are
 * written first.
 */
final class Outbox {
  static final int GATHER = 64;

  /** Scratch for gathering writes: per thread, not per peer (10,000 peers would hold 2.7 MB). */
  private static final ThreadLocal<ByteBuffer[]> GATHER_SCRATCH =
      ThreadLocal.withInitial(() -> new ByteBuffer[GATHER]);

  /** Where an outbox writes: a peer's socket, or TLS over it. Non-blocking. */
  interface Sink {
    /** Writes what the socket takes of {@code src} now. */
    int write(ByteBuffer src) throws IOException;

    /**
     * Writes what the socket takes of {@code srcs[offset, offset + length)} now and returns the
     * bytes taken: fewer than offered only when the socket is full.
     */
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /** True when bytes already taken still wait for the socket (a TLS record): it is full. */
    boolean pending();

    /** A plain socket, which takes bytes or does not: nothing is ever pending. */
    static Sink of(SocketChannel socket) {
      return new Sink() {
        @Override
        public int write(ByteBuffer src) throws IOException {
          return socket.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
          return socket.write(srcs, offset, length);
        }

        @Override
        public boolean pending() {
          return false;
        }
      };
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

  private final Sink sink;
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  private long queuedBytes;

  /** In a decoder thread's batch: written when the batch ends. */
  private boolean batched;

  /**
   * {@code !batched && !queue.isEmpty()}, kept up to date under the owner's lock and read without
   * it: the library's selector asks a channel whether it needs to write on every wake-up for every
   * key it once saw writable, and taking the lock for each ask queued 1,000 asks per wake-up behind
   * the decoder's writes.
   */
  private volatile boolean waitsForSelector;

  Outbox(Sink sink) {
    this.sink = sink;
  }

  /**
   * Writes or queues {@code frame} (shared, read only: the outbox writes a duplicate) unless the
   * queue would pass {@code maxQueueBytes}. Outside a batch ({@code !inBatch}), frames a batch
   * queued here go out with this one: it is the message that ends that batch.
   *
   * @param mayWrite whether the socket is free for relayed frames now
   */
  Offer offer(ByteBuffer frame, long maxQueueBytes, boolean inBatch, boolean mayWrite)
      throws IOException {
    int size = frame.remaining();
    if (!queue.isEmpty() && queuedBytes + size > maxQueueBytes) {
      if ((inBatch || batched) && mayWrite) {
        drain(); // a batch's own frames must not count against a peer that reads
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
    if (queue.isEmpty() && mayWrite) {
      sink.write(mine);
      if (!mine.hasRemaining()) {
        return sink.pending() ? Offer.QUEUED : Offer.SENT;
      }
    }
    queue.addLast(mine);
    queuedBytes += mine.remaining();
    if (batched) { // the frame that ends a batch: what the batch queued goes out with it, now
      batched = false;
      if (mayWrite) {
        drain();
      }
    }
    updateWaiting();
    return queue.isEmpty() && !sink.pending() ? Offer.SENT : Offer.QUEUED;
  }

  /**
   * Writes what is queued if {@code mayWrite}; true when frames (or bytes the sink took) remain and
   * the selector must be asked for a writable event.
   */
  boolean flush(boolean mayWrite) throws IOException {
    if (queue.isEmpty()) {
      return sink.pending();
    }
    if (mayWrite) {
      drain();
    }
    return !queue.isEmpty() || sink.pending();
  }

  /** Writes as much of the queue as the socket takes, whatever the batch mark. */
  void drain() throws IOException {
    try {
      writeQueue();
    } finally {
      updateWaiting();
    }
  }

  /**
   * Clears the batch mark; true if it was set (the batch that calls this is the one to flush it).
   */
  boolean unmarkBatched() {
    boolean was = batched;
    batched = false;
    updateWaiting();
    return was;
  }

  boolean batched() {
    return batched;
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Bytes queued and not yet written. */
  long queuedBytes() {
    return queuedBytes;
  }

  /**
   * True when queued frames wait for the selector's writable event: not those of a batch, which its
   * end writes. Read without the owner's lock.
   */
  boolean waitsForSelector() {
    return waitsForSelector;
  }

  /** Forgets queued frames of a peer that is gone. */
  void clear() {
    queue.clear();
    queuedBytes = 0;
    updateWaiting();
  }

  private void updateWaiting() {
    boolean w = !batched && !queue.isEmpty();
    if (w != waitsForSelector) {
      waitsForSelector = w;
    }
  }

  private void writeQueue() throws IOException {
    while (!queue.isEmpty()) {
      ByteBuffer[] gather = GATHER_SCRATCH.get();
      int n = 0;
      long offered = 0;
      for (Iterator<ByteBuffer> it = queue.iterator(); it.hasNext() && n < GATHER; ) {
        ByteBuffer b = it.next();
        gather[n++] = b;
        offered += b.remaining();
      }
      long written;
      try {
        written = sink.write(gather, 0, n);
      } finally {
        Arrays.fill(gather, 0, n, null);
      }
      queuedBytes -= written;
      while (!queue.isEmpty() && !queue.peekFirst().hasRemaining()) {
        queue.pollFirst();
      }
      if (written < offered || sink.pending()) {
        return; // the socket is full
      }
    }
  }
}
