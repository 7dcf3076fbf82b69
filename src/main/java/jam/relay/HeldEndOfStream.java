package jam.relay;

/**
 * When the end of stream a peer's socket reported is held back, and for how long. Plain Java;
 * thread safe (the selector thread records, the relay's repair thread asks).
 *
 * <p>The selector hands what it read to a decoder thread, and would report the end of stream that
 * follows before the decoder has seen the close frame in front of it: a peer that sends its close
 * frame and shuts its socket at once would be logged as 1006 (abnormal) instead of its own code. So
 * the end is held, for at most {@link #GRACE_NANOS}: a peer whose close frame is decoded meanwhile
 * goes at once, and only one that vanished without a close frame waits the whole grace.
 */
final class HeldEndOfStream {
  /** How long an end of stream waits for the decoder at most. */
  static final long GRACE_NANOS = 1_000_000_000L;

  /** When end of stream was first read, else 0. */
  private volatile long seenNanos;

  /**
   * End of stream was read at {@code nowNanos} on an open connection: true while it is to be held.
   */
  boolean hold(long nowNanos) {
    if (seenNanos == 0) {
      seenNanos = nowNanos;
    }
    return nowNanos - seenNanos < GRACE_NANOS;
  }

  /** True when an end of stream has been held for the whole grace. */
  boolean pastGrace(long nowNanos) {
    long seen = seenNanos;
    return seen != 0 && nowNanos - seen >= GRACE_NANOS;
  }

  /**
   * True when a held end of stream should now go through: its grace is over, or the connection is
   * no longer open ({@code open}: its close frame was decoded meanwhile).
   */
  boolean due(long nowNanos, boolean open) {
    return pastGrace(nowNanos) || (seenNanos != 0 && !open);
  }
}
