package jam.peer;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with jitter: the n-th wait is drawn from [d/2, d] where d starts at {@code
 * initial} and doubles up to {@code max}, so peers that lost the same relay do not all come back at
 * the same instant. Not thread safe.
 */
public final class Backoff {
  private final long initialMillis;
  private final long maxMillis;
  private final Random random;
  private int attempt;

  public Backoff(Duration initial, Duration max, Random random) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial <= max, not " + initial + " and " + max);
    }
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
    this.random = random;
  }

  /** 0.25 s doubling to 10 s. */
  public static Backoff standard() {
    return new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10), new Random());
  }

  /** The wait before the next attempt; each call counts one attempt. */
  public Duration next() {
    long ceiling = ceilingMillis(attempt);
    if (attempt < 62) {
      attempt++;
    }
    long half = ceiling / 2;
    return Duration.ofMillis(half + (long) (random.nextDouble() * (ceiling - half + 1)));
  }

  /** The longest wait the {@code n}-th attempt (from 0) may get. */
  long ceilingMillis(int n) {
    long d = initialMillis;
    for (int i = 0; i < n && d < maxMillis; i++) {
      d *= 2;
    }
    return Math.min(d, maxMillis);
  }

  /** Starts over from {@code initial}, after a connection that held. */
  public void reset() {
    attempt = 0;
  }
}
