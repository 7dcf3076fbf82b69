package jam.peer;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.protocol.RelayUrls;
import jam.tls.ClientTrust;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A peer's presence on a relay, outliving single connections. Lifecycle: {@link #open} tries to
 * connect once; when that fails it is an error naming the URL, unless the session waits at start
 * and the failure is one waiting can fix ({@link StartFailure}): then it returns at once and keeps
 * trying with {@link Backoff} until it connects, fails in a way waiting cannot fix (the session
 * ends with that {@link JamException}), or is closed. When a connection is lost the session
 * reconnects with the same backoff (or, without reconnecting, ends with the loss as a {@link
 * JamException}); {@link #close} says 1000 and stops. One stderr line per state change: waiting,
 * connected, lost, reconnected. Thread safe.
 */
public final class Session implements AutoCloseable {
  /**
   * A connection that stayed up this long resets the backoff; a relay that drops us at once does
   * not.
   */
  private static final long STABLE_MILLIS = 10_000;

  /** What a session tells its owner, on connection threads, one call at a time per connection. */
  public interface Listener {
    /** A text message from the relay; reply through {@code from}. */
    void text(RelayConnection from, String text);

    /** A connection opened: the first ({@code again} false) or one after a loss. */
    default void connected(RelayConnection connection, boolean again) {}

    /**
     * The connection is lost, or not made yet while waiting at start (or the last attempt failed);
     * the next attempt is {@code wait} from now.
     */
    default void reconnecting(Duration wait) {}

    /**
     * An open connection ended with close {@code code} (1006 when it broke), sent by the relay or
     * not ({@code byRelay}), before any reconnecting.
     */
    default void lost(int code, boolean byRelay) {}
  }

  /**
   * How a session connects.
   *
   * @param connectTimeout bound on one connection attempt (TCP and handshake)
   * @param reconnect false: a lost connection ends the session
   * @param initialBackoff first wait before reconnecting; doubles up to {@code maxBackoff}
   * @param maxBackoff longest wait between attempts
   * @param trust which certificates a wss:// relay may show
   * @param waitAtStart true: a relay not up yet when the session opens is waited for with the
   *     backoff; false: {@link #open} fails at once
   */
  public record Options(
      Duration connectTimeout,
      boolean reconnect,
      Duration initialBackoff,
      Duration maxBackoff,
      ClientTrust trust,
      boolean waitAtStart) {
    public Options {
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      Objects.requireNonNull(trust, "trust");
    }

    /** Options that fail at once when the relay is not there at start. */
    public Options(
        Duration connectTimeout,
        boolean reconnect,
        Duration initialBackoff,
        Duration maxBackoff,
        ClientTrust trust) {
      this(connectTimeout, reconnect, initialBackoff, maxBackoff, trust, false);
    }

    /**
     * 10 s to connect; reconnect after 0.25 s doubling to 10 s; the JDK's CAs for wss://; no
     * waiting at start.
     */
    public static Options defaults() {
      return new Options(
          Duration.ofSeconds(10),
          true,
          Duration.ofMillis(250),
          Duration.ofSeconds(10),
          ClientTrust.defaults());
    }

    public Options withReconnect(boolean on) {
      return new Options(connectTimeout, on, initialBackoff, maxBackoff, trust, waitAtStart);
    }

    public Options withTrust(ClientTrust newTrust) {
      return new Options(
          connectTimeout, reconnect, initialBackoff, maxBackoff, newTrust, waitAtStart);
    }

    public Options withWaitAtStart(boolean on) {
      return new Options(connectTimeout, reconnect, initialBackoff, maxBackoff, trust, on);
    }
  }

  private final URI url;
  private final String shown;
  private final Options options;
  private final Listener listener;
  private final Reporter reporter;
  private final Backoff backoff;
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final ScheduledExecutorService retries;
  private volatile RelayConnection current;
  private volatile boolean closing;

  /** Whether a connection was ever open: until then failures are judged by {@link StartFailure}. */
  private volatile boolean everConnected;

  private volatile long openedAtNanos;

  private Session(URI url, Options options, Listener listener, Reporter reporter) {
    this.url = url;
    this.shown = RelayUrls.redact(url);
    this.options = options;
    this.listener = listener;
    this.reporter = reporter;
    this.backoff =
        new Backoff(options.initialBackoff(), options.maxBackoff(), new java.util.Random());
    this.retries =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "jam-reconnect");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Connects to {@code url}; a {@link JamException} (UNAVAILABLE) naming the URL when it cannot,
   * unless {@link Options#waitAtStart} and the failure is worth waiting for: then one line says it
   * is waiting, and the session connects in the background.
   */
  public static Session open(URI url, Options options, Listener listener, Reporter reporter) {
    Session s = new Session(url, options, listener, reporter);
    try {
      s.connect();
    } catch (JamException e) {
      if (!options.waitAtStart() || !StartFailure.worthWaiting(e)) {
        s.retries.shutdownNow();
        throw e;
      }
      reporter.warn(StartFailure.waitingLine(url, e));
      synchronized (s.backoff) {
        s.schedule();
      }
    }
    return s;
  }

  public URI url() {
    return url;
  }

  /** Sends on the open connection; false when there is none right now (the text is dropped). */
  public boolean send(String text) {
    RelayConnection c = current;
    return c != null && c.send(text);
  }

  /**
   * Completes when the session is over: normally after {@link #close}, exceptionally on a loss
   * without reconnecting.
   */
  public CompletableFuture<Void> ended() {
    return ended;
  }

  private void connect() {
    RelayConnection c =
        RelayConnection.open(url, options.connectTimeout(), options.trust(), new Handler());
    openedAtNanos = System.nanoTime();
    current = c;
    if (closing) {
      c.close();
      return;
    }
    boolean again = everConnected;
    everConnected = true;
    if (again) {
      reporter.info("reconnected to " + shown);
    } else {
      reporter.info("connected to " + shown);
    }
    listener.connected(c, again);
  }

  private void lost(int code, String reason, boolean byRelay) {
    current = null;
    listener.lost(code, byRelay);
    String why = describe(code, reason);
    if (!options.reconnect()) {
      ended.completeExceptionally(
          new JamException(ExitCode.UNAVAILABLE, "connection to " + shown + " lost: " + why));
      return;
    }
    if (System.nanoTime() - openedAtNanos >= TimeUnit.MILLISECONDS.toNanos(STABLE_MILLIS)) {
      backoff.reset();
    }
    reporter.warn("connection to " + shown + " lost (" + why + "); reconnecting");
    schedule();
  }

  private void schedule() {
    Duration wait;
    synchronized (backoff) {
      wait = backoff.next();
    }
    try {
      retries.schedule(this::attempt, wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return; // closed meanwhile
    }
    listener.reconnecting(wait);
  }

  private void attempt() {
    if (closing) {
      return;
    }
    try {
      connect();
    } catch (JamException e) {
      if (closing) {
        return; // closed while this attempt ran
      }
      boolean hopeless =
          everConnected
              ? e.getCause() instanceof RelayConnection.Refused r && r.isFinal()
              : !StartFailure.worthWaiting(e);
      if (hopeless) {
        // the relay is there but will not have us (a new token, a new origin list): retrying cannot
        // help
        closing = true;
        retries.shutdown();
        ended.completeExceptionally(e);
        return;
      }
      if (reporter.debugEnabled()) {
        reporter.debug(e.getMessage() + "; trying again");
      }
      schedule();
    }
  }

  private static String describe(int code, String reason) {
    String r = reason == null || reason.isBlank() ? "" : " " + reason;
    return switch (code) {
      case 1000 -> "closed by the relay" + r;
      case 1001 -> "the relay is going away" + (r.isEmpty() ? "" : ":" + r);
      case 1006 -> "connection broken";
      default -> "closed with " + code + r;
    };
  }

  /** Says 1000 to the relay and stops reconnecting; the session is over. Idempotent. */
  @Override
  public void close() {
    closing = true;
    retries.shutdownNow();
    RelayConnection c = current;
    if (c != null) {
      c.close();
    }
    ended.complete(null);
  }

  private final class Handler implements RelayConnection.Handler {
    @Override
    public void text(RelayConnection from, String text) {
      listener.text(from, text);
    }

    @Override
    public void closed(RelayConnection from, int code, String reason, boolean byRelay) {
      if (!closing) {
        synchronized (backoff) {
          lost(code, reason, byRelay);
        }
      }
    }
  }
}
