package jam.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of {@code bench/timing.sh}, with a generous bound: 4 peers behind 5 to 80 ms of
 * delay (±10 ms jitter each way) with clocks off by up to ±500 ms play 10 scheduled bangs within 5
 * ms of each other. Without sync the spread is the clocks' differences (up to a second), so this
 * fails when sync does.
 */
class TimingIT {
  @Test
  void scheduledBangsSoundTogetherOnPeersWithWrongClocksAndDifferentNetworks(@TempDir Path dir)
      throws Exception {
    TimingRun.Config c = new TimingRun.Config(4, 10, 250, 500, 5, 80, 10, 0, true, 6_000, 7);
    TimingRun.Result r = TimingRun.run(c, dir);
    assertEquals(List.of(), r.problems());
    assertEquals(0, r.late(), r.toJson());
    assertTrue(r.spread(0.99) <= 5, r.toJson());
    assertTrue(r.absError(0.99) <= 5, "each bang within 5 ms of its time: " + r.toJson());
  }
}
