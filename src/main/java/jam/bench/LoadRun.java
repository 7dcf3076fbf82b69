package jam.bench;

import jam.ExitCode;
import jam.bench.BenchConfig.Mode;
import jam.bench.ws.WsConnection;
import jam.bench.ws.WsHandler;
import jam.bench.ws.WsReactor;
import jam.protocol.Wire;
import jam.text.Printable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The broadcast and trigger modes, as loadgen.js runs them: N receivers connect (at most 200
 * handshakes in flight), then the senders; a barrier message from sender 0 shows that every
 * receiver is in the relay's set and has drained the connect storm's {@code collect}s; then the
 * senders send for the duration (or the message count), closed-loop with a window at max rate or
 * paced in 1 ms ticks at a fixed rate; then up to 5 s of drain. Latency is receive time minus the
 * send time in the message (one clock, this process's), recorded in an HdrHistogram.
 *
 * <p>Runs entirely on the reactor thread; {@link #status} is for any thread.
 */
final class LoadRun implements Run {
  private static final int HANDSHAKES_IN_FLIGHT = 200;
  private static final long CONNECT_TIMEOUT_NANOS = 120_000_000_000L;
  private static final long SETTLE_PAUSE_NANOS = 200_000_000L;
  private static final long DRAIN_NANOS = 5_000_000_000L;

  /** Default window (loadgen.js): about this many deliveries in flight ... */
  private static final int WINDOW_DELIVERIES = 2048;

  /** ... but at least this many messages ... */
  private static final int WINDOW_MIN = 4;

  /** ... and at most this much payload in flight. */
  private static final long WINDOW_BYTES = 32L << 20;

  private static final int RING = 1 << 20;
  private static final int MAX_PER_SECOND_BUCKETS = 600;
  private static final byte[] TRIGGER_INPUT =
      Wire.TRIGGER_INPUT.getBytes(StandardCharsets.US_ASCII);

  private final BenchConfig config;
  private final RunContext ctx;
  private final int n;
  private final int s;
  private final boolean trigger;
  private final long maxMessages;
  private final int window;

  private final List<WsConnection> receivers = new ArrayList<>();
  private final List<WsConnection> senders = new ArrayList<>();
  private final byte[][] templates;
  private final long[] senderSeq;
  private final int[] lastSeq;
  private final long[] sendTimes;
  private final int[] receivedBy;
  private final Histogram latency = new Histogram(3);
  private final List<String> errors = new ArrayList<>();
  private final List<Long> perSecond = new ArrayList<>();

  private int started;
  private int opened;
  private boolean connecting = true;
  private long connectStart;
  private double connectSeconds;
  private double settleSeconds;
  private long collects;
  private long others;
  private long barrierSeen;
  private long senderBarrier;
  private long outOfOrder;
  private long delivered;
  private long senderDeliveries;
  private long sent;
  private boolean measuring;
  private boolean sending;
  private boolean saturated;
  private boolean finished;
  private String stopReason = "";
  private long expectedFinal = -1;
  private long firstSendMicros;
  private long lastDeliveryMicros;
  private int replyByte8;
  private long lastTickDelivered;
  private CpuMeter cpu;
  private WsReactor.Timer durationTimer;
  private WsReactor.Timer rateTimer;
  private WsReactor.Timer drainTimer;
  private WsReactor.Timer secondTimer;
  private volatile String status = "connecting";

  LoadRun(BenchConfig config, RunContext ctx) {
    this.config = config;
    this.ctx = ctx;
    this.n = config.peers();
    this.s = config.senders();
    this.trigger = config.mode() == Mode.TRIGGER;
    this.maxMessages = config.messages();
    this.window = autoWindow(n, trigger ? 13 : config.size());
    this.templates = new byte[s][];
    if (!trigger) {
      for (int i = 0; i < s; i++) {
        templates[i] = Payloads.message(config.size(), i);
      }
    }
    this.senderSeq = new long[s];
    this.lastSeq = new int[n * s];
    Arrays.fill(lastSeq, -1);
    this.sendTimes = trigger ? new long[RING] : null;
    this.receivedBy = trigger ? new int[n] : null;
  }

  /** Messages in flight at max rate: about 2048 deliveries, at least 4 messages, at most 32 MiB. */
  static int autoWindow(int peers, int size) {
    int w = Math.max(WINDOW_MIN, WINDOW_DELIVERIES / peers);
    return (int) Math.max(1, Math.min(w, WINDOW_BYTES / ((long) peers * size)));
  }

  @Override
  public String status() {
    return status;
  }

  // ------------------------------------------------------------------------------- connect

  @Override
  public void start() {
    connectStart = System.nanoTime();
    ctx.reactor().after(CONNECT_TIMEOUT_NANOS, this::connectTimeout);
    ctx.reactor().every(250_000_000L, this::updateStatus);
    int first = Math.min(HANDSHAKES_IN_FLIGHT, n);
    for (int i = 0; i < first; i++) {
      openNext();
    }
    updateStatus();
  }

  private void openNext() {
    int index = started++;
    boolean isSender = index >= n;
    WsHandler handler = isSender ? new SenderHandler() : new ReceiverHandler();
    WsConnection c = ctx.connect(handler, Payloads.HEADER, index, isSender);
    if (c == null) {
      return;
    }
    (isSender ? senders : receivers).add(c);
  }

  private void onOpened() {
    opened++;
    if (started < n + s) {
      openNext();
    } else if (opened == n + s) {
      connecting = false;
      connectSeconds = (System.nanoTime() - connectStart) / 1e9;
      senders.get(0).sendText(Payloads.barrier(ctx.nowMicros()));
      ctx.reactor().after(CONNECT_TIMEOUT_NANOS, this::barrierTimeout);
    }
  }

  private void connectTimeout() {
    if (connecting) {
      ctx.fail(
          ExitCode.UNAVAILABLE,
          "cannot connect to "
              + config.target()
              + ": only "
              + opened
              + " of "
              + (n + s)
              + " connections open after 120 s");
    }
  }

  private void barrierTimeout() {
    if (barrierSeen < n && !finished && !measuring) {
      ctx.fail(
          ExitCode.UNAVAILABLE,
          "the barrier message reached only "
              + barrierSeen
              + " of "
              + n
              + " peers in 120 s: is "
              + config.target()
              + " a relay that forwards to every peer?");
    }
  }

  private void onConnectionClosed(WsConnection c, String rawReason) {
    String reason = Printable.escape(rawReason);
    if (connecting) {
      ctx.fail(ExitCode.UNAVAILABLE, "cannot connect to " + config.target() + ": " + reason);
    } else if (!finished) {
      errors.add((c.tag() < n ? "peer " + c.tag() : "sender " + (c.tag() - n)) + ": " + reason);
      if (errors.size() == 1) {
        ctx.warn("connection lost: " + reason);
      }
      if (errors.size() == n + s) {
        if (sending) {
          stopSending("errors");
        }
        finish();
      }
    }
  }

  private void onBarrier() {
    if (barrierSeen == n && !measuring && !finished) {
      settleSeconds = (System.nanoTime() - connectStart) / 1e9;
      updateStatus(); // the note is shown over the status line: not the one from the connects
      ctx.info(
          String.format(
              "%,d connections open in %.2f s; collect %s; measuring",
              n + s, connectSeconds, BenchResult.collects(collects, n + s)));
      ctx.reactor().after(SETTLE_PAUSE_NANOS, this::measure);
    }
  }

  private long collectExpected() {
    long t = n + s;
    return t * (t + 1) / 2;
  }

  // ------------------------------------------------------------------------------- measure

  private void measure() {
    cpu = CpuMeter.start(config.serverPids());
    measuring = true;
    sending = true;
    firstSendMicros = ctx.nowMicros();
    updateStatus();
    durationTimer = ctx.reactor().after(config.duration().toNanos(), () -> stopSending("duration"));
    secondTimer = ctx.reactor().every(1_000_000_000L, this::tick);
    if (config.maxRate()) {
      pump();
    } else {
      double rate = config.rate();
      int perTickCap = (int) Math.max(1, Math.ceil(rate / 50));
      // more than ~0.5 s of deliveries (at most 100k, at least 4 messages' worth) outstanding:
      // the relay does not keep up
      long backlogCap = Math.max(4L * n, Math.min((long) Math.ceil(rate * n * 0.5), 100_000));
      rateTimer =
          ctx.reactor()
              .every(
                  1_000_000L,
                  () -> {
                    if (!sending) {
                      return;
                    }
                    if (sent * n - delivered > backlogCap) {
                      saturated = true;
                      stopSending("saturated");
                      return;
                    }
                    long target =
                        Math.min(
                            maxMessages,
                            (long) Math.floor(rate * (ctx.nowMicros() - firstSendMicros) / 1e6));
                    long k = Math.min(perTickCap, target - sent);
                    while (k-- > 0) {
                      sendOne();
                    }
                    if (sent >= maxMessages) {
                      stopSending("messages");
                    }
                  });
    }
  }

  private void tick() {
    if (perSecond.size() < MAX_PER_SECOND_BUCKETS) {
      perSecond.add(delivered - lastTickDelivered);
      lastTickDelivered = delivered;
    }
  }

  private void sendOne() {
    int k = (int) (sent % s);
    WsConnection c = senders.get(k);
    if (trigger) {
      sendTimes[(int) (sent & (RING - 1))] = ctx.nowMicros();
      c.sendText(TRIGGER_INPUT, 0, TRIGGER_INPUT.length);
    } else {
      byte[] m = templates[k];
      Payloads.putDigits(m, Payloads.TS_AT, Payloads.TS_DIGITS, ctx.nowMicros());
      Payloads.putDigits(m, Payloads.SEQ_AT, Payloads.SEQ_DIGITS, senderSeq[k]++);
      c.sendText(m, 0, m.length);
    }
    sent++;
  }

  private void pump() {
    while (sending && sent < maxMessages && sent * n - delivered < (long) window * n) {
      sendOne();
    }
    if (sending && sent >= maxMessages) {
      stopSending("messages");
    }
  }

  private void afterDelivery() {
    if (sending) {
      if (config.maxRate() && sent * n - delivered < (long) window * n) {
        pump();
      }
    } else if (expectedFinal >= 0 && delivered >= expectedFinal) {
      finish();
    }
  }

  private void stopSending(String reason) {
    if (!sending) {
      return;
    }
    sending = false;
    stopReason = reason;
    expectedFinal = sent * n;
    cancel(durationTimer);
    cancel(rateTimer);
    if (delivered >= expectedFinal) {
      finish();
    } else {
      drainTimer = ctx.reactor().after(DRAIN_NANOS, this::finish);
    }
  }

  private static void cancel(WsReactor.Timer t) {
    if (t != null) {
      t.cancel();
    }
  }

  private void updateStatus() {
    if (connecting) {
      status = String.format("connecting: %,d of %,d open", opened, n + s);
    } else if (!measuring) {
      status =
          barrierSeen < n
              ? String.format("waiting for the barrier: %,d of %,d peers", barrierSeen, n)
              : "about to measure";
    } else {
      double t = (ctx.nowMicros() - firstSendMicros) / 1e6;
      String last =
          perSecond.isEmpty()
              ? ""
              : String.format("  (%,d/s last second)", perSecond.get(perSecond.size() - 1));
      status =
          String.format(
              "%s %.1f s  sent %,d  delivered %,d%s%s",
              sending ? "sending" : "draining",
              t,
              sent,
              delivered,
              last,
              lost() > 0 && !sending ? String.format("  %,d outstanding", lost()) : "");
    }
  }

  private long lost() {
    return (expectedFinal >= 0 ? expectedFinal : sent * n) - delivered;
  }

  // ------------------------------------------------------------------------------- receive

  private void classify(ByteBuffer b, int o, int present, long length) {
    if (Payloads.isCollect(b, o, present, length)) {
      collects++;
    } else if (Payloads.isBarrier(b, o, present)) {
      barrierSeen++;
      onBarrier();
    } else {
      others++;
    }
  }

  /**
   * "trigger-output" from a protocol-aware relay, or "trigger-input" from a plain broadcast relay:
   * the first one seen, by a peer or a sender, is what counts from then on.
   */
  private boolean isTriggerReply(ByteBuffer b, int o, int present, long length) {
    if ((length != 14 && length != 13) || present < 9 || b.get(o) != 't') {
      return false;
    }
    if (replyByte8 == 0) {
      replyByte8 = b.get(o + 8);
    }
    return b.get(o + 8) == replyByte8;
  }

  private final class ReceiverHandler implements WsHandler {
    @Override
    public void onOpen(WsConnection c) {
      onOpened();
    }

    @Override
    public void onMessage(WsConnection c, ByteBuffer b, int o, int present, long length) {
      if (!measuring) {
        classify(b, o, present, length);
        return;
      }
      if (trigger) {
        if (isTriggerReply(b, o, present, length)) {
          long now = ctx.nowMicros();
          int k = receivedBy[c.tag()]++;
          latency.recordValue(Math.max(0, now - sendTimes[k & (RING - 1)]));
          delivered++;
          lastDeliveryMicros = now;
          afterDelivery();
          return;
        }
        classify(b, o, present, length);
        return;
      }
      if (Payloads.isTimed(b, o, present, length)) {
        long now = ctx.nowMicros();
        long ts = Payloads.digits(b, o + Payloads.TS_AT, Payloads.TS_DIGITS);
        latency.recordValue(Math.max(0, now - ts));
        int snd = (int) Payloads.digits(b, o + Payloads.SENDER_AT, Payloads.SENDER_DIGITS);
        int seq = (int) Payloads.digits(b, o + Payloads.SEQ_AT, Payloads.SEQ_DIGITS);
        if (snd < s) {
          int k = c.tag() * s + snd;
          if (seq <= lastSeq[k]) {
            outOfOrder++;
          }
          lastSeq[k] = seq;
        }
        delivered++;
        lastDeliveryMicros = now;
        afterDelivery();
        return;
      }
      classify(b, o, present, length);
    }

    @Override
    public void onClose(WsConnection c, String reason) {
      onConnectionClosed(c, reason);
    }
  }

  private final class SenderHandler implements WsHandler {
    @Override
    public void onOpen(WsConnection c) {
      onOpened();
    }

    @Override
    public void onMessage(WsConnection c, ByteBuffer b, int o, int present, long length) {
      if (measuring && !trigger && Payloads.isTimed(b, o, present, length)) {
        senderDeliveries++;
      } else if (measuring && trigger && isTriggerReply(b, o, present, length)) {
        senderDeliveries++;
      } else if (Payloads.isBarrier(b, o, present)) {
        senderBarrier++;
      } else if (Payloads.isCollect(b, o, present, length)) {
        collects++;
      } else {
        others++;
      }
    }

    @Override
    public void onClose(WsConnection c, String reason) {
      onConnectionClosed(c, reason);
    }
  }

  // ------------------------------------------------------------------------------- result

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    measuring = false;
    cancel(drainTimer);
    cancel(secondTimer);
    cancel(durationTimer);
    cancel(rateTimer);
    if (cpu == null) {
      cpu = CpuMeter.start(config.serverPids());
    }
    Map<String, Object> cpuFields = cpu.stop();
    if (expectedFinal < 0) {
      expectedFinal = sent * n;
    }
    long endMicros = delivered >= expectedFinal ? lastDeliveryMicros : ctx.nowMicros();
    double seconds = Math.max(1e-6, (endMicros - firstSendMicros) / 1e6);
    long lost = expectedFinal - delivered;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("mode", config.mode().jsonName());
    r.put("url", config.target().text());
    if (config.senderTarget() != null) {
      r.put("sender_url", config.senderTarget().text());
    }
    r.put("peers", n);
    r.put("senders", s);
    r.put("client", "jam");
    r.put("messages", sent);
    r.put("payload", trigger ? 13 : config.size());
    r.put("rate", config.maxRate() ? "max" : Results.number(config.rate()));
    r.put("window", config.maxRate() ? window : null);
    r.put("delivered", delivered);
    r.put("expected", expectedFinal);
    r.put("lost", lost);
    r.put("seconds", Results.round3(seconds));
    r.put("deliveries_per_s", Math.round(delivered / seconds));
    r.put("msgs_per_s", Math.round(sent / seconds));
    r.putAll(Results.percentiles(latency));
    r.put("connect_s", Results.round3(connectSeconds));
    r.put("settle_s", Results.round3(settleSeconds));
    r.put("collect_received", collects);
    r.put("collect_expected", collectExpected());
    r.put("sender_deliveries", senderDeliveries);
    r.put("out_of_order", outOfOrder);
    r.put("other_received", others);
    r.put("stop", stopReason);
    r.put("saturated", saturated);
    r.put("per_s", new ArrayList<>(perSecond));
    if (trigger) {
      r.put(
          "trigger_reply",
          replyByte8 == 'o' ? "trigger-output" : replyByte8 == 'i' ? "trigger-input" : null);
    }
    r.putAll(cpuFields);
    Double serverCpu = cpu.serverCpuSeconds();
    Double selfCpu = cpu.selfCpuSeconds();
    r.put(
        "server_us_per_delivery",
        serverCpu != null && delivered > 0 ? Results.round3(1e6 * serverCpu / delivered) : null);
    r.put(
        "loadgen_us_per_delivery",
        selfCpu != null && delivered > 0 ? Results.round3(1e6 * selfCpu / delivered) : null);
    List<Map<String, Object>> byPid = cpu.serverCpuByPid(delivered, sent);
    if (byPid != null) {
      r.put("server_cpu_by_pid", byPid);
    }
    long[] mem = CpuMeter.serverMemory(config.serverPids());
    r.put("server_rss_kb", mem == null ? null : mem[0]);
    r.put("server_hwm_kb", mem == null ? null : mem[1]);
    r.put("loadgen_rss_kb", CpuMeter.selfRssKb());
    r.put("errors", new ArrayList<>(errors));
    boolean ok = lost == 0 && errors.isEmpty() && !saturated;
    r.put("ok", ok);
    r.put("date", Instant.now().toString());

    ExitCode code = ExitCode.OK;
    String problem = null;
    if (!errors.isEmpty()) {
      code = ExitCode.UNAVAILABLE;
      problem =
          errors.size()
              + " connection(s) to "
              + config.target()
              + " lost during the run; the first: "
              + errors.get(0);
    } else if (lost > 0) {
      code = ExitCode.INCOMPLETE;
      problem =
          String.format(
              "%,d of %,d deliveries lost (not received within 5 s of the last send)",
              lost, expectedFinal);
    } else if (saturated) {
      code = ExitCode.INCOMPLETE;
      problem =
          "the relay did not keep up with "
              + Results.number(config.rate())
              + " messages/s (more than 0.5 s of deliveries outstanding)";
    }
    ctx.complete(new BenchResult(config, r, code, problem));
  }
}
