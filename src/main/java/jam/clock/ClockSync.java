package jam.clock;

import jam.Reporter;
import jam.protocol.Message;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Keeps a peer's estimate of its relay's clock: on each connection it sends a burst of {@link
 * Message.ClockPing}s, then one every {@link Schedule#intervalMs}, and feeds the relay's {@link
 * Message.ClockPong}s to an {@link OffsetEstimator}. A relay that has not answered the first ping
 * of a connection within {@link Schedule#answerTimeoutMs}, or that sends a peer its own ping back
 * (the tutorials' relays broadcast everything), does not keep a clock: the peer stops pinging it
 * and uses its own clock, saying so once. Estimates survive reconnections (the relay's clock is the
 * system's, so a restarted relay keeps the same time) and are refined by each new connection's
 * pings.
 *
 * <p>Threading: one daemon thread, {@code jam-clock}, sends pings and owns the estimator; {@link
 * #accept} may be called from any connection thread, the readers ({@link #state}, {@link
 * #relayNow}, {@link #nanosAt}) from any thread. Lifecycle: {@link #start}, then {@link #connected}
 * for each connection, {@link #close} once.
 */
public final class ClockSync implements AutoCloseable {
  /** Where a peer's clock stands. */
  public enum Status {
    /** Pinging; the estimate (if any) is still rough. */
    SYNCING,
    /** The estimate has enough samples to schedule by. */
    SYNCED,
    /**
     * The relay does not answer (or sync is off): the peer's own clock stands in for the relay's.
     */
    OWN_CLOCK
  }

  /**
   * What {@code jam sync} prints and the console shows.
   *
   * @param offsetMs the relay's clock minus this peer's, now
   * @param rttMs the shortest round trip seen, or NaN
   * @param accuracyMs how far off the offset probably is, or NaN
   */
  public record State(
      Status status, double offsetMs, double rttMs, double accuracyMs, int samples) {
    /** One JSON object, e.g. {@code {"status":"synced","offset_ms":-12.345,...}}. */
    public String toJson() {
      StringBuilder out =
          new StringBuilder(128)
              .append("{\"status\":\"")
              .append(status.name().toLowerCase(java.util.Locale.ROOT))
              .append('"');
      out.append(",\"offset_ms\":").append(round(offsetMs));
      out.append(",\"rtt_ms\":").append(Double.isNaN(rttMs) ? "null" : round(rttMs));
      out.append(",\"accuracy_ms\":").append(Double.isNaN(accuracyMs) ? "null" : round(accuracyMs));
      return out.append(",\"samples\":").append(samples).append('}').toString();
    }

    /**
     * For a status line: the offset, its accuracy and the round trip, e.g. "clock +12.3 ms ±0.2,
     * rtt 40.1 ms"; or "clock syncing", "own clock".
     */
    public String shortText() {
      return switch (status) {
        case OWN_CLOCK -> "own clock";
        case SYNCING -> "clock syncing";
        case SYNCED ->
            String.format(
                java.util.Locale.ROOT,
                "clock %+.1f ms ±%.1f, rtt %.1f ms",
                offsetMs,
                Double.isNaN(accuracyMs) ? 0 : accuracyMs,
                rttMs);
      };
    }

    private static String round(double ms) {
      return String.valueOf(Math.round(ms * 1000) / 1000.0);
    }
  }

  /**
   * How often to ping.
   *
   * @param burst pings sent at the start of each connection, {@code burstIntervalMs} apart
   * @param intervalMs time between pings after the burst; 0: none after it
   * @param settleSamples samples after which the estimate counts as synced
   * @param answerTimeoutMs a relay silent this long after a connection's first ping does not keep a
   *     clock
   */
  public record Schedule(
      int burst, long burstIntervalMs, long intervalMs, int settleSamples, long answerTimeoutMs) {
    /** For a peer that stays: 60 pings 50 ms apart (3 s), then one every 250 ms. */
    public static final Schedule PEER = new Schedule(60, 50, 250, 20, 1_000);

    /** For a command that schedules and leaves ({@code jam trigger}): 24 pings 10 ms apart. */
    public static final Schedule BRIEF = new Schedule(24, 10, 0, 16, 1_000);
  }

  private final Clock local;
  private final Reporter reporter;
  private final Schedule schedule;
  private final ScheduledExecutorService thread;
  private final CompletableFuture<State> settled = new CompletableFuture<>();
  private volatile Consumer<State> onChange = s -> {};

  // owned by the clock thread
  private final OffsetEstimator estimator = new OffsetEstimator();
  private final Map<Long, Double> outstanding =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Double> eldest) {
          return size() > 256;
        }
      };
  private long nextPing;
  private int generation;
  private boolean answered;

  /** This connection's relay keeps no clock (as far as we know); no pings go to it. */
  private boolean own;

  /** This connection's relay sent a ping of ours back: it broadcasts, and surely keeps no clock. */
  private boolean echoed;

  private Predicate<String> currentSend;
  private boolean warned;

  private volatile OffsetEstimator.Estimate estimate;
  private volatile State state;

  private ClockSync(Clock local, Reporter reporter, Schedule schedule) {
    this.local = local;
    this.reporter = reporter;
    this.schedule = schedule;
    this.state = new State(Status.SYNCING, 0, Double.NaN, Double.NaN, 0);
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "jam-clock");
              t.setDaemon(true);
              return t;
            });
  }

  /** A clock sync for a peer whose own clock is {@code local}; it pings once {@link #connected}. */
  public static ClockSync start(Clock local, Reporter reporter, Schedule schedule) {
    return new ClockSync(local, reporter, schedule);
  }

  /** A stand-in that never pings: the peer's own clock is the shared one (sync turned off). */
  public static ClockSync off(Clock local, Reporter reporter) {
    ClockSync sync = new ClockSync(local, reporter, Schedule.PEER);
    sync.thread.shutdown();
    sync.state = new State(Status.OWN_CLOCK, 0, Double.NaN, Double.NaN, 0);
    sync.settled.complete(sync.state);
    return sync;
  }

  /** The peer's own clock. */
  public Clock local() {
    return local;
  }

  /** Called with each new state, on the clock thread; must return quickly. */
  public void onChange(Consumer<State> listener) {
    onChange = listener;
  }

  /** Completes once the clock is synced or known to be the peer's own. */
  public CompletableFuture<State> settled() {
    return settled;
  }

  public State state() {
    return state;
  }

  /** A new connection to the relay, sending through {@code send}: pings start again. */
  public void connected(Predicate<String> send) {
    run(
        () -> {
          int gen = ++generation;
          answered = false;
          own = false;
          echoed = false;
          currentSend = send;
          for (int i = 0; i < schedule.burst(); i++) {
            later(i * schedule.burstIntervalMs(), () -> ping(gen, send));
          }
          later(
              schedule.answerTimeoutMs(),
              () -> {
                if (gen == generation && !answered) {
                  ownClock(
                      "the relay did not answer clock pings within "
                          + schedule.answerTimeoutMs()
                          + " ms");
                }
              });
          if (schedule.intervalMs() > 0) {
            later(schedule.burst() * schedule.burstIntervalMs(), () -> keepPinging(gen, send));
          }
        });
  }

  /** The connection is gone: pings stop until the next. */
  public void disconnected() {
    run(() -> generation++);
  }

  /**
   * Takes {@code text} if it is clock traffic (a pong to one of our pings, or our own ping sent
   * back by a relay that broadcasts), read at {@code arrivalNanos}; false for anything else. Pongs
   * that answer no ping of ours (another peer's, a replay) are taken and ignored.
   */
  public boolean accept(String text, long arrivalNanos) {
    if (!text.startsWith("{\"type\":\"clock-p")) {
      return false;
    }
    Message m = Message.parse(text);
    if (m instanceof Message.ClockPong pong) {
      double t3 = local.at(arrivalNanos);
      run(() -> pong(pong, t3));
      return true;
    }
    if (m instanceof Message.ClockPing ping) {
      run(
          () -> {
            Double sent = outstanding.get(ping.n());
            if (sent != null && Math.abs(sent - ping.t0()) < 0.001) {
              echoed = true;
              ownClock(
                  "the relay sends clock pings back to everyone instead of answering them (not a jam relay?)");
            }
          });
      return true;
    }
    return false;
  }

  /**
   * The relay's clock now (the own clock until synced, plus the estimated offset once there is
   * one).
   */
  public double relayNow() {
    return relayAt(System.nanoTime());
  }

  /** The relay's clock at {@code nanos}, a {@link System#nanoTime()}. */
  public double relayAt(long nanos) {
    double l = local.at(nanos);
    OffsetEstimator.Estimate e = estimate;
    return e == null ? l : e.relayTime(l);
  }

  /** The {@link System#nanoTime()} at which the relay's clock reads {@code relayMs}. */
  public long nanosAt(double relayMs) {
    OffsetEstimator.Estimate e = estimate;
    return local.nanosAt(e == null ? relayMs : e.localTime(relayMs));
  }

  /** Stops pinging. */
  @Override
  public void close() {
    thread.shutdownNow();
    settled.complete(state);
  }

  private void keepPinging(int gen, Predicate<String> send) {
    if (gen != generation || own) {
      return;
    }
    ping(gen, send);
    later(schedule.intervalMs(), () -> keepPinging(gen, send));
  }

  private void ping(int gen, Predicate<String> send) {
    if (gen != generation || own) {
      return;
    }
    long n = nextPing++;
    double t0 = local.now();
    outstanding.put(n, t0);
    send.test(new Message.ClockPing(n, t0).encode());
  }

  private void pong(Message.ClockPong pong, double t3) {
    Double sent = outstanding.get(pong.n());
    if (sent == null || Math.abs(sent - pong.t0()) >= 0.001) {
      return; // not an answer to a ping of ours (the wire carries t0 to the µs)
    }
    outstanding.remove(pong.n());
    answered = true;
    if (own && !echoed) {
      // a slow relay (a busy machine) rather than one that keeps no clock: it answers after all
      own = false;
      reporter.info("the relay answers clock pings after all: scheduled bangs play by its clock");
      if (schedule.intervalMs() > 0) {
        int gen = generation;
        Predicate<String> send = currentSend;
        later(0, () -> keepPinging(gen, send));
      }
    }
    if (own || !estimator.add(new OffsetEstimator.Sample(sent, pong.t1(), pong.t2(), t3))) {
      return;
    }
    OffsetEstimator.Estimate e = estimator.estimate();
    estimate = e;
    Status status = e.samples() >= schedule.settleSamples() ? Status.SYNCED : Status.SYNCING;
    publish(new State(status, e.relayTime(t3) - t3, e.rttMs(), e.accuracyMs(), e.samples()));
    if (status == Status.SYNCED) {
      settled.complete(state);
    }
  }

  private void ownClock(String why) {
    if (own) {
      return;
    }
    own = true; // no more pings on this connection
    estimate = null;
    estimator.clear();
    if (!warned) {
      warned = true;
      reporter.warn(why + ": scheduled bangs play by this machine's own clock");
    }
    publish(new State(Status.OWN_CLOCK, 0, Double.NaN, Double.NaN, 0));
    settled.complete(state);
  }

  private void publish(State s) {
    state = s;
    try {
      onChange.accept(s);
    } catch (RuntimeException e) {
      reporter.debug("clock listener failed: " + e);
    }
  }

  private void run(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  private void later(long millis, Runnable task) {
    try {
      thread.schedule(task, millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /** How long {@link Schedule#PEER} takes to settle on a quiet network, for callers that wait. */
  public static Duration settleTime(Schedule s) {
    return Duration.ofMillis(s.settleSamples() * s.burstIntervalMs() + s.answerTimeoutMs());
  }
}
