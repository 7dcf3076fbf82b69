package jam.timing;

import jam.clock.Clock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jam's clock sync side by side with {@code @ircam/sync}'s, behind the same {@link DelayProxy}s:
 * for each of {@code peers} clients, with its clock shifted as in {@link TimingRun}, the error of
 * its estimate of the server's clock, sampled every 100 ms for 10 s after 20 s of settling. jam:
 * {@code jam sync --every 100ms} through {@code bin/jam} (error = offset_ms + the shift); IRCAM:
 * its SyncServer and SyncClients as its README shows them ({@code
 * bench/anchors/ircam/ircam-sync.js}), with the library's default ping schedule or one as frequent
 * as jam's ("tuned"). Prints one JSON line.
 */
public final class SyncCompare {
  private static final Path PROJECT = Path.of("").toAbsolutePath();
  private static final double SETTLE_MS = 20_000;
  private static final int SAMPLES = 100;
  private static final Pattern OFFSET = Pattern.compile("\"offset_ms\":(-?[0-9.]+)");

  private SyncCompare() {}

  /** {@code SyncCompare peers maxOffsetMs minDelayMs maxDelayMs jitterMs default|tuned}. */
  public static void main(String[] args) throws Exception {
    int peers = Integer.parseInt(args[0]);
    double maxOffset = Double.parseDouble(args[1]);
    double minDelay = Double.parseDouble(args[2]);
    double maxDelay = Double.parseDouble(args[3]);
    double jitter = Double.parseDouble(args[4]);
    String schedule = args[5];
    double[] delays = new double[peers];
    double[] offsets = new double[peers];
    for (int i = 0; i < peers; i++) {
      delays[i] = peers == 1 ? minDelay : minDelay + (maxDelay - minDelay) * i / (peers - 1);
      offsets[i] =
          peers == 1 ? maxOffset : -maxOffset + 2 * maxOffset * ((i * 7 + 3) % peers) / (peers - 1);
    }
    Path dir = Files.createTempDirectory("jam-sync-compare");
    double[][] jam = jam(dir, delays, offsets, jitter);
    double[][] ircam = ircam(delays, offsets, jitter, schedule);
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"peers\":%d,\"max_offset_ms\":%.0f,\"delay_ms\":[%.0f,%.0f],\"jitter_ms\":%.0f,\"anchor\":\"@ircam/sync %s\","
                + "\"jam\":%s,\"ircam\":%s,\"ratio_abs_error_p99\":%.3f,\"ratio_spread_p99\":%.3f}",
            peers,
            maxOffset,
            minDelay,
            maxDelay,
            jitter,
            schedule,
            summary(jam),
            summary(ircam),
            absQuantile(jam, 0.99) / absQuantile(ircam, 0.99),
            spreadQuantile(jam, 0.99) / spreadQuantile(ircam, 0.99)));
  }

  /** errors[sample][peer] of {@code jam sync} clients. */
  private static double[][] jam(Path dir, double[] delays, double[] offsets, double jitter)
      throws Exception {
    List<Process> processes = new ArrayList<>();
    List<DelayProxy> proxies = new ArrayList<>();
    try {
      Process relay =
          start(dir, "relay", List.of("serve", "--host", "127.0.0.1", "--port", "0", "-q"), null);
      processes.add(relay);
      URI url = URI.create(awaitLine(dir.resolve("relay.out")));
      List<BufferedReader> outs = new ArrayList<>();
      for (int i = 0; i < delays.length; i++) {
        DelayProxy proxy =
            DelayProxy.start(
                new InetSocketAddress("127.0.0.1", url.getPort()),
                new DelayProxy.Delay(delays[i], delays[i], jitter),
                1000 + i);
        proxies.add(proxy);
        ProcessBuilder b =
            new ProcessBuilder(
                PROJECT.resolve("bin/jam").toString(),
                "sync",
                "--every",
                "100ms",
                "ws://127.0.0.1:" + proxy.port() + url.getPath());
        b.environment().put(Clock.OFFSET_VARIABLE, String.format(Locale.ROOT, "%.3f", offsets[i]));
        b.redirectError(dir.resolve("sync" + i + ".err").toFile());
        Process p = b.start();
        processes.add(p);
        outs.add(
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
      }
      long settleUntil = System.nanoTime() + (long) (SETTLE_MS * 1e6);
      List<List<Double>> kept = new ArrayList<>();
      List<Thread> readers = new ArrayList<>();
      for (int i = 0; i < delays.length; i++) {
        List<Double> mine = new ArrayList<>();
        kept.add(mine);
        BufferedReader r = outs.get(i);
        double shift = offsets[i];
        Thread t =
            new Thread(
                () -> {
                  try {
                    for (String line; mine.size() < SAMPLES && (line = r.readLine()) != null; ) {
                      Matcher m = OFFSET.matcher(line);
                      if (System.nanoTime() >= settleUntil && m.find()) {
                        mine.add(
                            Double.parseDouble(m.group(1))
                                + shift); // offset_ms is relay − local = −shift when right
                      }
                    }
                  } catch (IOException e) {
                    // the process ended: too few samples, said below
                  }
                });
        t.start();
        readers.add(t);
      }
      for (Thread t : readers) {
        t.join(TimeUnit.SECONDS.toMillis(120));
      }
      double[][] errors = new double[SAMPLES][delays.length];
      for (int i = 0; i < delays.length; i++) {
        if (kept.get(i).size() < SAMPLES) {
          throw new IOException(
              "jam sync "
                  + i
                  + " gave "
                  + kept.get(i).size()
                  + " lines: "
                  + Files.readString(dir.resolve("sync" + i + ".err")));
        }
        for (int k = 0; k < SAMPLES; k++) {
          errors[k][i] = kept.get(i).get(k);
        }
      }
      return errors;
    } finally {
      processes.forEach(Process::destroyForcibly);
      proxies.forEach(DelayProxy::close);
    }
  }

  /** errors[sample][peer] of @ircam/sync clients. */
  private static double[][] ircam(double[] delays, double[] offsets, double jitter, String schedule)
      throws Exception {
    Path script = PROJECT.resolve("bench/anchors/ircam/ircam-sync.js");
    ProcessBuilder b =
        new ProcessBuilder("node", script.toString(), schedule)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    b.environment().put("SETTLE_MS", String.valueOf((long) SETTLE_MS));
    b.environment().put("MEASURE_MS", String.valueOf(SAMPLES * 100));
    Process node = b.start();
    List<DelayProxy> proxies = new ArrayList<>();
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = node.getOutputStream()) {
      String first = in.readLine();
      if (first == null || !first.startsWith("PORT ")) {
        throw new IOException("ircam-sync.js said " + first);
      }
      int port = Integer.parseInt(first.substring(5).trim());
      StringBuilder peers = new StringBuilder("[");
      for (int i = 0; i < delays.length; i++) {
        DelayProxy proxy =
            DelayProxy.start(
                new InetSocketAddress("127.0.0.1", port),
                new DelayProxy.Delay(delays[i], delays[i], jitter),
                2000 + i);
        proxies.add(proxy);
        peers
            .append(i == 0 ? "" : ",")
            .append(
                String.format(
                    Locale.ROOT, "{\"port\":%d,\"offset\":%.3f}", proxy.port(), offsets[i]));
      }
      out.write((peers.append("]\n")).toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      String result = in.readLine();
      if (result == null) {
        throw new IOException("ircam-sync.js printed no result");
      }
      String body = result.substring(result.indexOf("[[") + 2, result.lastIndexOf("]]"));
      String[] rows = body.split("\\],\\[");
      double[][] errors = new double[rows.length][];
      for (int s = 0; s < rows.length; s++) {
        String[] cells = rows[s].split(",");
        errors[s] = new double[cells.length];
        for (int i = 0; i < cells.length; i++) {
          errors[s][i] = Double.parseDouble(cells[i]);
        }
      }
      return errors;
    } finally {
      node.destroyForcibly();
      node.waitFor(5, TimeUnit.SECONDS);
      proxies.forEach(DelayProxy::close);
    }
  }

  private static String summary(double[][] e) {
    return String.format(
        Locale.ROOT,
        "{\"abs_error_ms\":{\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},\"spread_ms\":{\"p50\":%.3f,\"p99\":%.3f}}",
        absQuantile(e, 0.5),
        absQuantile(e, 0.99),
        absQuantile(e, 1),
        spreadQuantile(e, 0.5),
        spreadQuantile(e, 0.99));
  }

  private static double absQuantile(double[][] e, double q) {
    return TimingRun.quantile(
        java.util.Arrays.stream(e)
            .flatMapToDouble(java.util.Arrays::stream)
            .map(Math::abs)
            .toArray(),
        q);
  }

  private static double spreadQuantile(double[][] e, double q) {
    double[] spreads = new double[e.length];
    for (int s = 0; s < e.length; s++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double x : e[s]) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      spreads[s] = hi - lo;
    }
    return TimingRun.quantile(spreads, q);
  }

  private static Process start(Path dir, String name, List<String> args, String clockOffset)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(PROJECT.resolve("bin/jam").toString());
    command.addAll(args);
    ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile());
    b.redirectError(dir.resolve(name + ".err").toFile());
    b.redirectOutput(dir.resolve(name + ".out").toFile());
    return b.start();
  }

  private static String awaitLine(Path file) throws IOException, InterruptedException {
    for (int i = 0; i < 1200; i++) {
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file);
        if (!lines.isEmpty() && lines.get(0).startsWith("ws")) {
          return lines.get(0);
        }
      }
      Thread.sleep(50);
    }
    throw new IOException("jam serve printed no URL");
  }
}
