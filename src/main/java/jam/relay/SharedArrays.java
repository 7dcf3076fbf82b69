package jam.relay;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The track arrays one peer has shared, as encoded frames, kept only while it is connected so that a
 * newcomer can be handed them instead of asking every peer again. Distinct arrays only, at most
 * {@link #MAX_ARRAYS} and a byte budget, oldest dropped first: a peer's answer to {@code collect} is its
 * whole store, so the latest few arrays hold all it shared; a peer that streams arrays (a load
 * generator) costs a bounded, small amount per message. Guarded by this.
 */
final class SharedArrays {
  static final int MAX_ARRAYS = 8;
  private final long budget;
  private final ArrayDeque<ByteBuffer> frames = new ArrayDeque<>();
  private long bytes;

  SharedArrays(long budget) {
    this.budget = budget;
  }

  /** True when {@code text} is a JSON array by its first character, the tutorial's track payload. */
  static boolean looksLikeArray(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '[') {
        return true;
      }
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return false;
      }
    }
    return false;
  }

  /** Keeps {@code frame} (shared, read only) unless an identical one is kept already. */
  synchronized void remember(ByteBuffer frame) {
    for (ByteBuffer kept : frames) {
      if (kept.equals(frame)) {
        return;
      }
    }
    frames.addLast(frame);
    bytes += frame.remaining();
    while ((bytes > budget || frames.size() > MAX_ARRAYS) && frames.size() > 1) {
      bytes -= frames.pollFirst().remaining();
    }
  }

  synchronized List<ByteBuffer> frames() {
    return List.copyOf(frames);
  }
}
