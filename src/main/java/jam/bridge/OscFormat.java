package jam.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code --osc} sends for a bang and for a track's row.
 *
 * <ul>
 *   <li>{@link #JAM}: {@code /jam/bang ,sss SOUND SENDER ROOM} (the bang's sound name as sent, or
 *       {@code bang}; the sender's name as its bang says, empty when it says none; the room, empty
 *       for the relay's default one) and one {@code /jam/note ,ffss HZ SECONDS TRACK ROOM} per
 *       frequency of a row.
 *   <li>{@link #SUPERDIRT}: {@code /dirt/play} with SuperDirt's name-value pairs: {@code s} (jam's
 *       sounds as Dirt-Samples: bang cp, kick bd, snare sn, hat hh, bell cb; any other name as
 *       sent), {@code orbit 0}; a row's frequencies as {@code s superpiano, freq HZ, sustain S}.
 * </ul>
 */
public enum OscFormat {
  JAM,
  SUPERDIRT;

  static final Map<String, String> DIRT_SAMPLES =
      Map.of("bang", "cp", "kick", "bd", "snare", "sn", "hat", "hh", "bell", "cb");

  /** The message for a bang of {@code sound} (null: the default) {@code from} a peer (or null). */
  Osc.Message bang(String sound, String from, String room) {
    String name = sound == null || sound.isBlank() ? "bang" : sound;
    return switch (this) {
      case JAM -> new Osc.Message("/jam/bang", name, from == null ? "" : from, room);
      case SUPERDIRT ->
          new Osc.Message(
              "/dirt/play",
              "s",
              DIRT_SAMPLES.getOrDefault(name.strip().toLowerCase(Locale.ROOT), name),
              "orbit",
              0);
    };
  }

  /** The messages for a row's frequencies (nulls are rests). */
  List<Osc.Message> step(List<Double> hz, double seconds, String track, String room) {
    List<Osc.Message> out = new ArrayList<>(hz.size());
    for (Double f : hz) {
      if (f == null || !Double.isFinite(f) || f <= 0) {
        continue;
      }
      out.add(
          switch (this) {
            case JAM ->
                new Osc.Message(
                    "/jam/note", f.floatValue(), (float) seconds, track == null ? "" : track, room);
            case SUPERDIRT ->
                new Osc.Message(
                    "/dirt/play",
                    "s",
                    "superpiano",
                    "freq",
                    f.floatValue(),
                    "sustain",
                    (float) seconds,
                    "orbit",
                    0);
          });
    }
    return out;
  }
}
