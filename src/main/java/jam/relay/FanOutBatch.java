package jam.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What a decoder thread's fan-out has queued and not yet written: the outboxes touched since the
 * batch began, each flushed once when it ends, so that a receiver gets all the batch's frames in
 * one gathering write instead of one system call each.
 *
 * <p>A batch spans every socket read the decoder has waiting (see {@link BatchingConnection}): a
 * sender at full speed, or several senders at once, deliver many messages while the decoder is
 * still writing the last ones, and the next batch takes them all. When nothing waits, the batch
 * ends with the read that began it, so a lone message (a bang) is written as soon as it is decoded,
 * with no delay added. {@link #MAX_READS} bounds how long a busy decoder holds frames back. Per
 * thread: each decoder thread has its own state.
 *
 * <p>A message alone in a batch that began while the relay was idle (a bang, a fixed-rate sender)
 * is not queued and then flushed in a second pass over the receivers: it is written receiver by
 * receiver at once ({@link #endsWith}). At 1,000 peers the pass that only queues took 0.3-0.4 ms
 * before the first receiver got anything; Node's relay writes to the first one at once. Under
 * sustained load the two passes stay: messages that arrive during the first join the batch, and
 * writing at once there cost 3-20 % more CPU per delivery (docs/performance.md, tenth session).
 *
 * <p>Plain Java: the members are the peers' channels ({@link PeerChannel}), the clock is given.
 *
 * @param <T> what a batch flushes
 */
final class FanOutBatch<T extends FanOutBatch.Member> {
  /**
   * Reads per batch at most (64 KiB each, Java-WebSocket 1.6): a decoder that never runs dry still
   * writes regularly.
   */
  static final int MAX_READS = 8;

  /** A batch that begins this long after the thread's last one ended finds the relay idle. */
  static final long IDLE_NANOS = 1_000_000L;

  /** Whether a read follows the current one in this batch; asked at most once per read. */
  interface NextRead {
    /** True when no read will follow in this batch (or none is known to wait now). */
    boolean none();
  }

  /** What a batch flushes: a peer's channel, marked while the batch holds frames for it. */
  interface Member {
    /** Clears the batch mark; true if it was set (the batch then flushes it). */
    boolean unmarkBatched();
  }

  private static final class State<T> {
    boolean open;

    /** This batch began at least {@link #IDLE_NANOS} after the thread's last one ended. */
    boolean afterIdle;

    long lastEndNanos;
    int reads;
    NextRead next;
    final List<T> dirty = new ArrayList<>();
  }

  private final ThreadLocal<State<T>> state = ThreadLocal.withInitial(State::new);
  private final LongSupplier nanoClock;
  private volatile Consumer<T> flush = o -> {};

  FanOutBatch() {
    this(System::nanoTime);
  }

  /** With {@code nanoClock} for {@link System#nanoTime}. */
  FanOutBatch(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** Sets what writes an outbox's frames (or asks the selector to); once, before connections. */
  void flushWith(Consumer<T> f) {
    this.flush = f;
  }

  /** Before decoding one read: opens this thread's batch, or goes on with the open one. */
  void beginRead(NextRead next) {
    State<T> s = state.get();
    if (!s.open) {
      s.afterIdle = nanoClock.getAsLong() - s.lastEndNanos >= IDLE_NANOS;
    }
    s.open = true;
    s.reads++;
    s.next = next;
  }

  /**
   * True when the message being relayed is to be written at once: this thread's batch began after
   * the relay was idle, has queued nothing yet, and ends with this message, the last of its read
   * ({@code lastOfRead}) with no read to follow. Frames another thread's batch queued for a
   * receiver go out with it ({@link Outbox#offer}).
   */
  boolean endsWith(boolean lastOfRead) {
    if (!lastOfRead) {
      return false;
    }
    State<T> s = state.get();
    return s.open && s.afterIdle && s.dirty.isEmpty() && (s.reads >= MAX_READS || s.next.none());
  }

  /** After decoding one read: ends the batch unless more reads wait for this decoder. */
  void endRead(boolean moreWaiting) {
    State<T> s = state.get();
    if (!moreWaiting || s.reads >= MAX_READS) {
      end(s);
    }
  }

  /**
   * True when this thread is in a batch: queue, and {@link #add} the outbox, instead of writing.
   */
  boolean isOpen() {
    return state.get().open;
  }

  void add(T member) {
    state.get().dirty.add(member);
  }

  /** Ends the batch, flushing every outbox it touched once. */
  private void end(State<T> s) {
    s.open = false;
    s.reads = 0;
    s.next = null;
    List<T> dirty = s.dirty;
    Consumer<T> flush = this.flush;
    for (int i = 0; i < dirty.size(); i++) {
      T o = dirty.get(i);
      if (o.unmarkBatched()) {
        flush.accept(o);
      }
    }
    dirty.clear();
    s.lastEndNanos = nanoClock.getAsLong();
  }
}
