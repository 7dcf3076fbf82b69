package jam.sound;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Sums the voices of a timeline into blocks of mono samples and soft-limits the sum, so that any
 * number of overlapping sounds stays within full scale and never wraps. Voices are placed to the
 * frame. Each voice carries a tag ({@code T}) that {@link #render} reports when the voice starts
 * and ends. Not thread safe: one thread owns a mixer.
 *
 * @param <T> what the owner uses to recognize voices (e.g. the playback they belong to); may be
 *     null
 */
final class Mixer<T> {
  /** Voices sounding at once; the oldest is dropped to make room. */
  static final int MAX_VOICES = 64;

  /** Below this level the limiter passes samples unchanged. */
  static final float KNEE = 0.5f;

  private static final class Voice<T> {
    final long start;
    final Source source;
    final T tag;
    final long order;
    int offset;

    Voice(long start, Source source, T tag, long order) {
      this.start = start;
      this.source = source;
      this.tag = tag;
      this.order = order;
    }
  }

  private final PriorityQueue<Voice<T>> pending =
      new PriorityQueue<>(
          Comparator.<Voice<T>>comparingLong(v -> v.start).thenComparingLong(v -> v.order));
  private final List<Voice<T>> active = new ArrayList<>();
  private final List<T> started = new ArrayList<>();
  private final List<T> ended = new ArrayList<>();
  private long position;
  private long order;

  /** The next frame {@link #render} produces; frames are counted from 0. */
  long position() {
    return position;
  }

  /** True when nothing is sounding and nothing is waiting to. */
  boolean idle() {
    return pending.isEmpty() && active.isEmpty();
  }

  /**
   * Schedules {@code source} at absolute frame {@code frame}. A frame already rendered means "at
   * the start of the next block": a sound is never cut at its beginning.
   */
  void add(long frame, Source source, T tag) {
    pending.add(new Voice<>(frame, source, tag, order++));
  }

  /** Schedules every cue of {@code score}, its start at absolute frame {@code frame}. */
  void add(long frame, Score score, T tag) {
    for (Score.Cue cue : score.cues()) {
      add(frame + cue.frame(), cue.source(), tag);
    }
  }

  /** Forgets voices that have not started yet and whose tag matches; each is reported as ended. */
  void removePending(Predicate<? super T> matches) {
    pending.removeIf(
        voice -> {
          if (matches.test(voice.tag)) {
            ended.add(voice.tag);
            return true;
          }
          return false;
        });
  }

  /** Reports every voice, pending or sounding, as ended and forgets it. */
  void clear() {
    pending.forEach(voice -> ended.add(voice.tag));
    active.forEach(voice -> ended.add(voice.tag));
    pending.clear();
    active.clear();
  }

  /**
   * Renders the next {@code count} frames into {@code out}, soft-limited, in [-1, 1]. Afterwards,
   * {@link #started()} and {@link #ended()} list the tags of voices that started and ended in this
   * block (once per voice); the caller clears them.
   */
  void render(float[] out, int count) {
    Arrays.fill(out, 0, count, 0f);
    long end = position + count;
    while (!pending.isEmpty() && pending.peek().start < end) {
      Voice<T> voice = pending.poll();
      if (active.size() >= MAX_VOICES) {
        ended.add(active.remove(0).tag);
      }
      active.add(voice);
      started.add(voice.tag);
    }
    for (int i = active.size() - 1; i >= 0; i--) {
      Voice<T> voice = active.get(i);
      int at = (int) Math.max(0, voice.start - position);
      int n = Math.min(count - at, voice.source.frames() - voice.offset);
      voice.source.mixInto(out, at, voice.offset, n);
      voice.offset += n;
      if (voice.offset >= voice.source.frames()) {
        active.remove(i);
        ended.add(voice.tag);
      }
    }
    for (int i = 0; i < count; i++) {
      out[i] = soften(out[i]);
    }
    position = end;
  }

  /** Tags of the voices that started in the last {@link #render}. */
  List<T> started() {
    return started;
  }

  /**
   * Tags of the voices that ended (played out, dropped or removed) since the caller last cleared
   * this.
   */
  List<T> ended() {
    return ended;
  }

  /**
   * The limiter: the identity up to {@link #KNEE}, then a tanh curve that approaches full scale
   * without reaching it. Continuous with a continuous slope, odd, monotonic. NaN becomes 0.
   */
  static float soften(float x) {
    float a = Math.abs(x);
    if (a <= KNEE) {
      return x;
    }
    if (Float.isNaN(x)) {
      return 0f;
    }
    float y = KNEE + (1 - KNEE) * (float) Math.tanh((a - KNEE) / (1 - KNEE));
    return Math.copySign(Math.min(y, 1f), x);
  }

  /**
   * Converts {@code count} mono samples in [-1, 1] to 16-bit little-endian PCM, the same sample in
   * each of the {@link SampleFormat#CHANNELS} channels.
   */
  static void toPcm(float[] mono, int count, byte[] out) {
    int b = 0;
    for (int i = 0; i < count; i++) {
      int s = Math.round(Math.max(-1f, Math.min(1f, mono[i])) * Short.MAX_VALUE);
      for (int c = 0; c < SampleFormat.CHANNELS; c++) {
        out[b++] = (byte) s;
        out[b++] = (byte) (s >> 8);
      }
    }
  }
}
