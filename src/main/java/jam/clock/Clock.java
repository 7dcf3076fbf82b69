package jam.clock;

import java.time.Instant;

/**
 * A monotonic clock in Unix milliseconds (with a fraction: microseconds and better), read from
 * {@link System#nanoTime()} and calibrated once per process against the system's wall clock, so it
 * never steps when the wall clock is set. {@link #TRUE} is that clock as it is; a peer's clock may
 * be shifted by {@code JAM_CLOCK_OFFSET_MS}, a testing aid that makes one machine's clock look
 * wrong by that many ms (the relay and the measuring side keep the true clock). Immutable and
 * thread safe.
 */
public final class Clock {
  /**
   * The environment variable that shifts a peer's clock, in ms (a decimal number, maybe negative).
   */
  public static final String OFFSET_VARIABLE = "JAM_CLOCK_OFFSET_MS";

  private static final long BASE_NANOS;
  private static final double BASE_MS;

  static {
    // the tightest of a few (nanoTime, Instant, nanoTime) brackets pins the calibration to a few µs
    long bestSpan = Long.MAX_VALUE;
    long baseNanos = 0;
    double baseMs = 0;
    for (int i = 0; i < 16; i++) {
      long before = System.nanoTime();
      Instant wall = Instant.now();
      long after = System.nanoTime();
      if (after - before < bestSpan) {
        bestSpan = after - before;
        baseNanos = before + (after - before) / 2;
        baseMs = wall.getEpochSecond() * 1e3 + wall.getNano() / 1e6;
      }
    }
    BASE_NANOS = baseNanos;
    BASE_MS = baseMs;
  }

  /**
   * The environment variable that shifts a relay's clock, in ms: a testing aid that makes one relay
   * of a cluster look as if its machine's clock were wrong.
   */
  public static final String RELAY_OFFSET_VARIABLE = "JAM_RELAY_CLOCK_OFFSET_MS";

  /** The system's clock, unshifted: the relay's, and the one measurements compare against. */
  public static final Clock TRUE = new Clock(0);

  private final double shiftMs;

  private Clock(double shiftMs) {
    this.shiftMs = shiftMs;
  }

  /** The true clock shifted by {@code shiftMs}. */
  public static Clock shifted(double shiftMs) {
    if (!Double.isFinite(shiftMs)) {
      throw new IllegalArgumentException("clock shift must be a finite number of ms: " + shiftMs);
    }
    return shiftMs == 0 ? TRUE : new Clock(shiftMs);
  }

  /**
   * A peer's own clock: the true clock shifted by {@code $JAM_CLOCK_OFFSET_MS} when it is set.
   *
   * @throws IllegalArgumentException when the variable is set but is not a number of ms
   */
  public static Clock ofPeer(String offsetVariable) {
    return of(OFFSET_VARIABLE, offsetVariable);
  }

  /**
   * The true clock shifted by {@code value}, the value of the environment variable {@code variable}
   * (or the true clock when it is not set).
   *
   * @throws IllegalArgumentException when the value is not a number of ms within a day
   */
  public static Clock of(String variable, String value) {
    String offsetVariable = value;
    if (offsetVariable == null || offsetVariable.isBlank()) {
      return TRUE;
    }
    double shift;
    try {
      shift = Double.parseDouble(offsetVariable.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          variable + " must be a number of ms, not '" + offsetVariable + "'");
    }
    if (!Double.isFinite(shift) || Math.abs(shift) > 86_400_000) {
      throw new IllegalArgumentException(
          variable + " must be within a day's ms, not '" + offsetVariable + "'");
    }
    return shifted(shift);
  }

  /** Now, in ms since the Unix epoch. */
  public double now() {
    return at(System.nanoTime());
  }

  /** The time on this clock at {@code nanos}, a {@link System#nanoTime()}. */
  public double at(long nanos) {
    return BASE_MS + (nanos - BASE_NANOS) / 1e6 + shiftMs;
  }

  /** The {@link System#nanoTime()} at which this clock reads {@code ms}. */
  public long nanosAt(double ms) {
    return BASE_NANOS + Math.round((ms - shiftMs - BASE_MS) * 1e6);
  }

  /** How far this clock is from {@link #TRUE}, in ms. */
  public double shiftMs() {
    return shiftMs;
  }
}
