package jam.sound;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One {@link Score} handed to an {@link AudioEngine}: when it started, when it is over, and a way
 * to stop what has not started yet. Thread safe. The futures are the engine's own: wait on them,
 * never complete them. They complete on the engine's audio thread, so dependent actions must be
 * quick and never block, or use the {@code ...Async} variants.
 */
public final class Playback {
  private final Score score;
  private final long requestedNanos;
  private final Consumer<Playback> onCancel;
  private final CompletableFuture<Long> started = new CompletableFuture<>();
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private volatile boolean cancelled;

  /** Voices not yet ended; confined to the audio thread. */
  int remaining;

  Playback(Score score, long requestedNanos, Consumer<Playback> onCancel) {
    this.score = score;
    this.requestedNanos = requestedNanos;
    this.onCancel = onCancel;
  }

  /** A playback that never plays: the engine is closed, or the score is empty. */
  static Playback over(Score score) {
    Playback playback = new Playback(score, System.nanoTime(), p -> {});
    playback.end();
    return playback;
  }

  public Score score() {
    return score;
  }

  /**
   * The {@link System#nanoTime()} the score was asked to start at (for a bang: when it arrived).
   */
  public long requestedNanos() {
    return requestedNanos;
  }

  /**
   * Completes with the {@link System#nanoTime()} just after the block holding the score's first
   * sample was written to the line (and the recording); cancelled if that never happens.
   */
  public CompletableFuture<Long> started() {
    return started;
  }

  /**
   * Completes once every sound of the score has been written, or the playback was cancelled, or the
   * engine closed; never exceptionally.
   */
  public CompletableFuture<Void> finished() {
    return finished;
  }

  /** Sounds that have not started are dropped; those already sounding play out (no click). */
  public void cancel() {
    if (!cancelled) {
      cancelled = true;
      onCancel.accept(this);
    }
  }

  public boolean isCancelled() {
    return cancelled;
  }

  void start(long writtenNanos) {
    started.complete(writtenNanos);
  }

  void end() {
    started.cancel(false);
    finished.complete(null);
  }

  boolean isOver() {
    return finished.isDone();
  }
}
