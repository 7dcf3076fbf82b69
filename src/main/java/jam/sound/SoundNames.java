package jam.sound;

import java.util.List;
import java.util.Locale;

/**
 * The names of the sounds a bang can ask for, known without synthesizing them: the one list that
 * {@code jam trigger}, help texts and shell completion use. {@link Sound}'s ids are these, in this
 * order (SynthTest checks). Immutable.
 */
public final class SoundNames {
  /** Every sound's name, the default ({@link Sound#DEFAULT}) first. */
  public static final List<String> ALL = List.of("bang", "kick", "snare", "hat", "bell");

  private SoundNames() {}

  /**
   * True when {@code name} is one of {@link #ALL}, ignoring case and surrounding blanks, as
   * receivers do.
   */
  public static boolean isKnown(String name) {
    return name != null && ALL.contains(normalize(name));
  }

  /** {@code name} as receivers compare it: stripped and lower case. */
  static String normalize(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }
}
