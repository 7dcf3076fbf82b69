package jam.cluster;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The other relays' clock offsets to this relay's, from probes over NATS (as a peer measures its
 * offset to its relay: {@code ((t1 - t0) + (t2 - t3)) / 2}, the answer with the shortest round trip
 * of the last {@link #SAMPLES} kept, true to within half that round trip). Peers on different
 * relays share the time only as well as their relays' clocks agree, so an offset known to be beyond
 * {@link #BOUND_MS} (even at the near end of its error) is said once, and its return once; the
 * first verdict waits for {@link #FIRST_VERDICT} answers, so that one slow first answer is not what
 * is said. Guarded by this.
 */
final class RelayClocks {
  /** Answers kept per relay; the one with the shortest round trip counts. */
  static final int SAMPLES = 8;

  /** Beyond this, peers on the two relays would play a scheduled bang audibly apart. */
  static final double BOUND_MS = 2.0;

  /** Answers from a relay before its offset is first judged against the bound. */
  static final int FIRST_VERDICT = 4;

  /**
   * What a new estimate changed: said when a relay's offset crosses the bound. The offset is true
   * to within {@link #errorMs}.
   */
  record Verdict(String relay, double offsetMs, double rttMs, boolean beyond) {
    /** How far the true offset can be from {@link #offsetMs}: half the round trip. */
    double errorMs() {
      return rttMs / 2;
    }
  }

  private record Sample(double offsetMs, double rttMs) {}

  private final Map<String, ArrayDeque<Sample>> samples = new HashMap<>();
  private final Map<String, Boolean> beyond = new HashMap<>();

  /**
   * Takes an answer from {@code relay}: {@code t0} this relay's clock when it probed, {@code t1}
   * and {@code t2} the other's when it received and answered, {@code t3} this one's now. A verdict
   * when the best offset crossed the bound (either way), else null.
   */
  synchronized Verdict answer(String relay, double t0, double t1, double t2, double t3) {
    double rtt = (t3 - t0) - (t2 - t1);
    if (!(rtt >= 0) || !Double.isFinite(t1 + t2)) {
      return null;
    }
    ArrayDeque<Sample> kept = samples.computeIfAbsent(relay, r -> new ArrayDeque<>());
    kept.addLast(new Sample(((t1 - t0) + (t2 - t3)) / 2, rtt));
    if (kept.size() > SAMPLES) {
      kept.pollFirst();
    }
    if (kept.size() < FIRST_VERDICT && !beyond.containsKey(relay)) {
      return null;
    }
    Sample best = kept.stream().min((a, b) -> Double.compare(a.rttMs, b.rttMs)).orElseThrow();
    // beyond only when known to be: a busy host's long round trips alone never warn
    boolean out = Math.abs(best.offsetMs) - best.rttMs / 2 > BOUND_MS;
    Boolean was = beyond.put(relay, out);
    if ((was == null && out) || (was != null && was != out)) {
      return new Verdict(relay, best.offsetMs, best.rttMs, out);
    }
    return null;
  }

  /** The best offset of {@code relay}'s clock to this one's, in ms, or NaN before an answer. */
  synchronized double offset(String relay) {
    ArrayDeque<Sample> kept = samples.get(relay);
    if (kept == null || kept.isEmpty()) {
      return Double.NaN;
    }
    return kept.stream().min((a, b) -> Double.compare(a.rttMs, b.rttMs)).orElseThrow().offsetMs;
  }

  /** Whether no relay, or one too few times, has answered to be judged yet: probe more often. */
  synchronized boolean settling() {
    return samples.isEmpty()
        || samples.values().stream().anyMatch(kept -> kept.size() < FIRST_VERDICT);
  }

  /** Forgets a relay that left. */
  synchronized void forget(String relay) {
    samples.remove(relay);
    beyond.remove(relay);
  }
}
