package jam.relay;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which thread decodes a read. Each connection is given one decoder thread, in turn, and keeps it,
 * so that a peer's messages are relayed in the order it sent them; each decoder counts the reads
 * handed to it and not yet decoded (its backlog). A read is decoded on the selector thread itself
 * when its decoder has none queued, the connection is plain, and no other key of the same select
 * round has data to read. Plain Java over NIO keys. {@link #assign} and {@link #decodeOnSelector}
 * on the selector thread; the backlogs are counted down by whichever thread decodes.
 *
 * <p>Why the selector: a lone read (a bang, a fixed-rate sender, one sender at full speed) is then
 * decoded and fanned out with no hand-over to another thread and its wake-up, as Node's relay does.
 * While it does, nothing else is read; when several peers send at once, their reads go to the
 * decoders, which batch what several peers sent ({@link FanOutBatch}). A connection's reads stay in
 * order: one is decoded on the selector only when its decoder has none queued, and the next is read
 * only after it. TLS reads need the library's follow-up reads, which only the decoders' path keeps.
 */
final class DecoderScheduler {
  private final AtomicInteger[] backlogs;
  private final boolean onSelector;

  /** The decoder the next new connection goes to. */
  private int next;

  /**
   * @param decoders decoder threads
   * @param onSelector whether a read may be decoded on the selector at all
   */
  DecoderScheduler(int decoders, boolean onSelector) {
    this.backlogs = new AtomicInteger[decoders];
    for (int i = 0; i < decoders; i++) {
      backlogs[i] = new AtomicInteger();
    }
    this.onSelector = onSelector;
  }

  /** The decoder for a new connection: each in turn. */
  int assign() {
    int i = next;
    next = (i + 1) % backlogs.length;
    return i;
  }

  /** Decoder {@code i}'s backlog: reads handed to it and not yet decoded. */
  AtomicInteger backlog(int i) {
    return backlogs[i];
  }

  /**
   * Counts one read of {@code key}'s connection in {@code backlog}; true when the selector decodes
   * it itself (and counts it down when done), false when it goes to the decoder.
   *
   * @param plain false for TLS connections
   */
  boolean decodeOnSelector(AtomicInteger backlog, boolean plain, SelectionKey key) {
    boolean decoderIdle = backlog.incrementAndGet() == 1;
    return decoderIdle && onSelector && plain && !othersReadable(key);
  }

  /**
   * True when another key of this select round has data to read: then this read goes to its
   * decoder, so that the selector reads on and the decoders batch what several peers sent.
   */
  static boolean othersReadable(SelectionKey mine) {
    try {
      for (SelectionKey k : mine.selector().selectedKeys()) {
        if (k != mine && k.isValid() && (k.readyOps() & SelectionKey.OP_READ) != 0) {
          return true;
        }
      }
      return false;
    } catch (CancelledKeyException e) {
      return true;
    }
  }
}
