package jam.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClockTest {
  @Test
  void theTrueClockIsTheSystemsToAMillisecond() {
    assertEquals(System.currentTimeMillis(), Clock.TRUE.now(), 2);
  }

  @Test
  void aShiftedClockReadsAheadAndMapsBack() {
    Clock c = Clock.ofPeer("-250.5");
    long nanos = System.nanoTime();
    assertEquals(Clock.TRUE.at(nanos) - 250.5, c.at(nanos), 1e-6);
    assertEquals(nanos, c.nanosAt(c.at(nanos)), 1_000);
  }

  @Test
  void anUnsetOrBadVariable() {
    assertEquals(Clock.TRUE, Clock.ofPeer(null));
    assertEquals(Clock.TRUE, Clock.ofPeer(" "));
    assertThrows(IllegalArgumentException.class, () -> Clock.ofPeer("soon"));
    assertThrows(IllegalArgumentException.class, () -> Clock.ofPeer("NaN"));
    assertThrows(IllegalArgumentException.class, () -> Clock.ofPeer("1e12"));
  }
}
