package jam.relay;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.framing.PingFrame;

/**
 * {@code jam serve --align}: each {@code trigger-output} leaves at a time per peer such that it
 * reaches every peer at about the same moment, so that clients which play a bang on receipt (the
 * tutorials') play together without a change. The farthest peer gets it at once, each other peer
 * later by the difference between the farthest one-way time and its own.
 *
 * <p>A peer's one-way time is half the shortest round trip of the relay's last {@link #SAMPLES}
 * WebSocket pings to it. The pings carry the relay's send time ({@link #ping}); every WebSocket
 * client answers them by itself, so tutorial clients need nothing. Peers with no round trip yet, or
 * one over {@link #MAX_ONE_WAY_MS}, get the frame at once and do not count towards the farthest.
 * Only trigger-output is held back; other messages to a peer may overtake it by that difference.
 *
 * <p>Thread safe: pongs are noted from decoder threads, sends come from decoder threads, and held
 * frames leave from the scheduler thread given at construction.
 */
final class Alignment {
  /** How often each peer is pinged. */
  static final long PING_INTERVAL_MILLIS = 1_000;

  /** Round trips kept per peer; the shortest counts. */
  static final int SAMPLES = 16;

  /** A peer farther than this is not waited for. */
  static final double MAX_ONE_WAY_MS = 1_000;

  /** Frames due within this of each other leave together. */
  private static final long BUCKET_NANOS = 250_000;

  /** The first bytes of the relay's ping payload, then the send time ({@code System.nanoTime}). */
  private static final int MAGIC = 0x6a616d41; // "jamA"

  private final ScheduledExecutorService timer;

  Alignment(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** A ping that carries its send time, for {@link #pong}. */
  static PingFrame ping() {
    PingFrame frame = new PingFrame();
    frame.setPayload(ByteBuffer.allocate(12).putInt(MAGIC).putLong(System.nanoTime()).flip());
    return frame;
  }

  /**
   * Notes the round trip of a pong's payload, received at {@code nowNanos}; ignores payloads that
   * are not the relay's.
   */
  static void pong(RoundTrips trips, ByteBuffer payload, long nowNanos) {
    if (trips == null || payload.remaining() != 12) {
      return;
    }
    ByteBuffer p = payload.duplicate();
    if (p.getInt() != MAGIC) {
      return;
    }
    long rtt = nowNanos - p.getLong();
    if (rtt >= 0 && rtt < TimeUnit.SECONDS.toNanos(10)) {
      trips.note(rtt);
    }
  }

  /**
   * Sends {@code frame} to every peer of {@code to} so that it arrives at the same moment: those
   * with no wait through {@code now}, the others later through {@code later}.
   */
  void send(ByteBuffer frame, Peer[] to, Sender now, Sender later) {
    long farthest = 0;
    for (Peer p : to) {
      long w = oneWay(p);
      farthest = Math.max(farthest, w);
    }
    List<Peer> atOnce = new ArrayList<>(to.length);
    Map<Long, List<Peer>> held = new TreeMap<>();
    for (Peer p : to) {
      long w = oneWay(p);
      long wait = w < 0 ? 0 : farthest - w;
      if (wait < BUCKET_NANOS) {
        atOnce.add(p);
      } else {
        held.computeIfAbsent(wait / BUCKET_NANOS, k -> new ArrayList<>()).add(p);
      }
    }
    for (Map.Entry<Long, List<Peer>> e : held.entrySet()) {
      Peer[] group = e.getValue().toArray(new Peer[0]);
      timer.schedule(
          () -> later.send(frame, group), e.getKey() * BUCKET_NANOS, TimeUnit.NANOSECONDS);
    }
    now.send(frame, atOnce.toArray(new Peer[0]));
  }

  /** The peer's one-way time in ns, or -1 when it is unknown or too far to wait for. */
  private static long oneWay(Peer p) {
    long rtt = p.roundTrips == null ? -1 : p.roundTrips.shortest();
    if (rtt < 0 || rtt / 2 > MAX_ONE_WAY_MS * 1e6) {
      return -1;
    }
    return rtt / 2;
  }

  /** Where a frame goes out: the fan-out, inside or outside the decoder's batch. */
  interface Sender {
    void send(ByteBuffer frame, Peer[] to);
  }

  /** One peer's last {@link #SAMPLES} round trips. Thread safe. */
  static final class RoundTrips {
    private final long[] nanos = new long[SAMPLES];
    private int count;
    private int next;

    synchronized void note(long rttNanos) {
      nanos[next] = rttNanos;
      next = (next + 1) % SAMPLES;
      count = Math.min(count + 1, SAMPLES);
    }

    /** The shortest kept round trip in ns, or -1 before the first. */
    synchronized long shortest() {
      long min = -1;
      for (int i = 0; i < count; i++) {
        min = min < 0 ? nanos[i] : Math.min(min, nanos[i]);
      }
      return min;
    }
  }
}
