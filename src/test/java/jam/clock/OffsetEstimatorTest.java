package jam.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The estimator on made-up exchanges: a relay clock {@code offset} ahead, delays with a floor and
 * jitter.
 */
class OffsetEstimatorTest {
  /**
   * Exchanges every {@code everyMs} from local time {@code start}; relay = local + offset +
   * drift·local.
   */
  private static OffsetEstimator feed(
      int n,
      double offset,
      double drift,
      double upMs,
      double downMs,
      double jitterMs,
      double everyMs,
      long seed) {
    OffsetEstimator e = new OffsetEstimator();
    SplittableRandom r = new SplittableRandom(seed);
    double t0 = 1_000_000;
    for (int i = 0; i < n; i++, t0 += everyMs) {
      double up = upMs + r.nextDouble() * jitterMs;
      double down = downMs + r.nextDouble() * jitterMs;
      double arrive = t0 + up;
      double t1 = arrive + offset + drift * arrive;
      double t2 = t1 + 0.05;
      double leave =
          t2
              - offset
              - drift * arrive; // local time at which the pong leaves (drift over 0.05 ms ignored)
      e.add(new OffsetEstimator.Sample(t0, t1, t2, leave + down));
    }
    return e;
  }

  @Test
  void nothingToEstimateFromNothing() {
    assertNull(new OffsetEstimator().estimate());
  }

  @Test
  void eachDirectionsMinimumFindsTheOffsetFarBetterThanTheJitter() {
    OffsetEstimator e = feed(100, -500.0, 0, 40, 40, 20, 250, 1);
    OffsetEstimator.Estimate est = e.estimate();
    assertEquals(-500.0, est.offsetMs(), 0.5, "error well under the ±10 ms jitter");
    assertEquals(80, est.rttMs(), 5);
    assertEquals(100, est.samples());
    assertTrue(est.accuracyMs() < 1, "accuracy " + est.accuracyMs());
  }

  @Test
  void aConstantAsymmetryShiftsTheEstimateByHalfOfIt() {
    OffsetEstimator.Estimate est = feed(200, 12.0, 0, 42, 38, 0.001, 250, 2).estimate();
    assertEquals(12.0 + 2, est.offsetMs(), 0.01);
  }

  @Test
  void driftIsFollowedOverALongWindow() {
    double drift = 50e-6; // 50 ppm: 3 ms a minute
    OffsetEstimator.Estimate est = feed(240, 100, drift, 10, 10, 2, 500, 3).estimate();
    assertEquals(drift, est.drift(), 10e-6);
    double local = est.refMs() + 1000;
    assertEquals(local + 100 + drift * local, est.relayTime(local), 0.2);
    assertEquals(local, est.localTime(est.relayTime(local)), 1e-6);
  }

  @Test
  void shortWindowsEstimateNoDrift() {
    assertEquals(0, feed(100, 0, 100e-6, 10, 10, 2, 250, 4).estimate().drift());
  }

  @Test
  void impossibleSamplesAreRefused() {
    OffsetEstimator e = new OffsetEstimator();
    assertFalse(e.add(new OffsetEstimator.Sample(10, 20, 19, 30)), "sent before received");
    assertFalse(e.add(new OffsetEstimator.Sample(10, 20, 21, 9)), "back before it left");
    assertFalse(e.add(new OffsetEstimator.Sample(0, 1, 2, 10_000)), "a round trip of 10 s");
    assertFalse(e.add(new OffsetEstimator.Sample(0, Double.NaN, 2, 3)));
    assertEquals(0, e.size());
  }

  @Test
  void theWindowKeepsTheNewest() {
    OffsetEstimator e = feed(OffsetEstimator.WINDOW + 50, 0, 0, 5, 5, 1, 100, 5);
    assertEquals(OffsetEstimator.WINDOW, e.size());
  }
}
