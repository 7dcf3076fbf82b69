package jam.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How a relay judges another's clock from the answers to its probes. */
class RelayClocksTest {
  /**
   * An answer from a relay whose clock is {@code offset} ahead: the probe takes {@code out} ms to
   * get there, the answer {@code back} ms to return, both sent at once.
   */
  private static RelayClocks.Verdict answer(
      RelayClocks clocks, double t0, double offset, double out, double back) {
    double t1 = t0 + out + offset;
    return clocks.answer("b", t0, t1, t1, t0 + out + back);
  }

  @Test
  void theFirstVerdictWaitsForEnoughAnswersAndTakesTheShortestRoundTrip() {
    RelayClocks clocks = new RelayClocks();
    assertTrue(clocks.settling());
    // a slow, lopsided first answer says +45 ms; the quick ones that follow, +40
    assertNull(answer(clocks, 0, 40, 10, 0));
    assertEquals(45, clocks.offset("b"), 1e-9);
    for (int i = 1; i < RelayClocks.FIRST_VERDICT - 1; i++) {
      assertNull(answer(clocks, 1000 * i, 40, 3, 1));
    }
    assertTrue(clocks.settling());
    RelayClocks.Verdict v = answer(clocks, 5000, 40, 0.2, 0.2);
    assertNotNull(v);
    assertTrue(v.beyond());
    assertEquals(40, v.offsetMs(), 1e-9);
    assertEquals(0.2, v.errorMs(), 1e-9);
    assertFalse(clocks.settling());
  }

  @Test
  void theTruthIsWithinTheStatedErrorHoweverLopsidedTheTrip() {
    RelayClocks clocks = new RelayClocks();
    RelayClocks.Verdict v = null;
    for (int i = 0; i < RelayClocks.FIRST_VERDICT; i++) {
      v = answer(clocks, 1000 * i, 40, 2.5, 0.1);
    }
    assertNotNull(v);
    assertEquals(40, v.offsetMs(), v.errorMs() + 1e-9);
    assertTrue(Math.abs(v.offsetMs() - 40) > 1, "a lopsided trip moves the estimate");
  }

  @Test
  void anOffsetThatOnlyItsErrorTakesBeyondTheBoundIsNotSaid() {
    RelayClocks clocks = new RelayClocks();
    // a busy host: every trip 14 ms, the way there 10 ms longer than the way back
    for (int i = 0; i < RelayClocks.SAMPLES; i++) {
      assertNull(answer(clocks, 1000 * i, 0, 12, 2));
    }
    assertEquals(5, clocks.offset("b"), 1e-9);
  }

  @Test
  void crossingTheBoundIsSaidOnceEachWay() {
    RelayClocks clocks = new RelayClocks();
    for (int i = 0; i < RelayClocks.FIRST_VERDICT - 1; i++) {
      assertNull(answer(clocks, 1000 * i, 0.5, 0.3, 0.3));
    }
    assertNull(answer(clocks, 4000, 0.5, 0.3, 0.3), "within the bound from the start: nothing");
    RelayClocks.Verdict out = firstVerdict(clocks, 5, 10, 0.1);
    assertTrue(out.beyond());
    assertNull(answer(clocks, 20_000, 10, 0.1, 0.1), "said once");
    RelayClocks.Verdict back = firstVerdict(clocks, 21, 0.5, 0.05);
    assertFalse(back.beyond());
  }

  /**
   * The verdict of the first of up to {@link RelayClocks#SAMPLES} answers, one a second from second
   * {@code from}, of a relay {@code offset} ahead with trips of {@code oneWay} each way.
   */
  private static RelayClocks.Verdict firstVerdict(
      RelayClocks clocks, int from, double offset, double oneWay) {
    for (int i = from; i < from + RelayClocks.SAMPLES; i++) {
      RelayClocks.Verdict v = answer(clocks, 1000 * i, offset, oneWay, oneWay);
      if (v != null) {
        return v;
      }
    }
    throw new AssertionError("no verdict from second " + from);
  }

  @Test
  void aRelayForgottenIsJudgedAfreshAndANonsenseAnswerIsIgnored() {
    RelayClocks clocks = new RelayClocks();
    assertNull(clocks.answer("b", 10, 5, 5, 9), "a negative round trip");
    assertNull(clocks.answer("b", 10, Double.NaN, 5, 20));
    assertTrue(Double.isNaN(clocks.offset("b")));
    for (int i = 0; i < RelayClocks.FIRST_VERDICT; i++) {
      answer(clocks, 1000 * i, 40, 0.1, 0.1);
    }
    clocks.forget("b");
    assertTrue(Double.isNaN(clocks.offset("b")));
    assertNull(answer(clocks, 9000, 40, 0.1, 0.1), "a first answer again");
  }
}
