package jam.relay;

import java.nio.channels.SelectionKey;
import java.util.Set;
import org.java_websocket.WebSocketImpl;

/**
 * Takes keys out of the selector's selected set once Java-WebSocket's loop is done with them.
 *
 * <p>The library removes a key from the selected set only when it reads data from it. A key it
 * wrote to (every handshake response, every ping, every write the socket could not take at once)
 * stays in the set, with its old ready operations, until its peer next sends something: a peer that
 * only listens never does. Every later wake-up then visits all of those keys again, and asks each
 * one for writes it does not have. With 1,000 listeners that costs 0.4 ms before the relay reads a
 * message at all; Node's relay reads it at once (docs/performance.md, "Stale selected keys are
 * swept").
 *
 * <p>So after the loop, keys with nothing to write leave the set, as in a normal NIO loop. The
 * library's only hook there is its extra read for channels that ask for one ({@code isNeedRead});
 * an {@link PeerChannel} asks for it when the set holds keys after its read ({@link #due}), and its
 * {@code readMore} then sweeps the set ({@link #sweep}) and reads nothing. The selector reports a
 * key again as long as it is ready for what it is interested in, so no event is lost. Keys with
 * frames waiting stay, visited at every wake-up: the library sets a key back to read-only after
 * asking whether anything waits, and a decoder may queue a frame in between; a visit writes it (the
 * relay's 20 ms repair would too, but a peer's queue can pass its limit in that time). The extra
 * read takes one of the library's read buffers and gives it back, as its reads do. Selector thread
 * only.
 */
final class StaleKeys {
  private boolean due;

  /**
   * Set by a sweep: the library's extra read asks {@code isNeedRead} again right after it, and
   * another yes would loop there for as long as a key kept for its waiting frames stays (the
   * selector thread stuck, every handshake then timing out).
   */
  private boolean justSwept;

  /** Sweeps done (written by the selector thread only; read by tests). */
  private volatile long sweeps;

  /**
   * After a read that got data on {@code key}'s channel: true, once per wake-up, when the set holds
   * other keys. (A wake-up with no such read sweeps nothing; the next one that has one sweeps all.)
   */
  boolean due(SelectionKey key) {
    if (justSwept) {
      justSwept = false;
      return false;
    }
    if (due || key == null) {
      return false;
    }
    Set<SelectionKey> selected = key.selector().selectedKeys();
    due = !selected.isEmpty();
    return due;
  }

  /**
   * From the library's extra read, after its loop over the selected keys: removes those with
   * nothing to write.
   */
  void sweep(SelectionKey key) {
    if (!due) {
      return;
    }
    due = false;
    justSwept = true;
    if (key != null) {
      key.selector().selectedKeys().removeIf(StaleKeys::nothingToWrite);
      sweeps++; // one writer
    }
  }

  private static boolean nothingToWrite(SelectionKey k) {
    if (!k.isValid() || !(k.attachment() instanceof WebSocketImpl conn)) {
      return true;
    }
    return conn.outQueue.isEmpty()
        && !(conn.getChannel() instanceof PeerChannel c && c.isNeedWrite());
  }

  long sweeps() {
    return sweeps;
  }
}
