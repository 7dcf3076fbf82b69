package jam.relay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The hold on a peer's end of stream, on a clock the test sets. */
class HeldEndOfStreamTest {
  private static final long GRACE = HeldEndOfStream.GRACE_NANOS;

  @Test
  void anEndOfStreamIsHeldForTheGraceFromWhenItWasFirstRead() {
    HeldEndOfStream held = new HeldEndOfStream();
    long t = 5_000_000_000L;
    assertTrue(held.hold(t));
    assertTrue(held.hold(t + GRACE - 1), "read again within the grace: still held");
    assertFalse(held.pastGrace(t + GRACE - 1));
    assertTrue(held.pastGrace(t + GRACE));
    assertFalse(held.hold(t + GRACE), "the grace counts from the first read, not the latest");
  }

  @Test
  void aHeldEndIsDueWhenTheConnectionClosesMeanwhileOrAtTheEndOfTheGrace() {
    HeldEndOfStream held = new HeldEndOfStream();
    long t = 7;
    assertFalse(held.due(t, false), "nothing held: nothing due, open or not");
    assertFalse(held.pastGrace(t + 10 * GRACE));
    held.hold(t);
    assertFalse(held.due(t + 1, true));
    assertTrue(held.due(t + 1, false), "its close frame was decoded: the end goes through at once");
    assertTrue(held.due(t + GRACE, true), "no close frame came");
  }
}
