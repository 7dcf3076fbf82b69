package jam.sound;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The one-shot sounds a bang can ask for, synthesized once when this class is first used. Immutable
 * and thread safe.
 */
public enum Sound {
  BANG(Synth::bang),
  KICK(Synth::kick),
  SNARE(Synth::snare),
  HAT(Synth::hat),
  BELL(Synth::bell);

  /** What a bang without a sound, or with a name not in {@link #names()}, plays. */
  public static final Sound DEFAULT = BANG;

  private static final List<String> NAMES = Arrays.stream(values()).map(Sound::id).toList();

  private final String id;
  private final Source source;
  private final Score score;

  Sound(Supplier<float[]> recipe) {
    this.id = name().toLowerCase(Locale.ROOT);
    this.source = Source.of(recipe.get());
    this.score = Score.builder().sound(java.time.Duration.ZERO, source).build();
  }

  /** The name on the wire and on the command line: {@code bang}, {@code kick}, ... */
  public String id() {
    return id;
  }

  /**
   * Every sound's {@link #id()}, the default first: {@link SoundNames#ALL}, which names them
   * without synthesizing them.
   */
  public static List<String> names() {
    return NAMES;
  }

  /** True when {@code name} is one of {@link #names()} (ignoring case and surrounding blanks). */
  public static boolean isKnown(String name) {
    return SoundNames.isKnown(name);
  }

  /**
   * The sound called {@code name} (ignoring case and blanks), or {@link #DEFAULT} for null or
   * unknown.
   */
  public static Sound named(String name) {
    Sound sound = lookup(name);
    return sound == null ? DEFAULT : sound;
  }

  private static Sound lookup(String name) {
    if (name == null) {
      return null;
    }
    String wanted = SoundNames.normalize(name);
    for (Sound sound : values()) {
      if (sound.id.equals(wanted)) {
        return sound;
      }
    }
    return null;
  }

  /** The samples, shared by every voice that plays this sound. */
  Source source() {
    return source;
  }

  /** This sound alone, at time zero. */
  Score score() {
    return score;
  }
}
