package jam.peer;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code jam trigger} is: one connection that sends one message {@code count} times, {@code interval}
 * apart by a {@link Metronome}, then closes with 1000. It reads nothing it is sent (the relay's
 * {@code collect}, echoes). Deliberately light: no sound engine, no store. Stateless; each {@link #fire}
 * owns its connection.
 */
public final class Trigger {
  /** How long the last bangs may take to leave once sent, on a machine too busy to write them at once. */
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

  private Trigger() {}

  /**
   * Connects to {@code url}, sends {@code message} {@code count} times {@code interval} apart, waits until
   * all is sent and closes with 1000.
   *
   * @throws JamException ({@link ExitCode#UNAVAILABLE}) when the relay cannot be reached, or the
   *     connection is lost before everything was sent
   * @throws InterruptedException when the calling thread is interrupted while waiting for a tick
   */
  public static void fire(URI url, Duration connectTimeout, String message, int count, Duration interval, Reporter reporter)
      throws InterruptedException {
    Objects.requireNonNull(message, "message");
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1: " + count);
    }
    Lost lost = new Lost();
    try (RelayConnection connection = RelayConnection.open(url, connectTimeout, lost)) {
      int[] sent = {0};
      Metronome.run(
          count,
          interval.toNanos(),
          Metronome.Clock.SYSTEM,
          i -> !lost.closed && connection.send(message) && ++sent[0] > 0);
      boolean flushed = sent[0] == count && connection.awaitSent(SEND_TIMEOUT);
      if (!flushed || lost.closed) {
        throw new JamException(
            ExitCode.UNAVAILABLE,
            "connection to " + url + " lost" + lost.why() + " after " + sent[0] + " of " + count + " sent");
      }
      if (reporter.debugEnabled()) {
        reporter.debug("sent " + count + " × " + message + " to " + url);
      }
    }
  }

  /** Notes that the relay ended the connection. */
  private static final class Lost implements RelayConnection.Handler {
    volatile boolean closed;
    volatile int code;

    @Override
    public void text(RelayConnection from, String text) {
      // collect and echoes: a trigger shares nothing and plays nothing
    }

    @Override
    public void closed(RelayConnection from, int code, String reason, boolean byRelay) {
      this.code = code;
      closed = true;
    }

    String why() {
      return closed ? " (" + code + ")" : "";
    }
  }
}
