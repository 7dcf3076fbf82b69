package jam.timing;

import jam.bridge.Osc;
import jam.bridge.TimeTag;
import jam.clock.Clock;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The OSC harness (docs/osc.md), through {@code bin/jam}: a relay and one {@code jam join --mute
 * --osc ... --osc-listen ...}; this process is the OSC program on the other side (a UDP socket) and
 * a WebSocket peer of the relay, and reads every time on the true clock.
 *
 * <ol>
 *   <li>scheduled: {@code jam trigger --at T --count N --interval I --sound hat}; for bang k due at
 *       T + k·I: its bundle's time tag minus that time, and how long before that time the bundle
 *       arrived (the lookahead honoured when it is at least the lookahead, less the send's delay);
 *   <li>immediate out: this peer sends a bang without a time; the time until its OSC message
 *       arrives (relay, join, OSC);
 *   <li>in: this process sends {@code /jam/bang s in} to {@code --osc-listen}; the time until the
 *       relay's copy of the bang reaches this peer (OSC arrival to the relay, plus one relay hop).
 * </ol>
 *
 * {@code main [bangs intervalMs lookaheadMs]} prints one JSON line: {@code bench/osc.sh} calls it.
 */
public final class OscRun {
  private OscRun() {}

  record Stamped<T>(double ms, T value) {}

  public static void main(String[] args) throws Exception {
    int bangs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    double intervalMs = args.length > 1 ? Double.parseDouble(args[1]) : 50;
    int lookaheadMs = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    Path dir = Files.createTempDirectory("jam-osc");
    List<Process> processes = new ArrayList<>();
    BlockingQueue<Stamped<Osc.Packet>> osc = new LinkedBlockingQueue<>();
    BlockingQueue<Stamped<String>> ws = new LinkedBlockingQueue<>();
    try (DatagramSocket receiver =
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DatagramSocket sender = new DatagramSocket()) {
      Thread reader = new Thread(() -> receive(receiver, osc), "osc-run-receiver");
      reader.setDaemon(true);
      reader.setPriority(Thread.MAX_PRIORITY);
      reader.start();
      int listen;
      try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        listen = probe.getLocalPort();
      }
      Process relay =
          TimingRun.start(
              dir, "relay", List.of("serve", "--host", "127.0.0.1", "--port", "0", "-q"), null);
      processes.add(relay);
      String url = TimingRun.firstLine(dir.resolve("relay.out"), relay);
      processes.add(
          TimingRun.start(
              dir,
              "join",
              List.of(
                  "join",
                  url,
                  "--mute",
                  "--format",
                  "text",
                  "--store",
                  dir.resolve("s.json").toString(),
                  "--osc",
                  "udp://127.0.0.1:" + receiver.getLocalPort(),
                  "--osc-lookahead",
                  lookaheadMs + "ms",
                  "--osc-listen",
                  "udp://127.0.0.1:" + listen),
              null));
      TimingRun.awaitErr(dir.resolve("join.err"), "listening for OSC", 60_000);
      WebSocket peer =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(URI.create(url), listener(ws))
              .get(10, TimeUnit.SECONDS);
      Thread.sleep(4_000); // the join's clock settles (60 pings in 3 s)

      // 1. scheduled bangs
      double first = Math.ceil(Clock.TRUE.now() + 2_000);
      Process trigger =
          TimingRun.start(
              dir,
              "trigger",
              List.of(
                  "trigger",
                  "--at",
                  String.format(Locale.ROOT, "%.0f", first),
                  "--count",
                  String.valueOf(bangs),
                  "--interval",
                  String.format(Locale.ROOT, "%.0fms", intervalMs),
                  "--sound",
                  "hat",
                  url),
              null);
      processes.add(trigger);
      double[] tagError = new double[bangs];
      double[] lead = new double[bangs];
      for (int k = 0; k < bangs; k++) {
        Stamped<Osc.Packet> p = take(osc, "scheduled bang " + k);
        if (!(p.value() instanceof Osc.Bundle b)) {
          throw new IllegalStateException("not a bundle: " + p.value());
        }
        double due = first + k * intervalMs;
        tagError[k] = TimeTag.toUnixMs(b.timeTag()) - due;
        lead[k] = due - p.ms();
      }
      trigger.waitFor(30, TimeUnit.SECONDS);
      ws.clear();

      // 2. immediate bangs out: relay, join, OSC
      double[] out = new double[bangs];
      for (int k = 0; k < bangs; k++) {
        double sent = Clock.TRUE.now();
        peer.sendText("{\"type\":\"bang\",\"sound\":\"now\"}", true).get(5, TimeUnit.SECONDS);
        Stamped<Osc.Packet> p = take(osc, "immediate bang " + k);
        out[k] = p.ms() - sent;
        Thread.sleep(20);
      }

      // 3. OSC in: this process to --osc-listen, the join to the relay, the relay to this peer
      ws.clear();
      byte[] in = Osc.encode(new Osc.Message("/jam/bang", "in"));
      InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), listen);
      double[] inbound = new double[bangs];
      for (int k = 0; k < bangs; k++) {
        double sent = Clock.TRUE.now();
        sender.send(new DatagramPacket(in, in.length, to));
        Stamped<String> m;
        do {
          m = take(ws, "OSC bang " + k);
        } while (!m.value().contains("\"sound\":\"in\""));
        inbound[k] = m.ms() - sent;
        take(osc, "OSC bang " + k + " echoed"); // the join plays its own bang over OSC too
        Thread.sleep(20);
      }
      peer.abort();
      System.out.println(
          String.format(
              Locale.ROOT,
              "{\"bangs\":%d,\"interval_ms\":%.0f,\"lookahead_ms\":%d,"
                  + "\"tag_error_ms\":{\"p50\":%.3f,\"p99\":%.3f,\"max_abs\":%.3f},"
                  + "\"lead_ms\":{\"min\":%.3f,\"p1\":%.3f,\"p50\":%.3f},"
                  + "\"immediate_out_ms\":{\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
                  + "\"osc_in_to_peer_ms\":{\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
                  + "\"load\":\"%s\"}",
              bangs,
              intervalMs,
              lookaheadMs,
              TimingRun.quantile(tagError, 0.5),
              TimingRun.quantile(tagError, 0.99),
              maxAbs(tagError),
              TimingRun.quantile(lead, 0),
              TimingRun.quantile(lead, 0.01),
              TimingRun.quantile(lead, 0.5),
              TimingRun.quantile(out, 0.5),
              TimingRun.quantile(out, 0.99),
              TimingRun.quantile(out, 1),
              TimingRun.quantile(inbound, 0.5),
              TimingRun.quantile(inbound, 0.99),
              TimingRun.quantile(inbound, 1),
              Files.readString(Path.of("/proc/loadavg")).strip()));
    } finally {
      for (Process p : processes) {
        p.destroy();
      }
    }
  }

  private static void receive(DatagramSocket s, BlockingQueue<Stamped<Osc.Packet>> into) {
    byte[] buffer = new byte[65_536];
    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
    while (!s.isClosed()) {
      try {
        p.setLength(buffer.length);
        s.receive(p);
        double at = Clock.TRUE.now();
        into.add(new Stamped<>(at, Osc.decode(buffer, 0, p.getLength())));
      } catch (Exception e) {
        if (!s.isClosed()) {
          System.err.println("osc-run: " + e);
        }
      }
    }
  }

  private static WebSocket.Listener listener(BlockingQueue<Stamped<String>> into) {
    return new WebSocket.Listener() {
      private final StringBuilder text = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        double at = Clock.TRUE.now();
        text.append(data);
        if (last) {
          into.add(new Stamped<>(at, text.toString()));
          text.setLength(0);
        }
        w.request(1);
        return null;
      }
    };
  }

  private static <T> Stamped<T> take(BlockingQueue<Stamped<T>> q, String what)
      throws InterruptedException {
    Stamped<T> s = q.poll(10, TimeUnit.SECONDS);
    if (s == null) {
      throw new IllegalStateException("nothing for " + what + " within 10 s");
    }
    return s;
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }
}
