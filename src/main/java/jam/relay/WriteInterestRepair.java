package jam.relay;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.util.function.Consumer;
import org.java_websocket.WebSocket;

/**
 * Gives interest back to peers that Java-WebSocket's selector left without it. Its selector sets a
 * key back to read-only once the library's queue is empty: a frame the relay queued between that
 * check and the reset, or relayed frames still queued when a library frame finished, would wait for
 * the next write. And a key whose end of stream is held ({@link HeldEndOfStream}) reads nothing
 * until its hold is due. The relay runs {@link #repair} every {@link #PERIOD_MILLIS} on its own
 * thread; the rule ({@link #needsWake}) is plain NIO.
 */
final class WriteInterestRepair {
  /** How often interest lost to a selector race is restored. */
  static final long PERIOD_MILLIS = 20;

  private WriteInterestRepair() {}

  /** Asks for a writable event (which gives read interest back too) for each peer that needs it. */
  static void repair(Peer[] peers, long nowNanos, Consumer<WebSocket> writeDemand) {
    for (Peer peer : peers) {
      PeerChannel ch = peer.channel;
      if (needsWake(
          ch.heldEofDue(nowNanos), ch.writesWaiting(), peer.connection.getSelectionKey())) {
        writeDemand.accept(peer.connection);
      }
    }
  }

  /**
   * True when a peer's {@code key} must be given its interest back: its held end of stream is due
   * ({@code heldEofDue}: the selector then reads the end again and closes), or frames wait for the
   * socket ({@code writesWaiting}) and the key has lost its write interest. A cancelled key never:
   * its close handling clears the queue.
   */
  static boolean needsWake(boolean heldEofDue, boolean writesWaiting, SelectionKey key) {
    if (heldEofDue) {
      return true;
    }
    if (!writesWaiting || key == null) {
      return false;
    }
    try {
      return key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) == 0;
    } catch (CancelledKeyException e) {
      return false;
    }
  }
}
