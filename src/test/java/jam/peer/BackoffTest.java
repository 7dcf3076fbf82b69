package jam.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesFromAQuarterSecondToTenSecondsWithJitterInTheUpperHalf() {
    Backoff b = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10), new Random(42));
    long[] ceilings = {250, 500, 1000, 2000, 4000, 8000, 10000, 10000, 10000};
    for (long ceiling : ceilings) {
      long wait = b.next().toMillis();
      assertTrue(
          wait >= ceiling / 2 && wait <= ceiling,
          wait + " not in [" + ceiling / 2 + ", " + ceiling + "]");
    }
    b.reset();
    assertTrue(b.next().toMillis() <= 250);
  }

  @Test
  void jitterSpreadsPeersApart() {
    Backoff one = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10), new Random(1));
    Backoff two = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10), new Random(2));
    int same = 0;
    for (int i = 0; i < 8; i++) {
      if (one.next().equals(two.next())) {
        same++;
      }
    }
    assertTrue(same < 8);
  }

  @Test
  void theCeilingNeverOverflows() {
    Backoff b = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10), new Random(3));
    assertEquals(10_000, b.ceilingMillis(1000));
  }
}
