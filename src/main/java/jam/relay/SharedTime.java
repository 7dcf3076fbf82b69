package jam.relay;

import jam.clock.Clock;
import jam.protocol.Message;

/**
 * The relay's part in the peers' shared time: it answers each {@link Message.ClockPing} to its
 * sender alone with the relay's clock ({@link RelayConfig#clock}), never relays clock traffic, and
 * keeps the latest {@link Message.Tempo} (the last change wins) for newcomers. Thread safe.
 */
final class SharedTime {
  /** Clock pings and pongs are small; anything longer is not one and is dropped. */
  static final int MAX_CLOCK_MESSAGE = 256;

  private static final String CLOCK_PREFIX = "{\"type\":\"clock-p";
  private static final String TEMPO_PREFIX = "{\"type\":\"tempo\"";

  private volatile String tempo;

  /** A relay whose beat starts as {@code initial} (null: no tempo until a peer sets one). */
  SharedTime(Message.Tempo initial) {
    this.tempo = initial == null ? null : initial.encode();
  }

  /**
   * True when {@code text} is clock traffic, which {@link #answer} handles and nobody else sees.
   */
  static boolean isClock(String text) {
    return text.startsWith(CLOCK_PREFIX);
  }

  /**
   * The pong for {@code text}, received at {@code receivedNanos}, or null when it is not a
   * well-formed ping (a pong from a peer, a ping with fields missing or too long): dropped.
   */
  static String answer(String text, long receivedNanos, Clock clock) {
    if (text.length() > MAX_CLOCK_MESSAGE
        || !(Message.parse(text) instanceof Message.ClockPing ping)) {
      return null;
    }
    double t1 = clock.at(receivedNanos);
    return ping.pong(t1, clock.now()).encode();
  }

  /** Notes {@code text} when it is a valid tempo change, which is then relayed as any text is. */
  void noteTempo(String text) {
    if (text.startsWith(TEMPO_PREFIX) && Message.parse(text) instanceof Message.Tempo t) {
      tempo = t.encode();
    }
  }

  /** The latest tempo message, for a newcomer, or null when none was set. */
  String tempo() {
    return tempo;
  }
}
