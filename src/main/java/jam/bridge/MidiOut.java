package jam.bridge;

import jam.Reporter;
import jam.text.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Synthesizer;

/**
 * {@code --midi DEVICE}: bangs and track rows as MIDI note on and note off (velocity 100) through
 * javax.sound.midi, notes and channels from a {@link MidiMap}; a bang's note lasts {@link
 * #DRUM_NOTE_MS}. A synthesizer that keeps time ({@link MidiDevice#getMicrosecondPosition} not -1,
 * as Java's software synthesizer does) gets each note {@link #LOOKAHEAD_MS} early with a timestamp
 * on its clock; any other device (ports, whose drivers may ignore timestamps) gets it at its time,
 * without one. One daemon thread, {@code jam-midi}, sends. Thread safe.
 */
public final class MidiOut implements Output {
  static final long DRUM_NOTE_MS = 100;
  static final long LOOKAHEAD_MS = 50;

  /** Java's preferences say on stderr that they made a folder when a synthesizer first opens. */
  private static final java.util.logging.Logger PREFS =
      java.util.logging.Logger.getLogger("java.util.prefs");

  private final MidiDevice device;
  private final Receiver receiver;
  private final MidiMap map;
  private final Warnings warnings;
  private final boolean timestamps;
  private final ScheduledExecutorService sender;

  MidiOut(MidiDevice device, Receiver receiver, MidiMap map, Reporter reporter) {
    this.device = device;
    this.receiver = receiver;
    this.map = map;
    this.warnings = new Warnings(reporter);
    this.timestamps = device instanceof Synthesizer && device.getMicrosecondPosition() >= 0;
    this.sender =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "jam-midi");
              t.setDaemon(true);
              t.setPriority(Thread.MAX_PRIORITY);
              return t;
            });
  }

  /**
   * Opens the output device {@code name} names ({@link #find}); null, with one line, when there is
   * none or it cannot be opened: the session goes on without MIDI.
   */
  public static MidiOut open(String name, MidiMap map, Reporter reporter) {
    MidiDevice.Info info = find(name);
    if (info == null) {
      reporter.warn(
          "--midi: no MIDI output '"
              + Printable.escape(name)
              + "' here (jam midi --list names them); carrying on without MIDI");
      return null;
    }
    PREFS.setLevel(java.util.logging.Level.SEVERE);
    MidiDevice device = null;
    try {
      device = MidiSystem.getMidiDevice(info);
      device.open();
      MidiOut out = new MidiOut(device, device.getReceiver(), map, reporter);
      reporter.info(
          "MIDI to "
              + info.getName()
              + (out.timestamps ? " (timestamped " + LOOKAHEAD_MS + " ms ahead)" : ""));
      return out;
    } catch (MidiUnavailableException | IllegalArgumentException e) {
      if (device != null) {
        device.close();
      }
      reporter.warn(
          "--midi: cannot open "
              + info.getName()
              + " ("
              + e.getMessage()
              + "); carrying on without MIDI");
      return null;
    }
  }

  /**
   * The output device {@code name} names: its number in {@link #outputs}, its exact name (case
   * aside), or the one output whose name contains it; null when none or several do.
   */
  static MidiDevice.Info find(String name) {
    List<MidiDevice.Info> outs = outputs();
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    if (wanted.matches("[0-9]{1,3}")) {
      int i = Integer.parseInt(wanted);
      return i < outs.size() ? outs.get(i) : null;
    }
    List<MidiDevice.Info> partial = new ArrayList<>();
    for (MidiDevice.Info i : outs) {
      String n = i.getName().toLowerCase(Locale.ROOT);
      if (n.equals(wanted)) {
        return i;
      }
      if (!wanted.isEmpty() && n.contains(wanted)) {
        partial.add(i);
      }
    }
    return partial.size() == 1 ? partial.get(0) : null;
  }

  /** The devices that take MIDI (synthesizers, ports, the sequencer), in the system's order. */
  public static List<MidiDevice.Info> outputs() {
    List<MidiDevice.Info> out = new ArrayList<>();
    for (MidiDevice.Info i : MidiSystem.getMidiDeviceInfo()) {
      try {
        if (MidiSystem.getMidiDevice(i).getMaxReceivers() != 0) {
          out.add(i);
        }
      } catch (MidiUnavailableException e) {
        // listed but gone: not an output
      }
    }
    return out;
  }

  @Override
  public void bang(String sound, String from, long nanos, boolean scheduled) {
    MidiMap.Note n = map.of(sound);
    note(n.note(), n.channel(), scheduled ? nanos : System.nanoTime(), DRUM_NOTE_MS * 1_000_000);
  }

  @Override
  public void step(List<Double> hz, double seconds, String track, long nanos) {
    for (Double f : hz) {
      int note = f == null ? -1 : MidiMap.noteOf(f);
      if (note >= 0) {
        note(note, map.trackChannel(), nanos, Math.round(seconds * 1e9));
      }
    }
  }

  @Override
  public void close() {
    sender.shutdownNow();
    receiver.close();
    device.close();
  }

  private void note(int note, int channel, long onNanos, long lengthNanos) {
    send(ShortMessage.NOTE_ON, channel, note, 100, onNanos);
    send(ShortMessage.NOTE_OFF, channel, note, 0, onNanos + lengthNanos);
  }

  private void send(int command, int channel, int note, int velocity, long atNanos) {
    ShortMessage m;
    try {
      m = new ShortMessage(command, channel - 1, note, velocity);
    } catch (InvalidMidiDataException e) {
      throw new IllegalArgumentException(e);
    }
    long lead = timestamps ? TimeUnit.MILLISECONDS.toNanos(LOOKAHEAD_MS) : 0;
    long delay = atNanos - lead - System.nanoTime();
    Runnable task =
        () -> {
          try {
            long stamp =
                timestamps
                    ? device.getMicrosecondPosition() + (atNanos - System.nanoTime()) / 1_000
                    : -1;
            receiver.send(m, timestamps ? Math.max(stamp, 0) : -1);
          } catch (IllegalStateException e) {
            warnings.say("send", "--midi: cannot send (" + e.getMessage() + ")");
          }
        };
    try {
      sender.schedule(task, Math.max(0, delay), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }
}
