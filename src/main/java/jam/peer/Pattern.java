package jam.peer;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.clock.Beats;
import jam.clock.Clock;
import jam.clock.ClockSync;
import jam.protocol.Message;
import jam.protocol.RelayUrls;
import jam.tls.ClientTrust;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * What {@code jam trigger} does for bangs with a time, and {@code jam play --together} for a track:
 * it syncs with the relay's clock ({@link ClockSync.Schedule#BRIEF}), works out when the first
 * event sounds on that clock ({@link When}), and sends event {@code k} of the pattern ({@link
 * Events}), timed {@code first + k × interval}, {@link #LOOKAHEAD_MS} before it is due, so every
 * peer has it in time and places it on its own audio clock; it returns once the last event's time
 * has come. Times come from the shared clock, never from sleeps, so a pattern does not drift
 * however long it runs. Stateless; each {@link #fire} owns its connection.
 */
public final class Pattern {
  /** How far ahead of its time a bang is sent: more than any network's one-way delay. */
  public static final double LOOKAHEAD_MS = 1_000;

  /** Without --in, --at or --quantize, a pattern starts this far from now. */
  public static final double DEFAULT_LEAD_MS = 250;

  /**
   * With --quantize alone, the first bang is at least this far off, so it reaches the peers in
   * time.
   */
  public static final double MIN_LEAD_MS = 100;

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration ECHO_TIMEOUT = Duration.ofSeconds(2);

  /**
   * When the first bang sounds.
   *
   * @param inMs from now, or null
   * @param atMs a time on the shared clock, or null
   * @param quantumBeats the first bang moves to the next multiple of this many beats; 0: it does
   *     not
   */
  public record When(Double inMs, Double atMs, double quantumBeats) {
    public When {
      if (inMs != null && atMs != null) {
        throw new IllegalArgumentException("a start either from now or at a time, not both");
      }
      if (quantumBeats < 0) {
        throw new IllegalArgumentException("quantum must not be negative");
      }
    }

    /**
     * The first bang's time on the relay's clock, now being {@code nowMs}.
     *
     * @throws JamException ({@link ExitCode#USAGE}) when that is in the past or beyond what peers
     *     play
     */
    public double first(double nowMs, Message.Tempo tempo) {
      double t =
          atMs != null
              ? atMs
              : nowMs + (inMs != null ? inMs : quantumBeats > 0 ? MIN_LEAD_MS : DEFAULT_LEAD_MS);
      if (quantumBeats > 0) {
        t = Beats.next(tempo == null ? Beats.DEFAULT : tempo, t, quantumBeats);
      }
      if (t < nowMs) {
        throw new JamException(
            ExitCode.USAGE,
            "--at is " + Math.round(nowMs - t) + " ms in the past on the relay's clock");
      }
      if (t - nowMs > TrackPeer.MAX_AHEAD_MS) {
        throw new JamException(
            ExitCode.USAGE,
            "the first bang would be "
                + Math.round((t - nowMs) / 1000)
                + " s ahead; peers play bangs at most "
                + TrackPeer.MAX_AHEAD_MS / 1000
                + " s ahead");
      }
      return t;
    }
  }

  private Pattern() {}

  /**
   * What a pattern sends: one message per event, {@link #intervalMs} apart. Both may depend on the
   * relay's beat ({@link Beats#DEFAULT} when it has none).
   */
  public interface Events {
    /** The message of the event at {@code timeMs} on the relay's clock. */
    String at(double timeMs, Message.Tempo tempo);

    /** The time from one event to the next. */
    double intervalMs(Message.Tempo tempo);

    /** What the events are, for messages: "bangs", "plays". */
    String noun();
  }

  /** Bangs of one sound, {@code interval} apart, {@code from} a name (or null). */
  public static Events bangs(String sound, String from, Duration interval) {
    return new Bangs(sound, from, interval.toNanos() / 1e6);
  }

  /**
   * A track, from its start each time ({@code jam play --together}): rows {@code stepMs} apart, or
   * with {@code stepsPerBeat} above 0 that many rows to a beat of the relay's tempo; each repeat
   * starts on a bar of 4 beats (the next after the track's end).
   */
  public static Events plays(
      String name, List<List<Double>> data, double stepMs, int stepsPerBeat) {
    return new Plays(name, data, stepMs, stepsPerBeat);
  }

  private static final class Bangs implements Events {
    private final String sound;
    private final String from;
    private final double intervalMs;

    Bangs(String sound, String from, double intervalMs) {
      this.sound = sound;
      this.from = from;
      this.intervalMs = intervalMs;
    }

    @Override
    public String at(double timeMs, Message.Tempo tempo) {
      return new Message.Bang(sound, timeMs, from).encode();
    }

    @Override
    public double intervalMs(Message.Tempo tempo) {
      return intervalMs;
    }

    @Override
    public String noun() {
      return "bangs";
    }
  }

  private static final class Plays implements Events {
    private final String name;
    private final List<List<Double>> data;
    private final double stepMs;
    private final int stepsPerBeat;

    Plays(String name, List<List<Double>> data, double stepMs, int stepsPerBeat) {
      this.name = name;
      this.data = data;
      this.stepMs = stepMs;
      this.stepsPerBeat = stepsPerBeat;
    }

    private double step(Message.Tempo tempo) {
      return stepsPerBeat > 0
          ? Beats.beatMs(tempo == null ? Beats.DEFAULT : tempo) / stepsPerBeat
          : stepMs;
    }

    @Override
    public String at(double timeMs, Message.Tempo tempo) {
      return new Message.Play(name, data, timeMs, step(tempo)).encode();
    }

    @Override
    public double intervalMs(Message.Tempo tempo) {
      double bar = 4 * Beats.beatMs(tempo == null ? Beats.DEFAULT : tempo);
      return Math.max(1, Math.ceil(data.size() * step(tempo) / bar - 1e-9)) * bar;
    }

    @Override
    public String noun() {
      return "plays";
    }
  }

  /**
   * Connects, syncs, sends {@code count} events (0: until interrupted) {@code interval} apart from
   * the time {@code when} gives, waits until they are sent and echoed, and closes with 1000.
   * Progress and the clock's state go to {@code reporter} (debug).
   *
   * @throws JamException ({@link ExitCode#UNAVAILABLE}) when the relay cannot be reached or the
   *     connection is lost; ({@link ExitCode#USAGE}) when the first time is out of bounds
   * @throws InterruptedException when interrupted (how an endless pattern ends)
   */
  public static void fire(
      URI url,
      ClientTrust trust,
      Duration connectTimeout,
      Clock local,
      Events events,
      When when,
      int count,
      Reporter reporter)
      throws InterruptedException {
    Objects.requireNonNull(when, "when");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    ClockSync sync = ClockSync.start(local, reporter, ClockSync.Schedule.BRIEF);
    Echoes echoes = new Echoes(sync);
    try (Link connection = Trigger.connect(url, trust, connectTimeout, echoes)) {
      sync.connected(connection::send);
      ClockSync.State state;
      try {
        state =
            sync.settled()
                .get(
                    ClockSync.settleTime(ClockSync.Schedule.BRIEF).toMillis() + 1_000,
                    TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        state = sync.state();
      }
      if (reporter.debugEnabled()) {
        reporter.debug("clock: " + state.toJson());
      }
      Message.Tempo tempo = echoes.tempo;
      double first = when.first(sync.relayNow(), tempo);
      double intervalMs = events.intervalMs(tempo);
      int sent = 0;
      double at = first;
      for (int k = 0; count == 0 || k < count; k++) {
        at = first + k * intervalMs;
        parkUntil(sync.nanosAt(at - LOOKAHEAD_MS));
        String text = events.at(at, tempo);
        echoes.expect(text);
        if (echoes.closed || !connection.send(text)) {
          throw lost(url, echoes, sent, count);
        }
        sent++;
      }
      if (!connection.awaitSent(SEND_TIMEOUT) || echoes.closed) {
        throw lost(url, echoes, sent, count);
      }
      parkUntil(
          sync.nanosAt(
              at)); // a pattern takes as long as it plays, and Ctrl-C meanwhile is the usual stop
      if (!echoes.awaitAll(ECHO_TIMEOUT) && reporter.debugEnabled()) {
        reporter.debug(
            "not everything sent came back from the relay within "
                + ECHO_TIMEOUT.toSeconds()
                + " s");
      }
      if (reporter.debugEnabled()) {
        reporter.debug(
            "sent "
                + sent
                + " "
                + events.noun()
                + " from "
                + first
                + " on the relay's clock to "
                + RelayUrls.redact(url));
      }
    } finally {
      sync.close();
    }
  }

  private static JamException lost(URI url, Echoes echoes, int sent, int count) {
    return new JamException(
        ExitCode.UNAVAILABLE,
        "connection to "
            + RelayUrls.redact(url)
            + " lost"
            + (echoes.closed ? " (" + echoes.code + ")" : "")
            + " after "
            + sent
            + (count == 0 ? "" : " of " + count)
            + " sent");
  }

  private static void parkUntil(long deadlineNanos) throws InterruptedException {
    for (long left; (left = deadlineNanos - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  /** Feeds clock traffic to the sync, notes the relay's tempo, and counts the bangs sent back. */
  private static final class Echoes extends Link.Listener {
    private final ClockSync sync;
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicInteger outstanding = new AtomicInteger();
    volatile Message.Tempo tempo;
    volatile boolean closed;
    volatile int code;

    Echoes(ClockSync sync) {
      this.sync = sync;
    }

    void expect(String text) {
      if (waiting.add(text)) {
        outstanding.incrementAndGet();
      }
    }

    boolean awaitAll(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (this) {
        for (long left; outstanding.get() > 0 && (left = deadline - System.nanoTime()) > 0; ) {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      }
      return outstanding.get() == 0;
    }

    @Override
    public void text(String text) {
      long nanos = System.nanoTime();
      if (sync.accept(text, nanos)) {
        return;
      }
      if (waiting.remove(text)) {
        if (outstanding.decrementAndGet() == 0) {
          synchronized (this) {
            notifyAll();
          }
        }
        return;
      }
      if (text.startsWith("{\"type\":\"tempo\"")
          && Message.parse(text) instanceof Message.Tempo t) {
        tempo = t;
      }
    }

    @Override
    public void closed(int code) {
      this.code = code;
      closed = true;
      synchronized (this) {
        notifyAll();
      }
    }
  }
}
