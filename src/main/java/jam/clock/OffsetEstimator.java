package jam.clock;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Estimates the offset between a peer's clock and its relay's from ping/pong samples, and the drift
 * between them (their rates differ by some ppm).
 *
 * <p>Each sample gives {@code up = t1 - t0}, the offset plus the way there, and {@code down = t3 -
 * t2}, the way back minus the offset. Delays have a floor and only add jitter above it, so the
 * smallest {@code up} and the smallest {@code down} in a window are each close to their floor: the
 * offset is half their difference. Unlike the sample with the shortest round trip (IRCAM's sync,
 * NTP's clock filter), which needs both directions to be quick in the same exchange, each
 * direction's minimum is taken on its own, so with n samples the error shrinks as 1/n rather than
 * 1/√n. A constant difference between the two directions' floors cannot be seen by any round-trip
 * method: it shifts the estimate by half that difference.
 *
 * <p>Drift: with samples spanning at least {@link #DRIFT_SPAN_MS}, the window is cut into four
 * parts in time (each long enough for its minima to be good), each gives its own offset, and the
 * slope through them is the drift (at most ±{@link #MAX_DRIFT}); the offset is then taken over the
 * whole window with the drift taken out.
 *
 * <p>Not thread safe: one owner feeds it and reads estimates.
 */
public final class OffsetEstimator {
  /** Samples kept: the last ones win. */
  public static final int WINDOW = 240;

  /** Samples older than this (on the local clock, from the newest) are dropped. */
  static final double MAX_AGE_MS = 180_000;

  /** Shortest span of samples from which a drift is estimated. */
  static final double DRIFT_SPAN_MS = 60_000;

  /** Quartz clocks differ by tens of ppm; a larger slope is noise, not drift. */
  static final double MAX_DRIFT = 200e-6;

  /** A round trip longer than this is not a sample worth keeping. */
  static final double MAX_RTT_MS = 5_000;

  /**
   * One exchange: t0 sent and t3 received on the local clock; t1 received and t2 sent on the
   * relay's.
   */
  public record Sample(double t0, double t1, double t2, double t3) {
    double up() {
      return t1 - t0;
    }

    double down() {
      return t3 - t2;
    }

    double rtt() {
      return (t3 - t0) - (t2 - t1);
    }

    double mid() {
      return (t0 + t3) / 2;
    }
  }

  /**
   * The relay's clock as a function of the local one: {@code relay = local + offset + drift ×
   * (local − ref)}.
   *
   * @param offsetMs relay minus local at {@code refMs}
   * @param drift the relay clock's rate minus the local one's (0.00001 is 10 ppm)
   * @param refMs the local time the offset is stated at (the newest sample's)
   * @param rttMs the shortest round trip in the window
   * @param accuracyMs how far off the estimate probably is: the gap between the smallest and second
   *     smallest value of each direction, averaged (an estimate, not a bound)
   * @param samples samples in the window
   */
  public record Estimate(
      double offsetMs, double drift, double refMs, double rttMs, double accuracyMs, int samples) {
    /** The relay's time when the local clock reads {@code localMs}. */
    public double relayTime(double localMs) {
      return localMs + offsetMs + drift * (localMs - refMs);
    }

    /** The local time at which the relay's clock reads {@code relayMs}. */
    public double localTime(double relayMs) {
      return (relayMs - offsetMs + drift * refMs) / (1 + drift);
    }
  }

  private final Deque<Sample> window = new ArrayDeque<>(WINDOW + 1);

  /** Adds one exchange; false (and nothing kept) when its times cannot be right. */
  public boolean add(Sample s) {
    double rtt = s.rtt();
    if (!(rtt >= 0) || rtt > MAX_RTT_MS || !(s.t2() >= s.t1()) || !(s.t3() >= s.t0())) {
      return false;
    }
    window.addLast(s);
    while (window.size() > WINDOW || s.mid() - window.peekFirst().mid() > MAX_AGE_MS) {
      window.removeFirst();
    }
    return true;
  }

  /** Forgets every sample. */
  public void clear() {
    window.clear();
  }

  public int size() {
    return window.size();
  }

  /** The estimate from the samples kept, or null when there are none. */
  public Estimate estimate() {
    if (window.isEmpty()) {
      return null;
    }
    Sample[] samples = window.toArray(new Sample[0]);
    double ref = samples[samples.length - 1].mid();
    double drift = drift(samples);
    double minUp = Double.POSITIVE_INFINITY;
    double nextUp = Double.POSITIVE_INFINITY;
    double minDown = Double.POSITIVE_INFINITY;
    double nextDown = Double.POSITIVE_INFINITY;
    double minRtt = Double.POSITIVE_INFINITY;
    for (Sample s : samples) {
      double shift = drift * (s.mid() - ref);
      double up = s.up() - shift;
      double down = s.down() + shift;
      if (up < minUp) {
        nextUp = minUp;
        minUp = up;
      } else if (up < nextUp) {
        nextUp = up;
      }
      if (down < minDown) {
        nextDown = minDown;
        minDown = down;
      } else if (down < nextDown) {
        nextDown = down;
      }
      minRtt = Math.min(minRtt, s.rtt());
    }
    double offset = (minUp - minDown) / 2;
    double accuracy =
        samples.length < 2 ? minRtt / 2 : ((nextUp - minUp) + (nextDown - minDown)) / 2;
    return new Estimate(offset, drift, ref, minRtt, Math.min(accuracy, minRtt / 2), samples.length);
  }

  /**
   * The slope of the offset through four parts of the window, or 0 when the window is too short.
   */
  private static double drift(Sample[] samples) {
    int n = samples.length;
    if (n < 64 || samples[n - 1].mid() - samples[0].mid() < DRIFT_SPAN_MS) {
      return 0;
    }
    int parts = 4;
    double[] times = new double[parts];
    double[] offsets = new double[parts];
    for (int p = 0; p < parts; p++) {
      int from = p * n / parts;
      int to = (p + 1) * n / parts;
      double minUp = Double.POSITIVE_INFINITY;
      double minDown = Double.POSITIVE_INFINITY;
      double sumMid = 0;
      for (int i = from; i < to; i++) {
        minUp = Math.min(minUp, samples[i].up());
        minDown = Math.min(minDown, samples[i].down());
        sumMid += samples[i].mid();
      }
      times[p] = sumMid / (to - from);
      offsets[p] = (minUp - minDown) / 2;
    }
    double meanT = 0;
    double meanO = 0;
    for (int p = 0; p < parts; p++) {
      meanT += times[p] / parts;
      meanO += offsets[p] / parts;
    }
    double num = 0;
    double den = 0;
    for (int p = 0; p < parts; p++) {
      num += (times[p] - meanT) * (offsets[p] - meanO);
      den += (times[p] - meanT) * (times[p] - meanT);
    }
    double slope = den == 0 ? 0 : num / den;
    return Math.max(-MAX_DRIFT, Math.min(MAX_DRIFT, slope));
  }
}
