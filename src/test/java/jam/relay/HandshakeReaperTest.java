package jam.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which waiting handshakes the reaper closes or wakes, on a clock the test sets. */
class HandshakeReaperTest {
  private static final long TIMEOUT = 10_000;

  /** A connection waiting for its handshake, its state set by the test. */
  private static final class Waiting implements HandshakeReaper.Pending {
    final String name;
    final long accepted;
    boolean refusalSent;
    boolean open = true;
    boolean eofPastGrace;

    Waiting(String name, long accepted) {
      this.name = name;
      this.accepted = accepted;
    }

    @Override
    public long acceptedNanos() {
      return accepted;
    }

    @Override
    public boolean refusalSent() {
      return refusalSent;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public boolean heldEofPastGrace(long nowNanos) {
      return eofPastGrace;
    }
  }

  private final List<String> done = new ArrayList<>();
  private final HandshakeReaper<Waiting> reaper =
      new HandshakeReaper<>(
          TIMEOUT,
          new HandshakeReaper.Actions<>() {
            @Override
            public void close(Waiting w, boolean timedOut) {
              done.add((timedOut ? "timed out " : "closed ") + w.name);
            }

            @Override
            public void wake(Waiting w) {
              done.add("woke " + w.name);
            }
          });

  @Test
  void aHandshakeIsClosedOnceItsTimeIsUpAndOnlyOnce() {
    Waiting slow = new Waiting("slow", 1_000);
    reaper.add(slow);
    reaper.expire(1_000 + TIMEOUT);
    assertEquals(List.of(), done, "not before its time is up");
    reaper.expire(1_001 + TIMEOUT);
    reaper.expire(5_000 + TIMEOUT);
    assertEquals(List.of("timed out slow"), done);
    assertEquals(0, reaper.size());
  }

  @Test
  void aCompletedHandshakeIsNotTheReapersAnyMore() {
    Waiting quick = new Waiting("quick", 0);
    reaper.add(quick);
    reaper.remove(quick);
    reaper.expire(10 * TIMEOUT);
    assertEquals(List.of(), done);
  }

  @Test
  void aRefusalThatWentOutAndAClosedConnectionGoAtOnceAndAreNotReportedAsTimeouts() {
    Waiting refused = new Waiting("refused", 0);
    Waiting closed = new Waiting("closed", 0);
    Waiting refusing = new Waiting("refusing", 0);
    reaper.add(refused);
    reaper.add(closed);
    reaper.add(refusing);
    refused.refusalSent = true;
    closed.open = false;
    reaper.expire(1);
    assertEquals(List.of("closed closed", "closed refused"), done.stream().sorted().toList());
    assertEquals(1, reaper.size(), "a refusal not yet written waits");
  }

  @Test
  void aPeerThatShutItsSideIsWokenOnceItsHoldIsOverUntilItGoes() {
    Waiting shut = new Waiting("shut", 0);
    reaper.add(shut);
    shut.eofPastGrace = true;
    reaper.expire(1);
    reaper.expire(2);
    assertEquals(List.of("woke shut", "woke shut"), done);
    shut.open = false; // the selector read the end again and closed it
    reaper.expire(3);
    assertEquals(List.of("woke shut", "woke shut", "closed shut"), done);
  }
}
