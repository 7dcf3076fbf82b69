package jam.sound.bench;

import jam.Reporter;
import jam.StreamReporter;
import jam.peer.RelayConnection;
import jam.peer.Session;
import jam.peer.TrackPeer;
import jam.protocol.Message;
import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.sound.AudioEngine;
import jam.sound.AudioSettings;
import jam.track.Store;
import jam.track.Track;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A benchmark, not a test: how long a bang takes over the wire on loopback, measured where {@code
 * jam join} measures nothing. In one JVM: a relay, and a receiving peer that does what {@code jam
 * join} does with a bang (a {@link TrackPeer} whose sink calls {@link AudioEngine#bang(String,
 * long)} with the time the message was read). Reported, p50/p90/p99/max:
 *
 * <ol>
 *   <li><b>arrival → line</b>: from the message read off the socket to the block holding the bang's
 *       first sample written to the line ({@code Playback.started()}), over {@code BANGS} bangs
 *       (after 200 unmeasured) sent 5 to 15 ms apart at random by a connection in the same JVM;
 *       also send → line.
 *   <li><b>jam trigger start → line</b>: from starting {@code bin/jam trigger --sound hat URL} as a
 *       new process to the same moment, over {@code LAUNCHES} launches (after 3 unmeasured), one at
 *       a time. This is mostly the JVM's start-up.
 * </ol>
 *
 * <pre>
 * mvn -q package -DskipTests &amp;&amp; mvn -q test-compile
 * mkdir -p /tmp/alsa-null &amp;&amp; echo 'pcm.!default { type file; slave.pcm "null"; file "/dev/null"; format "raw" }' \
 *   &gt; /tmp/alsa-null/.asoundrc
 * HOME=/tmp/alsa-null java -cp target/jam.jar:target/test-classes jam.sound.bench.TriggerLatency [BANGS [LAUNCHES]]
 * </pre>
 */
public final class TriggerLatency {
  private static final int WARMUP_BANGS = 200;
  private static final int WARMUP_LAUNCHES = 3;

  private TriggerLatency() {}

  /**
   * One bang heard by the receiver: read at {@code arrival}, its first block written at {@code
   * written}.
   */
  private record Heard(long arrival, long written) {}

  public static void main(String[] args) throws Exception {
    int bangs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int launches = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    System.out.println("load before: " + loadavg());
    BlockingQueue<Heard> heard = new LinkedBlockingQueue<>();
    Path store = Files.createTempFile("jam-bench", ".json");
    try (Relay relay = Relay.start(RelayConfig.loopback(), new RelayListener() {});
        AudioEngine engine = AudioEngine.start(AudioSettings.speakers(), stderr());
        TrackPeer receiver =
            TrackPeer.start(
                java.net.URI.create(relay.url()),
                Session.Options.defaults(),
                new Store(store),
                new Ears(engine, heard),
                stderr())) {
      System.out.println("audible: " + engine.audible());
      wireLatency(relay, heard, bangs);
      triggerLatency(relay, heard, launches);
    } finally {
      Files.deleteIfExists(store);
    }
    System.out.println("load after: " + loadavg());
  }

  private static void wireLatency(Relay relay, BlockingQueue<Heard> heard, int bangs)
      throws Exception {
    long[] arrivalToLine = new long[bangs];
    long[] sendToLine = new long[bangs];
    String bang = new Message.Bang("hat").encode();
    SplittableRandom random = new SplittableRandom(42);
    try (RelayConnection sender =
        RelayConnection.open(
            java.net.URI.create(relay.url()), Duration.ofSeconds(5), (c, t) -> {})) {
      for (int i = -WARMUP_BANGS; i < bangs; i++) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextLong(5_000, 15_000)));
        long sent = System.nanoTime();
        sender.send(bang);
        Heard h = heard.poll(2, TimeUnit.SECONDS);
        if (h == null) {
          throw new IllegalStateException("bang " + i + " was not heard within 2 s");
        }
        if (i >= 0) {
          arrivalToLine[i] = h.written() - h.arrival();
          sendToLine[i] = h.written() - sent;
        }
      }
    }
    print("arrival -> first sample written to the line", arrivalToLine);
    print("send (same JVM) -> first sample written to the line", sendToLine);
  }

  private static void triggerLatency(Relay relay, BlockingQueue<Heard> heard, int launches)
      throws Exception {
    long[] startToLine = new long[launches];
    int measured = 0;
    Path launcher = Path.of("bin", "jam").toAbsolutePath();
    Path output = Files.createTempFile("jam-trigger", ".txt");
    try {
      for (int i = -WARMUP_LAUNCHES; i < launches; i++) {
        long start = System.nanoTime();
        Process trigger =
            new ProcessBuilder(
                    List.of(launcher.toString(), "trigger", "--sound", "hat", relay.url()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!trigger.waitFor(30, TimeUnit.SECONDS)) {
          trigger.destroyForcibly().waitFor();
        }
        Heard h = heard.poll(5, TimeUnit.SECONDS);
        if (h == null || trigger.exitValue() != 0) {
          System.out.printf(
              "launch %d: %s, exit %d: %s%n",
              i,
              h == null ? "not heard" : "heard",
              trigger.exitValue(),
              Files.readString(output).trim());
          continue;
        }
        if (i >= 0) {
          startToLine[measured++] = h.written() - start;
        }
      }
    } finally {
      Files.deleteIfExists(output);
    }
    print(
        "jam trigger process start -> first sample written to the line",
        Arrays.copyOf(startToLine, measured));
  }

  /** What jam join does with a bang, and a note of when its first sample reached the line. */
  private record Ears(AudioEngine engine, BlockingQueue<Heard> heard) implements TrackPeer.Sink {
    @Override
    public boolean accept(Track track) {
      return true;
    }

    @Override
    public void bang(Message.Bang bang, long arrivalNanos) {
      engine
          .bang(bang.sound(), arrivalNanos)
          .started()
          .thenAccept(written -> heard.add(new Heard(arrivalNanos, written)));
    }
  }

  private static void print(String what, long[] nanos) {
    if (nanos.length == 0) {
      System.out.println(what + ": n=0");
      return;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "%s: n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms%n",
        what,
        sorted.length,
        millis(sorted, 0.50),
        millis(sorted, 0.90),
        millis(sorted, 0.99),
        sorted[sorted.length - 1] / 1e6);
  }

  private static double millis(long[] sorted, double quantile) {
    return sorted[(int) Math.ceil(quantile * sorted.length) - 1] / 1e6;
  }

  private static String loadavg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim()
          + " ("
          + Runtime.getRuntime().availableProcessors()
          + " cores)";
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static Reporter stderr() {
    return new StreamReporter(new PrintWriter(System.err, true), true, false);
  }
}
