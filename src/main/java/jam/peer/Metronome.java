package jam.peer;

import java.util.concurrent.locks.LockSupport;

/**
 * Ticks {@code count} times, {@code interval} apart, each deadline computed from the first tick's
 * time, so a late tick (a slow send, an oversleeping thread) delays only itself, never the ones
 * after it. Ticks that are already due run at once. Runs on the calling thread; stateless.
 */
final class Metronome {
  /** A monotonic clock and a way to wait for it: {@link #SYSTEM}, or a fake in tests. */
  interface Clock {
    long nanoTime();

    /** Returns at or after {@code deadlineNanos}; throws when the thread is interrupted. */
    void parkUntil(long deadlineNanos) throws InterruptedException;

    Clock SYSTEM =
        new Clock() {
          @Override
          public long nanoTime() {
            return System.nanoTime();
          }

          @Override
          public void parkUntil(long deadlineNanos) throws InterruptedException {
            for (long left; (left = deadlineNanos - System.nanoTime()) > 0; ) {
              LockSupport.parkNanos(this, left);
              if (Thread.interrupted()) {
                throw new InterruptedException();
              }
            }
          }
        };
  }

  /** What each tick does, given its number from 0; false stops the metronome. */
  interface Tick {
    boolean run(int index);
  }

  private Metronome() {}

  /** Runs the ticks; returns how many ran (fewer than {@code count} when one returned false). */
  static int run(int count, long intervalNanos, Clock clock, Tick tick)
      throws InterruptedException {
    if (count < 0 || intervalNanos < 0) {
      throw new IllegalArgumentException(
          "count and interval must not be negative: " + count + ", " + intervalNanos);
    }
    long start = clock.nanoTime();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        clock.parkUntil(start + i * intervalNanos);
      }
      if (!tick.run(i)) {
        return i + 1;
      }
    }
    return count;
  }
}
