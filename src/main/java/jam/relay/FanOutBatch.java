package jam.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The outboxes a decoder thread has queued frames in during a batch (see {@link BatchingDraft}), to
 * be flushed when the batch ends. Per thread: each decoder thread has its own state.
 */
final class FanOutBatch {
  private static final class State {
    boolean open;
    final List<Outbox> dirty = new ArrayList<>();
  }

  private final ThreadLocal<State> state = ThreadLocal.withInitial(State::new);
  private volatile Consumer<Outbox> flush = o -> {};

  /** Sets what writes an outbox's frames (or asks the selector to); once, before connections. */
  void flushWith(Consumer<Outbox> f) {
    this.flush = f;
  }

  void begin() {
    state.get().open = true;
  }

  /** True when this thread is in a batch: queue, and {@link #add} the outbox, instead of writing. */
  boolean isOpen() {
    return state.get().open;
  }

  void add(Outbox outbox) {
    state.get().dirty.add(outbox);
  }

  /** Ends this thread's batch, if any, flushing every outbox it touched once. */
  void end() {
    State s = state.get();
    if (!s.open) {
      return;
    }
    s.open = false;
    List<Outbox> dirty = s.dirty;
    Consumer<Outbox> flush = this.flush;
    for (int i = 0; i < dirty.size(); i++) {
      Outbox o = dirty.get(i);
      if (o.unmarkBatched()) {
        flush.accept(o);
      }
    }
    dirty.clear();
  }
}
