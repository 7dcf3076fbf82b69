package jam.timing;

import jam.clock.Clock;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * The timing harness: how close together scheduled bangs sound on jam peers whose clocks are off
 * and whose networks differ. All through {@code bin/jam}: a relay; {@code peers} joins, each behind
 * its own {@link DelayProxy} (mean one-way delays spread evenly over [minDelay, maxDelay], the same
 * both ways unless {@code asymmetryMs} is given, jitter ±{@code jitterMs} in each direction), each
 * with its clock shifted by {@code JAM_CLOCK_OFFSET_MS} (spread over ±{@code maxOffsetMs}, in an
 * order unrelated to the delays), each rendering in real time to a WAV ({@code --mute
 * --audio-out}); then one {@code jam trigger --at T --count bangs --interval I --sound hat}. Onsets
 * are found in the WAVs ({@link Onsets}) and put on the true clock by each WAV's {@code .json}; per
 * bang, the spread is the latest onset minus the earliest, and each onset's error is its time minus
 * T + k·I.
 *
 * <p>{@code main} runs one configuration and prints one JSON line: {@code bench/timing.sh} calls
 * it.
 */
public final class TimingRun {
  /** What to run. */
  public record Config(
      int peers,
      int bangs,
      double intervalMs,
      double maxOffsetMs,
      double minDelayMs,
      double maxDelayMs,
      double jitterMs,
      double asymmetryMs,
      boolean sync,
      double settleMs,
      long seed) {
    /**
     * The goal set-up: 10 peers, 50 bangs, ±500 ms clocks, 5–80 ms delays, ±10 ms jitter.
     */
    static Config goal() {
      return new Config(10, 50, 250, 500, 5, 80, 10, 0, true, 8_000, 1);
    }
  }

  /** What came out: spreads and errors in ms, and bangs that did not sound on time. */
  public record Result(
      Config config,
      double[] spreads,
      double[] errors,
      int late,
      int missing,
      List<String> problems) {
    double spread(double q) {
      return quantile(spreads, q);
    }

    double absError(double q) {
      double[] abs = Arrays.stream(errors).map(Math::abs).toArray();
      return quantile(abs, q);
    }

    double meanError() {
      return Arrays.stream(errors).average().orElse(Double.NaN);
    }

    String toJson() {
      Config c = config;
      return String.format(
          Locale.ROOT,
          "{\"peers\":%d,\"bangs\":%d,\"interval_ms\":%.0f,\"max_offset_ms\":%.0f,\"delay_ms\":[%.0f,%.0f],\"jitter_ms\":%.0f,"
              + "\"asymmetry_ms\":%.1f,\"sync\":%b,\"spread_ms\":{\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
              + "\"abs_error_ms\":{\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},\"mean_error_ms\":%.3f,\"late\":%d,\"missing\":%d}",
          c.peers(),
          c.bangs(),
          c.intervalMs(),
          c.maxOffsetMs(),
          c.minDelayMs(),
          c.maxDelayMs(),
          c.jitterMs(),
          c.asymmetryMs(),
          c.sync(),
          spread(0.5),
          spread(0.99),
          spread(1),
          absError(0.5),
          absError(0.99),
          absError(1),
          meanError(),
          late,
          missing);
    }
  }

  private static final Path PROJECT = Path.of("").toAbsolutePath();
  private static final Path LAUNCHER = PROJECT.resolve("bin/jam");
  private static final java.util.regex.Pattern LATE =
      java.util.regex.Pattern.compile("(\\d+) scheduled bangs?, (\\d+) late");

  private TimingRun() {}

  /** Runs {@code c} in {@code dir}; every process it starts is gone when it returns. */
  public static Result run(Config c, Path dir) throws IOException, InterruptedException {
    List<Process> processes = new ArrayList<>();
    List<DelayProxy> proxies = new ArrayList<>();
    try {
      Process relay =
          start(dir, "relay", List.of("serve", "--host", "127.0.0.1", "--port", "0", "-q"), null);
      processes.add(relay);
      URI url = URI.create(firstLine(dir.resolve("relay.out"), relay));
      InetSocketAddress upstream = new InetSocketAddress("127.0.0.1", url.getPort());
      List<Process> joins = new ArrayList<>();
      for (int i = 0; i < c.peers(); i++) {
        double d =
            c.peers() == 1
                ? c.minDelayMs()
                : c.minDelayMs() + (c.maxDelayMs() - c.minDelayMs()) * i / (c.peers() - 1);
        int o = (i * 7 + 3) % c.peers(); // offsets in an order unrelated to the delays
        double offset =
            c.peers() == 1
                ? c.maxOffsetMs()
                : -c.maxOffsetMs() + 2 * c.maxOffsetMs() * o / (c.peers() - 1);
        DelayProxy proxy =
            DelayProxy.start(
                upstream,
                new DelayProxy.Delay(
                    d + c.asymmetryMs() / 2, d - c.asymmetryMs() / 2, c.jitterMs()),
                c.seed() * 1000 + i);
        proxies.add(proxy);
        List<String> args =
            new ArrayList<>(
                List.of(
                    "join",
                    "ws://127.0.0.1:" + proxy.port() + url.getPath(),
                    "--mute",
                    "--format",
                    "text",
                    "--audio-out",
                    dir.resolve("peer" + i + ".wav").toString(),
                    "--store",
                    dir.resolve("store" + i + ".json").toString()));
        if (!c.sync()) {
          args.add("--no-sync");
        }
        Process join = start(dir, "peer" + i, args, String.format(Locale.ROOT, "%.3f", offset));
        joins.add(join);
        processes.add(join);
      }
      for (int i = 0; i < joins.size(); i++) {
        awaitErr(dir.resolve("peer" + i + ".err"), "connected to", 60_000);
      }
      Thread.sleep(
          (long) c.settleMs()); // the peers' clocks settle: what the run measures comes after
      double first = Clock.TRUE.now() + 2_500;
      Process trigger =
          start(
              dir,
              "trigger",
              List.of(
                  "trigger",
                  url.toString(),
                  "--sound",
                  "hat",
                  "--count",
                  String.valueOf(c.bangs()),
                  "--interval",
                  Math.round(c.intervalMs()) + "ms",
                  "--at",
                  String.format(Locale.ROOT, "%.3f", first)),
              null);
      processes.add(trigger);
      double last = first + (c.bangs() - 1) * c.intervalMs();
      long waitMs = (long) (last - Clock.TRUE.now() + 1_500);
      if (!trigger.waitFor(waitMs + 30_000, TimeUnit.MILLISECONDS) || trigger.exitValue() != 0) {
        throw new IOException(
            "jam trigger failed: " + Files.readString(dir.resolve("trigger.err")));
      }
      Thread.sleep(Math.max(0, (long) (last - Clock.TRUE.now() + 1_500)));
      for (Process j : joins) {
        j.destroy(); // SIGTERM: the WAV is finished and renamed into place
      }
      int late = 0;
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < joins.size(); i++) {
        Process j = joins.get(i);
        if (!j.waitFor(30, TimeUnit.SECONDS) || j.exitValue() != 0) {
          problems.add("peer" + i + " did not exit 0");
        }
        Matcher m = LATE.matcher(Files.readString(dir.resolve("peer" + i + ".err")));
        if (m.find()) {
          late += Integer.parseInt(m.group(2));
        }
      }
      List<List<Double>> onsets = new ArrayList<>();
      int missing = 0;
      for (int i = 0; i < joins.size(); i++) {
        List<Double> o = Onsets.of(dir.resolve("peer" + i + ".wav"));
        if (o.size() != c.bangs()) {
          problems.add("peer" + i + " has " + o.size() + " onsets, not " + c.bangs());
          missing += Math.max(0, c.bangs() - o.size());
        }
        onsets.add(o);
      }
      int bangs = onsets.stream().mapToInt(List::size).min().orElse(0);
      double[] spreads = new double[bangs];
      double[] errors = new double[bangs * onsets.size()];
      for (int k = 0; k < bangs; k++) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < onsets.size(); i++) {
          double t = onsets.get(i).get(k);
          lo = Math.min(lo, t);
          hi = Math.max(hi, t);
          errors[k * onsets.size() + i] = t - (first + k * c.intervalMs());
        }
        spreads[k] = hi - lo;
      }
      return new Result(c, spreads, errors, late, missing, problems);
    } finally {
      for (Process p : processes) {
        p.destroyForcibly();
      }
      for (DelayProxy p : proxies) {
        p.close();
      }
    }
  }

  static Process start(Path dir, String name, List<String> args, String clockOffset)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(LAUNCHER.toString());
    command.addAll(args);
    ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile());
    b.redirectError(dir.resolve(name + ".err").toFile());
    b.redirectOutput(dir.resolve(name + ".out").toFile());
    b.environment().remove("JAM_URL");
    if (clockOffset != null) {
      b.environment().put(Clock.OFFSET_VARIABLE, clockOffset);
    }
    return b.start();
  }

  static String firstLine(Path file, Process p) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          String line = r.readLine();
          if (line != null && line.startsWith("ws")) {
            return line;
          }
        }
      }
      if (!p.isAlive()) {
        throw new IOException("jam serve exited " + p.exitValue());
      }
      Thread.sleep(50);
    }
    throw new IOException("jam serve printed no URL within 60 s");
  }

  static void awaitErr(Path err, String text, long millis)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      if (Files.exists(err) && Files.readString(err).contains(text)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IOException(
        err.getFileName()
            + " never said '"
            + text
            + "': "
            + (Files.exists(err) ? Files.readString(err) : ""));
  }

  static double quantile(double[] values, double q) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] s = values.clone();
    Arrays.sort(s);
    int i = (int) Math.ceil(q * s.length) - 1;
    return s[Math.max(0, Math.min(s.length - 1, i))];
  }

  /**
   * {@code TimingRun [peers bangs maxOffsetMs minDelayMs maxDelayMs jitterMs asymmetryMs sync]}:
   * one JSON line.
   */
  public static void main(String[] args) throws Exception {
    Config g = Config.goal();
    Config c =
        args.length == 0
            ? g
            : new Config(
                Integer.parseInt(args[0]),
                Integer.parseInt(args[1]),
                g.intervalMs(),
                Double.parseDouble(args[2]),
                Double.parseDouble(args[3]),
                Double.parseDouble(args[4]),
                Double.parseDouble(args[5]),
                Double.parseDouble(args[6]),
                Boolean.parseBoolean(args[7]),
                g.settleMs(),
                g.seed());
    Path dir = Files.createTempDirectory("jam-timing");
    Result r = run(c, dir);
    System.out.println(r.toJson());
    for (String p : r.problems()) {
      System.err.println("timing: " + p);
    }
  }
}
