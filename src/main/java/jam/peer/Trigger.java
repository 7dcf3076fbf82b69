package jam.peer;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.protocol.RelayUrls;
import jam.protocol.Wire;
import jam.tls.ClientTrust;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What {@code jam trigger} is: one connection that sends one message {@code count} times, {@code
 * interval} apart by a {@link Metronome}, waits for the relay to send them back (it sends every
 * bang to its sender too), then closes with 1000. It ignores everything else it is sent (the
 * relay's {@code collect}, other peers' messages). Deliberately light: no sound engine, no store,
 * and for ws:// a {@link SocketConnection} rather than Java-WebSocket and TLS. Stateless; each
 * {@link #fire} owns its connection.
 */
public final class Trigger {
  /**
   * How long the last bangs may take to leave once sent, on a machine too busy to write them at
   * once.
   */
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

  /** How long to wait for the relay to send the bangs back before closing anyway. */
  private static final Duration ECHO_TIMEOUT = Duration.ofSeconds(2);

  private Trigger() {}

  /**
   * Connects to {@code url}, sends {@code message} {@code count} times {@code interval} apart,
   * waits until all is sent and closes with 1000. For wss:// the relay's certificate is judged by
   * {@code trust} (null: the JDK's CAs); ws:// does not use it.
   *
   * @throws JamException ({@link ExitCode#UNAVAILABLE}) when the relay cannot be reached, or the
   *     connection is lost before everything was sent
   * @throws InterruptedException when the calling thread is interrupted while waiting for a tick
   */
  public static void fire(
      URI url,
      ClientTrust trust,
      Duration connectTimeout,
      String message,
      int count,
      Duration interval,
      Reporter reporter)
      throws InterruptedException {
    Objects.requireNonNull(message, "message");
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1: " + count);
    }
    Lost lost = new Lost(message, count);
    try (Link connection = connect(url, trust, connectTimeout, lost)) {
      Sender sender = new Sender(connection, message, lost);
      Metronome.run(count, interval.toNanos(), Metronome.Clock.SYSTEM, sender);
      int sent = sender.sent;
      boolean flushed = sent == count && connection.awaitSent(SEND_TIMEOUT);
      // the relay sends every bang back to its sender too: once they are back, the relay has them
      // all, and
      // closing does not race their echoes (a socket closed with unread data resets the connection)
      boolean echoed = flushed && lost.echoes.await(ECHO_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
      if (!echoed && reporter.debugEnabled()) {
        reporter.debug(
            "not every bang came back from the relay within " + ECHO_TIMEOUT.toSeconds() + " s");
      }
      if (!flushed || lost.closed) {
        throw new JamException(
            ExitCode.UNAVAILABLE,
            "connection to "
                + RelayUrls.redact(url)
                + " lost"
                + lost.why()
                + " after "
                + sent
                + " of "
                + count
                + " sent");
      }
      if (reporter.debugEnabled()) {
        reporter.debug("sent " + count + " × " + message + " to " + RelayUrls.redact(url));
      }
    }
  }

  /** A plain socket for ws:// (fast to start), Java-WebSocket for wss://. */
  static Link connect(URI url, ClientTrust trust, Duration timeout, Link.Listener lost) {
    if ("ws".equalsIgnoreCase(url.getScheme())) {
      return SocketConnection.open(url, timeout, lost);
    }
    return RelayConnection.open(url, timeout, trust == null ? ClientTrust.defaults() : trust, lost);
  }

  /**
   * Sends one bang a tick while the connection lasts; a class, as the first lambda costs a trigger
   * ~2-10 ms.
   */
  private static final class Sender implements Metronome.Tick {
    private final Link connection;
    private final String message;
    private final Lost lost;
    int sent;

    Sender(Link connection, String message, Lost lost) {
      this.connection = connection;
      this.message = message;
      this.lost = lost;
    }

    @Override
    public boolean run(int index) {
      if (lost.closed || !connection.send(message)) {
        return false;
      }
      sent++;
      return true;
    }
  }

  /** Counts the bangs the relay sends back, and notes that it ended the connection. */
  private static final class Lost extends Link.Listener {
    private final String message;
    final CountDownLatch echoes;
    volatile boolean closed;
    volatile int code;

    Lost(String message, int count) {
      this.message = message;
      this.echoes = new CountDownLatch(count);
    }

    @Override
    public void text(String text) {
      // a bang object comes back as it was sent; trigger-input as trigger-output (or itself, from a
      // relay
      // that only broadcasts); collect and other peers' messages are not for a trigger
      if (text.equals(message)
          || (message.equals(Wire.TRIGGER_INPUT) && text.equals(Wire.TRIGGER_OUTPUT))) {
        echoes.countDown();
      }
    }

    @Override
    public void closed(int code) {
      this.code = code;
      closed = true;
    }

    String why() {
      return closed ? " (" + code + ")" : "";
    }
  }
}
