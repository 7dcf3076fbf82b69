package jam.testing;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Awaitility as jam's tests use it, for a state that other threads or processes change: the
 * condition is checked at once, then every 10 ms, and the wait fails after the limit given
 * (generous: these are not speed tests). Where the change is an event a test can wait on (a queue,
 * a future, a line a process prints), waiting on that is better. Stateless.
 */
public final class Wait {
  private Wait() {}

  /** A condition factory: {@code Wait.atMost(limit).until(...)}. */
  public static ConditionFactory atMost(Duration limit) {
    return Awaitility.await()
        .atMost(limit)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10));
  }
}
