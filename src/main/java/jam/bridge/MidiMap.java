package jam.bridge;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which MIDI note and channel each sound plays: General MIDI's drum notes on channel 10 by default
 * (bang 39 hand clap, kick 36 bass drum, snare 38, hat 42 closed hi-hat, bell 56 cowbell), changed
 * with {@code SOUND=NOTE[/CHANNEL]} entries; a sound not named plays as {@code bang}. Track rows
 * play each frequency as its nearest note (A4 = 440 Hz = note 69) on {@link #trackChannel}.
 * Channels are 1 to 16 as musicians count them. Immutable.
 */
public record MidiMap(Map<String, Note> sounds, int trackChannel) {
  /** A note (0 to 127) on a channel (1 to 16). */
  public record Note(int note, int channel) {
    public Note {
      if (note < 0 || note > 127) {
        throw new IllegalArgumentException("a MIDI note is from 0 to 127, not " + note);
      }
      if (channel < 1 || channel > 16) {
        throw new IllegalArgumentException("a MIDI channel is from 1 to 16, not " + channel);
      }
    }
  }

  /** The default map. */
  public static final MidiMap GENERAL_MIDI =
      new MidiMap(
          Map.of(
              "bang", new Note(39, 10),
              "kick", new Note(36, 10),
              "snare", new Note(38, 10),
              "hat", new Note(42, 10),
              "bell", new Note(56, 10)),
          1);

  public MidiMap {
    sounds = Map.copyOf(sounds);
    if (trackChannel < 1 || trackChannel > 16) {
      throw new IllegalArgumentException("a MIDI channel is from 1 to 16, not " + trackChannel);
    }
  }

  /**
   * This map with {@code entry}, {@code SOUND=NOTE[/CHANNEL]} (channel 10 when left out), in place
   * of what it had for that sound.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public MidiMap with(String entry) {
    int eq = entry.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("'" + entry + "' is not SOUND=NOTE[/CHANNEL]");
    }
    String sound = entry.substring(0, eq).strip().toLowerCase(Locale.ROOT);
    String[] value = entry.substring(eq + 1).split("/", -1);
    if (value.length > 2) {
      throw new IllegalArgumentException("'" + entry + "' is not SOUND=NOTE[/CHANNEL]");
    }
    Note note;
    try {
      note =
          new Note(
              Integer.parseInt(value[0].strip()),
              value.length == 2 ? Integer.parseInt(value[1].strip()) : 10);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + entry + "' is not SOUND=NOTE[/CHANNEL]");
    }
    Map<String, Note> next = new LinkedHashMap<>(sounds);
    next.put(sound, note);
    return new MidiMap(next, trackChannel);
  }

  /** This map with track rows on {@code channel}. */
  public MidiMap withTrackChannel(int channel) {
    return new MidiMap(sounds, channel);
  }

  /** The note for a bang of {@code sound} (null: the default). */
  public Note of(String sound) {
    Note n = sound == null ? null : sounds.get(sound.strip().toLowerCase(Locale.ROOT));
    return n != null ? n : sounds.getOrDefault("bang", GENERAL_MIDI.sounds().get("bang"));
  }

  /** The note nearest {@code hz}, or -1 outside MIDI's range. */
  public static int noteOf(double hz) {
    if (!(hz > 0) || !Double.isFinite(hz)) {
      return -1;
    }
    long n = Math.round(69 + 12 * Math.log(hz / 440) / Math.log(2));
    return n < 0 || n > 127 ? -1 : (int) n;
  }
}
