package jam.sound.bench;

import jam.Reporter;
import jam.StreamReporter;
import jam.sound.AudioEngine;
import jam.sound.AudioSettings;
import jam.sound.Playback;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A benchmark, not a test: the latency from scheduling a bang ({@link AudioEngine#bang(String)}) to
 * the moment the block holding its first sample has been written to the line ({@link
 * Playback#started()}), p50/p90/p99/max over {@code COUNT} bangs after 200 unmeasured ones. Bangs
 * come 5 to 15 ms apart at random, so they fall on every phase of the engine's 5 ms blocks; each
 * waits for the previous one to be written. Single-threaded apart from the engine. Sound reaches
 * the speaker after what the line already holds on top of this (~10 ms by design) and the device's
 * own latency.
 *
 * <pre>
 * mvn -q test-compile
 * mkdir -p /tmp/alsa-null &amp;&amp; echo 'pcm.!default { type file; slave.pcm "null"; file "/dev/null"; format "raw" }' \
 *   &gt; /tmp/alsa-null/.asoundrc
 * HOME=/tmp/alsa-null java -cp target/test-classes:target/classes jam.sound.bench.BangLatency [COUNT [SOUND [--mute]]]
 * </pre>
 */
public final class BangLatency {
  private static final int WARMUP = 200;

  private BangLatency() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    String sound = args.length > 1 ? args[1] : "hat";
    boolean mute = args.length > 2 && args[2].equals("--mute");
    long[] latency = new long[count];
    SplittableRandom random = new SplittableRandom(42);
    boolean audible;
    try (AudioEngine engine = AudioEngine.start(new AudioSettings(mute, null), stderr())) {
      audible = engine.audible();
      for (int i = -WARMUP; i < count; i++) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextLong(5_000, 15_000)));
        Playback bang = engine.bang(sound);
        long written = bang.started().get(1, TimeUnit.SECONDS);
        if (i >= 0) {
          latency[i] = written - bang.requestedNanos();
        }
      }
    }
    Arrays.sort(latency);
    System.out.printf(
        "bang -> first sample written to the %s: n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms%n",
        audible ? "line" : "recording (no line)",
        count,
        millis(latency, 0.50),
        millis(latency, 0.90),
        millis(latency, 0.99),
        latency[count - 1] / 1e6);
  }

  private static double millis(long[] sorted, double quantile) {
    return sorted[(int) Math.ceil(quantile * sorted.length) - 1] / 1e6;
  }

  private static Reporter stderr() {
    return new StreamReporter(new PrintWriter(System.err, true), false, false);
  }
}
