package jam.peer;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.protocol.RelayUrls;
import jam.protocol.Wire;
import jam.tls.ClientTrust;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What {@code jam send} is: one connection that sends each text of a sequence as one message, as
 * they come (a pipe's lines as they are written), waits for the relay to send them back (it sends
 * every message to its sender too), then closes with 1000; as {@link Trigger} does for bangs, with
 * its connection, timeouts and failures. It ignores everything else it is sent. Stateless; each
 * {@link #send} owns its connection.
 */
public final class Send {
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration ECHO_TIMEOUT = Duration.ofSeconds(2);

  private Send() {}

  /**
   * Connects to {@code url}, sends every text of {@code texts} (taken one at a time, so a text may
   * be read only when the one before is sent), waits until all is sent and closes with 1000;
   * returns how many were sent. For wss:// the relay's certificate is judged by {@code trust}
   * (null: the JDK's CAs).
   *
   * @throws JamException ({@link ExitCode#UNAVAILABLE}) when the relay cannot be reached, or the
   *     connection is lost before everything was sent
   */
  public static int send(
      URI url,
      ClientTrust trust,
      Duration connectTimeout,
      Iterator<String> texts,
      Reporter reporter)
      throws InterruptedException {
    Echoes echoes = new Echoes();
    int sent = 0;
    try (Link connection = Trigger.connect(url, trust, connectTimeout, echoes)) {
      while (texts.hasNext()) {
        String text = texts.next();
        echoes.expect(text);
        if (echoes.closed || !connection.send(text)) {
          throw lost(url, echoes, sent);
        }
        sent++;
      }
      if (!connection.awaitSent(SEND_TIMEOUT) || echoes.closed) {
        throw lost(url, echoes, sent);
      }
      // once they are back, the relay has them all, and closing does not race their echoes
      if (!echoes.awaitAll(ECHO_TIMEOUT) && reporter.debugEnabled()) {
        reporter.debug(
            "not every message came back from the relay within " + ECHO_TIMEOUT.toSeconds() + " s");
      }
      if (reporter.debugEnabled()) {
        reporter.debug("sent " + sent + " to " + RelayUrls.redact(url));
      }
    }
    return sent;
  }

  private static JamException lost(URI url, Echoes echoes, int sent) {
    return new JamException(
        ExitCode.UNAVAILABLE,
        "connection to "
            + RelayUrls.redact(url)
            + " lost"
            + (echoes.closed ? " (" + echoes.code + ")" : "")
            + " after "
            + sent
            + (sent == 1 ? " message" : " messages")
            + " sent");
  }

  /** Counts the messages the relay sends back; notes that it ended the connection. */
  private static final class Echoes extends Link.Listener {
    /** Guarded by this: how many of each text are still to come back. */
    private final Map<String, Integer> waiting = new ConcurrentHashMap<>();

    volatile boolean closed;
    volatile int code;

    synchronized void expect(String text) {
      waiting.merge(echoOf(text), 1, Integer::sum);
    }

    /** trigger-input comes back as trigger-output; anything else as it was sent. */
    private static String echoOf(String text) {
      return text.equals(Wire.TRIGGER_INPUT) ? Wire.TRIGGER_OUTPUT : text;
    }

    @Override
    public synchronized void text(String text) {
      if (waiting.computeIfPresent(text, (t, n) -> n == 1 ? null : n - 1) == null
          && waiting.isEmpty()) {
        notifyAll();
      }
    }

    @Override
    public synchronized void closed(int code) {
      this.code = code;
      closed = true;
      notifyAll();
    }

    synchronized boolean awaitAll(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!waiting.isEmpty() && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return waiting.isEmpty();
    }
  }
}
