package jam.sound;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A timeline of sounds at fixed offsets from its start: one bang, a sequence of bangs, or a track's
 * notes. Play it with {@link AudioEngine#play(Score)} or render it with {@link OfflineRenderer}.
 * Immutable and thread safe.
 */
public final class Score {
  /** A track row lasts this long, as in the tutorial's app. */
  public static final Duration TRACK_STEP = Duration.ofMillis(300);

  /** Each frequency of a track row sounds this long, so consecutive steps overlap a little. */
  public static final Duration TRACK_NOTE = Duration.ofMillis(500);

  private static final Score EMPTY = new Score(List.of());

  /** One sound starting {@code frame} frames after the start of the score. */
  record Cue(long frame, Source source) {
    Cue {
      if (frame < 0) {
        throw new IllegalArgumentException("frame must not be negative: " + frame);
      }
      Objects.requireNonNull(source, "source");
    }

    long end() {
      return frame + source.frames();
    }
  }

  private final List<Cue> cues;
  private final long frames;

  private Score(List<Cue> cues) {
    List<Cue> sorted = new ArrayList<>(cues);
    sorted.sort(Comparator.comparingLong(Cue::frame));
    this.cues = List.copyOf(sorted);
    this.frames = sorted.stream().mapToLong(Cue::end).max().orElse(0);
  }

  /** A score with nothing in it. */
  public static Score empty() {
    return EMPTY;
  }

  /** The sound called {@code name} (unknown names play the default), at time zero. */
  public static Score of(String name) {
    return Sound.named(name).score();
  }

  /** {@code sound} at time zero. */
  public static Score of(Sound sound) {
    return sound.score();
  }

  /**
   * A track's {@code data} played the way the tutorial's app plays it: row {@code i} starts at
   * {@code i} times {@link #TRACK_STEP}, each of its frequencies (in Hz) a sine voice of {@link
   * #TRACK_NOTE}. Lenient, because tracks come from other peers: an entry that is not a number
   * between 0 and 24 kHz (exclusive), such as {@code null}, is a rest, and so is a row that is not
   * a list.
   *
   * @param data the rows, typically lists of 4 numbers or nulls as parsed from JSON
   */
  public static Score ofTrack(List<?> data) {
    return ofTrack(data, TRACK_STEP);
  }

  /** {@link #ofTrack(List)} with rows {@code step} apart instead of {@link #TRACK_STEP}. */
  public static Score ofTrack(List<?> data, Duration rowStep) {
    Objects.requireNonNull(data, "data");
    int note = Math.toIntExact(SampleFormat.frames(TRACK_NOTE));
    long step = SampleFormat.frames(rowStep);
    List<Cue> cues = new ArrayList<>();
    for (int row = 0; row < data.size(); row++) {
      if (!(data.get(row) instanceof List<?> entries)) {
        continue;
      }
      for (Object entry : entries) {
        if (entry instanceof Number number && isPlayable(number.doubleValue())) {
          cues.add(new Cue(row * step, new SineVoice(number.doubleValue(), note, SineVoice.GAIN)));
        }
      }
    }
    return new Score(cues);
  }

  /** True for a frequency a track note can have: above 0 Hz and below half the sample rate. */
  public static boolean isPlayable(double hz) {
    return hz > 0 && hz < SampleFormat.RATE / 2.0;
  }

  /** Starts building a score. */
  public static Builder builder() {
    return new Builder();
  }

  /** From the start to the end of the last sound. */
  public Duration length() {
    return SampleFormat.duration(frames);
  }

  /** How many sounds and notes the score holds. */
  public int size() {
    return cues.size();
  }

  public boolean isEmpty() {
    return cues.isEmpty();
  }

  /** In order of their start. */
  List<Cue> cues() {
    return cues;
  }

  /** Length in frames. */
  public long frames() {
    return frames;
  }

  @Override
  public String toString() {
    return "Score[" + cues.size() + " sounds, " + length().toMillis() + " ms]";
  }

  /** Collects sounds and notes at offsets from the start. Not thread safe. */
  public static final class Builder {
    private final List<Cue> cues = new ArrayList<>();

    private Builder() {}

    /**
     * The sound called {@code name} (unknown names play the default), {@code at} after the start.
     */
    public Builder sound(Duration at, String name) {
      return sound(at, Sound.named(name));
    }

    public Builder sound(Duration at, Sound sound) {
      return sound(at, sound.source());
    }

    /**
     * A sine note like a track's, of {@code hz} (see {@link #isPlayable}) lasting {@code length}.
     */
    public Builder note(Duration at, double hz, Duration length) {
      if (!isPlayable(hz)) {
        throw new IllegalArgumentException(
            "hz must be above 0 and below " + SampleFormat.RATE / 2 + ": " + hz);
      }
      long frames = SampleFormat.frames(length);
      if (frames < 2 || frames > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("length out of range: " + length);
      }
      return sound(at, new SineVoice(hz, (int) frames, SineVoice.GAIN));
    }

    Builder sound(Duration at, Source source) {
      if (at.isNegative()) {
        throw new IllegalArgumentException("at must not be negative: " + at);
      }
      cues.add(new Cue(SampleFormat.frames(at), source));
      return this;
    }

    public Score build() {
      return cues.isEmpty() ? EMPTY : new Score(cues);
    }
  }
}
