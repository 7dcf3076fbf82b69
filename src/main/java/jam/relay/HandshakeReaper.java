package jam.relay;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections accepted whose WebSocket (or TLS) handshake has not completed, and the rule that
 * closes them: idle sockets, and TLS handshakes that never finish (Java-WebSocket's issue 896:
 * those keep the selector busy). Plain Java. Thread safe: {@link #add} and {@link #remove} from any
 * thread, {@link #expire} from one thread at a time.
 *
 * <p>At each {@link #expire}, a connection goes when its time is up ({@code timedOut}), when it was
 * refused and the refusal has gone out whole, or when it is closed already; one whose peer shut its
 * side (a health check, a port scan), its end of stream held ({@link HeldEndOfStream}), is woken
 * once the hold's grace is over, so that the selector reads the end again and closes it: a second
 * after, not at the handshake timeout.
 *
 * @param <P> the connection
 */
final class HandshakeReaper<P extends HandshakeReaper.Pending> {
  /** A connection waiting for its handshake. */
  interface Pending {
    /** When it was accepted, by {@link System#nanoTime}. */
    long acceptedNanos();

    /** True once its refusal has gone out whole. */
    boolean refusalSent();

    boolean isOpen();

    /** True when its end of stream has been held for the whole grace. */
    boolean heldEofPastGrace(long nowNanos);
  }

  /** What the reaper does with a connection. */
  interface Actions<P> {
    /** Closes it; {@code timedOut} when it was open and unrefused (the owner reports that). */
    void close(P connection, boolean timedOut);

    /** Gives it read interest back, to read its held end of stream. */
    void wake(P connection);
  }

  private final Set<P> pending = ConcurrentHashMap.newKeySet();
  private final long timeoutNanos;
  private final Actions<P> actions;

  HandshakeReaper(long timeoutNanos, Actions<P> actions) {
    this.timeoutNanos = timeoutNanos;
    this.actions = actions;
  }

  /** A connection accepted. */
  void add(P connection) {
    pending.add(connection);
  }

  /** A connection whose handshake completed. */
  void remove(P connection) {
    pending.remove(connection);
  }

  int size() {
    return pending.size();
  }

  /**
   * Closes and forgets the connections that are done waiting at {@code nowNanos}; wakes those to
   * wake.
   */
  void expire(long nowNanos) {
    if (pending.isEmpty()) {
      return;
    }
    for (P p : pending) {
      boolean refusedAndSent = p.refusalSent();
      boolean open = p.isOpen();
      if (nowNanos - p.acceptedNanos() > timeoutNanos || refusedAndSent || !open) {
        pending.remove(p);
        actions.close(p, !refusedAndSent && open);
      } else if (p.heldEofPastGrace(nowNanos)) {
        actions.wake(p);
      }
    }
  }
}
