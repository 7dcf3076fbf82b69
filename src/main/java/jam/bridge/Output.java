package jam.bridge;

import java.util.List;

/**
 * Where a session's sounds go besides the speaker: OSC ({@link OscOut}) or MIDI ({@link MidiOut}).
 * Times are {@link System#nanoTime()}s on this machine, the relay's clock already mapped back.
 * Calls must return quickly (they come from the connection's thread); sending happens on the
 * output's own thread. Thread safe.
 */
public interface Output extends AutoCloseable {
  /**
   * A bang: {@code scheduled}, it must sound at {@code nanos}; otherwise it arrived at {@code
   * nanos} and goes out at once. {@code sound} is the name the bang carried, or null; {@code from}
   * the name of the peer that says it sent it ({@link jam.protocol.Message.Bang#from}), or null.
   */
  void bang(String sound, String from, long nanos, boolean scheduled);

  /**
   * One row of a track: its frequencies (Hz; none is a rest, and then nothing is sent), each
   * sounding {@code seconds} from {@code nanos}.
   */
  void step(List<Double> hz, double seconds, String track, long nanos);

  /** Stops sending; events not sent yet are dropped. Idempotent. */
  @Override
  void close();
}
