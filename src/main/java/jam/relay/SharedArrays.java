package jam.relay;

import jam.track.Payload;
import jam.track.Track;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The track arrays one peer has shared, as encoded frames, kept only while it is connected so that
 * a newcomer can be handed them instead of asking every peer again. Distinct arrays only, at most
 * {@link #MAX_ARRAYS} and a byte budget, the least recently shared dropped first: a peer's answer
 * to {@code collect} is its whole store (jam sends a store larger than one message as several
 * arrays, and again whole when it changes, so a part that did not change is shared again and
 * stays), and the latest few arrays hold all it shared; a peer that streams arrays (a load
 * generator) costs a bounded, small amount per message. The budget is the relay's (see {@link
 * #budget}). Guarded by this.
 */
final class SharedArrays {
  static final int MAX_ARRAYS = 8;

  /**
   * What all peers' kept arrays may take together, beyond one message each (see {@link #budget}).
   */
  static final long TOTAL_BYTES = 64L << 20;

  private final ArrayDeque<ByteBuffer> frames = new ArrayDeque<>();
  private long bytes;

  /**
   * What one of {@code peers} connected peers may keep: an equal share of {@link #TOTAL_BYTES}, and
   * at least one message of {@code maxMessage} bytes. A few peers can keep large stores whole (a
   * store of 3 MiB sent in 1 MiB parts); 10,000 peers keep at most one message each.
   */
  static long budget(int peers, long maxMessage) {
    return Math.max(maxMessage, TOTAL_BYTES / Math.max(1, peers));
  }

  /**
   * Keeps {@code frame} (shared, read only) as the most recently shared array, within {@code
   * budget} bytes; an identical one kept already only becomes the most recent.
   */
  synchronized void remember(ByteBuffer frame, long budget) {
    for (Iterator<ByteBuffer> it = frames.iterator(); it.hasNext(); ) {
      ByteBuffer kept = it.next();
      if (kept.equals(frame)) {
        it.remove();
        frames.addLast(kept);
        return;
      }
    }
    frames.addLast(frame);
    bytes += frame.remaining();
    trim(budget);
  }

  /**
   * The kept arrays, the least recently shared first, after dropping what is over {@code budget}:
   * it shrinks as peers join, so that all peers' arrays together stay within it.
   */
  synchronized List<ByteBuffer> frames(long budget) {
    trim(budget);
    return List.copyOf(frames);
  }

  /** Forgets every kept array: the peer removed tracks and shares its store again. */
  synchronized void clear() {
    frames.clear();
    bytes = 0;
  }

  /**
   * The ids ({@link Track#key()}) of the tracks in the kept arrays, each once, at most {@code max}:
   * read only when the peer leaves, for its {@code left}.
   */
  List<String> trackIds(int max) {
    List<ByteBuffer> kept;
    synchronized (this) {
      kept = List.copyOf(frames);
    }
    Set<String> ids = new LinkedHashSet<>();
    for (ByteBuffer frame : kept) {
      for (Track t : Payload.decode(Frames.payload(frame)).tracks()) {
        if (ids.size() >= max) {
          return List.copyOf(ids);
        }
        ids.add(t.key());
      }
    }
    return List.copyOf(ids);
  }

  private void trim(long budget) {
    while ((bytes > budget || frames.size() > MAX_ARRAYS) && frames.size() > 1) {
      bytes -= frames.pollFirst().remaining();
    }
  }
}
