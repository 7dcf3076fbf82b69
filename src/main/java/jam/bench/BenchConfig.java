package jam.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One benchmark run, as asked for. Validated on construction; a message names the option.
 *
 * @param target the relay
 * @param mode what the peers do
 * @param peers receiving peers (broadcast, trigger) or peers that each own a track (storm)
 * @param senders sending connections besides the peers (broadcast, trigger)
 * @param messages most messages to send; {@link Long#MAX_VALUE} for no limit (the duration ends it)
 * @param size bytes per message (broadcast) or per peer's track array (storm); unused by trigger
 * @param rate messages per second from all senders together; 0 for as fast as the relay goes
 * @param duration sending time (broadcast, trigger) or the time limit (storm)
 * @param arrival how storm peers join
 * @param serverPids the processes that do the relaying (one relay, or the relays of a cluster and
 *     its NATS server), to read their CPU time and memory from /proc, summed; empty for none
 * @param warmUp first run this mode briefly against an in-process relay, so that the measured run
 *     does not pay for this JVM's just-in-time compilation
 * @param senderTarget where the senders connect (broadcast, trigger), the receivers staying on
 *     {@code target}: a sender on one relay of a cluster, its receivers on another; null for {@code
 *     target}
 */
public record BenchConfig(
    Target target,
    Mode mode,
    int peers,
    int senders,
    long messages,
    int size,
    double rate,
    Duration duration,
    Arrival arrival,
    List<Long> serverPids,
    boolean warmUp,
    Target senderTarget) {

  /** The load a run puts on the relay. */
  public enum Mode {
    /** Timestamped messages from the senders to every peer (loadgen.js's "bcast"). */
    BROADCAST("bcast"),
    /** {@code trigger-input} from one sender, {@code trigger-output} back to every peer. */
    TRIGGER("trigger"),
    /**
     * Peers that each own one track join and answer {@code collect}, as the tutorial's pages do.
     */
    STORM("storm");

    private final String wireName;

    Mode(String wireName) {
      this.wireName = wireName;
    }

    /**
     * The name in the JSON output, the same as loadgen.js writes, so both can be tabled together.
     */
    public String jsonName() {
      return wireName;
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How storm peers join. */
  public enum Arrival {
    /** Peer k+1 connects once peer k has had its first {@code collect}. */
    SEQUENTIAL,
    /** All peers connect at once. */
    BURST;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The smallest broadcast message: the fixed header, one filler character and the closing bracket.
   */
  public static final int MIN_BROADCAST_SIZE = Payloads.HEADER + 3;

  public static final int MAX_PEERS = 100_000;

  /** A storm keeps a peer x track bit matrix: 20,000 peers take 50 MB. */
  public static final int MAX_STORM_PEERS = 20_000;

  public BenchConfig {
    if (target == null || mode == null || duration == null || arrival == null) {
      throw new IllegalArgumentException("target, mode, duration and arrival must be given");
    }
    int most = mode == Mode.STORM ? MAX_STORM_PEERS : MAX_PEERS;
    if (peers < (mode == Mode.STORM ? 2 : 1) || peers > most) {
      throw new IllegalArgumentException(
          "--peers must be "
              + (mode == Mode.STORM ? 2 : 1)
              + " to "
              + most
              + " in "
              + mode
              + " mode, not "
              + peers);
    }
    if (senders < 1 || senders > 999) {
      throw new IllegalArgumentException("--senders must be 1 to 999, not " + senders);
    }
    if ((long) peers * senders > 10_000_000L) {
      throw new IllegalArgumentException(
          "--peers x --senders must be at most 10,000,000, not " + (long) peers * senders);
    }
    if (mode == Mode.TRIGGER && senders != 1) {
      throw new IllegalArgumentException("--mode trigger takes one sender, not " + senders);
    }
    if (messages < 1) {
      throw new IllegalArgumentException("--messages must be at least 1, not " + messages);
    }
    if (mode == Mode.BROADCAST && size < MIN_BROADCAST_SIZE) {
      throw new IllegalArgumentException(
          "--size must be at least "
              + MIN_BROADCAST_SIZE
              + " bytes in broadcast mode, not "
              + size);
    }
    if (size < 1 || size > (16 << 20)) {
      throw new IllegalArgumentException("--size must be 1 byte to 16 MiB, not " + size);
    }
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("--rate must be 'max' or a positive number, not " + rate);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--duration must be positive");
    }
    if (serverPids == null) {
      throw new IllegalArgumentException("serverPids must not be null");
    }
    for (long pid : serverPids) {
      if (pid <= 0) {
        throw new IllegalArgumentException("--server-pid must be a process id, not " + pid);
      }
    }
    serverPids = List.copyOf(serverPids);
    if (senderTarget != null && mode == Mode.STORM) {
      throw new IllegalArgumentException(
          "--sender-url is for broadcast and trigger mode: a storm has no senders");
    }
  }

  /** Where the senders connect: {@code senderTarget}, else {@code target}. */
  public Target sendersTarget() {
    return senderTarget == null ? target : senderTarget;
  }

  /** The message size when none is given: 64 B (a bang), 200 B per track array in a storm. */
  public static int defaultSize(Mode mode) {
    return mode == Mode.STORM ? 200 : 64;
  }

  /** The duration when none is given: 10 s of sending, or a 120 s limit for a storm. */
  public static Duration defaultDuration(Mode mode) {
    return mode == Mode.STORM ? Duration.ofSeconds(120) : Duration.ofSeconds(10);
  }

  /** True for {@code --rate max}. */
  public boolean maxRate() {
    return rate == 0;
  }
}
