package jam.clock;

import jam.protocol.Message;

/**
 * The arithmetic of a shared beat ({@link Message.Tempo}: beat 0 at {@code origin} on the relay's
 * clock, {@code bpm} beats a minute). A quantum of 1 is the next beat, 4 the next bar of four.
 * Stateless.
 */
public final class Beats {
  /**
   * What peers play by when the relay has no tempo: 120 bpm, beat 0 at the Unix epoch, so all
   * agree.
   */
  public static final Message.Tempo DEFAULT = new Message.Tempo(120, 0);

  private Beats() {}

  /** The length of one beat, in ms. */
  public static double beatMs(Message.Tempo tempo) {
    return 60_000 / tempo.bpm();
  }

  /** The beat (with its fraction) at {@code timeMs}. */
  public static double beatAt(Message.Tempo tempo, double timeMs) {
    return (timeMs - tempo.origin()) / beatMs(tempo);
  }

  /** The time of beat {@code beat}. */
  public static double timeOf(Message.Tempo tempo, double beat) {
    return tempo.origin() + beat * beatMs(tempo);
  }

  /** The first multiple of {@code quantum} beats at or after {@code timeMs}. */
  public static double next(Message.Tempo tempo, double timeMs, double quantum) {
    if (!(quantum > 0)) {
      throw new IllegalArgumentException("quantum must be more than 0 beats: " + quantum);
    }
    double beat = beatAt(tempo, timeMs);
    double q = Math.ceil(beat / quantum - 1e-9) * quantum;
    return timeOf(tempo, q);
  }

  /**
   * A change to {@code bpm} at {@code nowMs} that keeps the beat where it is (as Link does): the
   * beat number at {@code nowMs} is the same before and after.
   */
  public static Message.Tempo change(Message.Tempo current, double bpm, double nowMs) {
    if (current == null) {
      return new Message.Tempo(bpm, nowMs);
    }
    double beat = beatAt(current, nowMs);
    return new Message.Tempo(bpm, nowMs - beat * 60_000 / bpm);
  }
}
