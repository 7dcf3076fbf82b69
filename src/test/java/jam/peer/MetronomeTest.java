package jam.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metronome against a fake clock: no sleeps, exact times. */
class MetronomeTest {
  private static final long MS = 1_000_000;

  /** A clock that oversleeps every wait by {@code overshoot} and charges {@code cost} per tick. */
  private static final class FakeClock implements Metronome.Clock {
    long now = 1_000 * MS;
    final long overshoot;
    final List<Long> parkedUntil = new ArrayList<>();

    FakeClock(long overshoot) {
      this.overshoot = overshoot;
    }

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void parkUntil(long deadline) {
      parkedUntil.add(deadline);
      now = Math.max(now, deadline + overshoot);
    }
  }

  @Test
  void deadlinesComeFromTheStartSoLatenessDoesNotAccumulate() throws Exception {
    FakeClock clock = new FakeClock(3 * MS);
    List<Long> ticks = new ArrayList<>();
    int ran =
        Metronome.run(
            5,
            300 * MS,
            clock,
            i -> {
              ticks.add(clock.now);
              clock.now += 4 * MS; // the send itself takes time
              return true;
            });
    assertEquals(5, ran);
    long start = 1_000 * MS;
    assertEquals(
        List.of(start + 300 * MS, start + 600 * MS, start + 900 * MS, start + 1200 * MS),
        clock.parkedUntil);
    // the first at once, then each 3 ms (one oversleep) late, never 7 ms more per tick
    assertEquals(
        List.of(start, start + 303 * MS, start + 603 * MS, start + 903 * MS, start + 1203 * MS),
        ticks);
  }

  @Test
  void aTickThatRanLongDelaysOnlyItself() throws Exception {
    FakeClock clock = new FakeClock(0);
    List<Long> ticks = new ArrayList<>();
    Metronome.run(
        5,
        100 * MS,
        clock,
        i -> {
          ticks.add(clock.now - 1_000 * MS);
          clock.now += i == 1 ? 250 * MS : 0; // stuck for 2.5 intervals
          return true;
        });
    assertEquals(
        List.of(0L, 100 * MS, 350 * MS, 350 * MS, 400 * MS),
        ticks); // those due at once, then on time
  }

  @Test
  void aTickReturningFalseStopsIt() throws Exception {
    FakeClock clock = new FakeClock(0);
    assertEquals(2, Metronome.run(10, 100 * MS, clock, i -> i < 1));
    assertEquals(1, clock.parkedUntil.size());
  }

  @Test
  void oneTickDoesNotWait() throws Exception {
    FakeClock clock = new FakeClock(0);
    assertEquals(1, Metronome.run(1, 100 * MS, clock, i -> true));
    assertEquals(List.of(), clock.parkedUntil);
  }
}
