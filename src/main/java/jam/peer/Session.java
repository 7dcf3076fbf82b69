package jam.peer;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.protocol.RelayUrls;
import jam.tls.ClientTrust;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
   * @param fallbacks more relays of the same jam (a cluster), tried in turn after the first: a
   *     session that loses one, or cannot reach it, moves on to the next with the backoff
   */
  public record Options(
      Duration connectTimeout,
      boolean reconnect,
      Duration initialBackoff,
      Duration maxBackoff,
      ClientTrust trust,
      boolean waitAtStart,
      List<URI> fallbacks) {
    public Options {
      fallbacks = List.copyOf(fallbacks);
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
      this(connectTimeout, reconnect, initialBackoff, maxBackoff, trust, false, List.of());
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
      return new Options(
          connectTimeout, on, initialBackoff, maxBackoff, trust, waitAtStart, fallbacks);
    }

    public Options withTrust(ClientTrust newTrust) {
      return new Options(
          connectTimeout, reconnect, initialBackoff, maxBackoff, newTrust, waitAtStart, fallbacks);
    }

    public Options withWaitAtStart(boolean on) {
      return new Options(
          connectTimeout, reconnect, initialBackoff, maxBackoff, trust, on, fallbacks);
    }

    /** These options with {@code urls} to move on to after the first relay. */
    public Options withFallbacks(List<URI> urls) {
      return new Options(
          connectTimeout, reconnect, initialBackoff, maxBackoff, trust, waitAtStart, urls);
    }
  }

  /** The relays of the jam, the first one given first; {@link #at} is the one tried now. */
  private final List<URI> urls;

  private volatile int at;
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
    List<URI> all = new ArrayList<>();
    all.add(url);
    all.addAll(options.fallbacks());
    this.urls = List.copyOf(all);
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
   * Connects to {@code url} (else to each of {@link Options#fallbacks} in turn); a {@link
   * JamException} (UNAVAILABLE) naming the first URL's failure when it cannot, unless {@link
   * Options#waitAtStart} and a failure is worth waiting for: then one line says it is waiting, and
   * the session connects in the background.
   */
  public static Session open(URI url, Options options, Listener listener, Reporter reporter) {
    Session s = new Session(url, options, listener, reporter);
    JamException failed = null;
    boolean worthWaiting = false;
    for (int i = 0; i < s.urls.size(); i++) {
      try {
        s.connect();
        return s;
      } catch (JamException e) {
        failed = failed == null ? e : failed;
        worthWaiting |= StartFailure.worthWaiting(e);
        if (i + 1 < s.urls.size()) {
          reporter.warn(e.getMessage() + "; trying the next relay");
          s.next();
        }
      }
    }
    if (!options.waitAtStart() || !worthWaiting) {
      s.retries.shutdownNow();
      throw failed;
    }
    s.next();
    reporter.warn(StartFailure.waitingLine(s.url(), failed));
    synchronized (s.backoff) {
      s.schedule();
    }
    return s;
  }

  /** The relay this session is connected to, or tries next. */
  public URI url() {
    return urls.get(at);
  }

  private String shown() {
    return RelayUrls.redact(url());
  }

  /** Moves on to the next relay of {@link Options#fallbacks} (with one relay, stays). */
  private void next() {
    at = (at + 1) % urls.size();
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
        RelayConnection.open(url(), options.connectTimeout(), options.trust(), new Handler());
    openedAtNanos = System.nanoTime();
    current = c;
    if (closing) {
      c.close();
      return;
    }
    boolean again = everConnected;
    everConnected = true;
    if (again) {
      reporter.info("reconnected to " + shown());
    } else {
      reporter.info("connected to " + shown());
    }
    listener.connected(c, again);
  }

  private void lost(int code, String reason, boolean byRelay) {
    current = null;
    listener.lost(code, byRelay);
    String why = describe(code, reason);
    if (!options.reconnect()) {
      ended.completeExceptionally(
          new JamException(ExitCode.UNAVAILABLE, "connection to " + shown() + " lost: " + why));
      return;
    }
    if (System.nanoTime() - openedAtNanos >= TimeUnit.MILLISECONDS.toNanos(STABLE_MILLIS)) {
      backoff.reset();
    }
    String lostAt = shown();
    next();
    reporter.warn(
        "connection to "
            + lostAt
            + " lost ("
            + why
            + "); "
            + (urls.size() == 1 ? "reconnecting" : "moving to " + shown()));
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
          urls.size() == 1
              && (everConnected
                  ? e.getCause() instanceof RelayConnection.Refused r && r.isFinal()
                  : !StartFailure.worthWaiting(e));
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
      next();
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
