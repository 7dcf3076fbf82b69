package jam.bench;

import jam.ExitCode;
import jam.bench.BenchConfig.Arrival;
import jam.bench.ws.WsConnection;
import jam.bench.ws.WsHandler;
import jam.bench.ws.WsReactor;
import jam.text.Printable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The join storm, as loadgen.js runs it: N peers that each own one track (a JSON array of one
 * object with a unique id) join one at a time (the next once the previous has had its first {@code
 * collect}) or all at once; each answers every {@code collect} with its array and records the ids
 * in every array it receives. Timed from the first connect until every peer has seen every peer's
 * id, then read on until the relay has been quiet for 1 s; stopped at the time limit, or after 15 s
 * without a frame.
 *
 * <p>Runs entirely on the reactor thread; {@link #status} is for any thread.
 */
final class StormRun implements Run {
  /** After completion, read until the relay has been quiet this long. */
  static final long SILENCE_MICROS = 1_000_000;

  private static final long STALL_MICROS = 15_000_000;
  private static final int MAX_PER_SECOND_BUCKETS = 3600;

  private final BenchConfig config;
  private final RunContext ctx;
  private final int n;
  private final long pairsTotal;
  private final boolean burst;
  private final ByteBuffer[] replies;
  private final int trackLength;
  private final byte[] fast;
  private final byte[] prefix;

  private final long[] seen;
  private final int[] seenCount;
  private final int[] seenOlder;
  private final boolean[] joined;
  private final long[] connectMicros;
  private final long[] joinMicros;
  private final long[] newcomerMicros;
  private final long[] doneMicros;
  private final List<String> errors = new ArrayList<>();
  private final List<Long> perSecond = new ArrayList<>();
  private final StormHandler handler = new StormHandler();

  private long pairs;
  private int peersDone;
  private int joinedCount;
  private int started;
  private int handshakes;
  private long frames;
  private long bytes;
  private long collects;
  private long arrays;
  private long others;
  private long repliesSent;
  private long t0;
  private long completeMicros = -1;
  private long joinedAllMicros = -1;
  private long lastActivityMicros;
  private long lastMessageMicros;
  private long framesAtComplete = -1;
  private long bytesAtComplete = -1;
  private Double serverCpuAtComplete;
  private long lastTickFrames;
  private String stopReason = "";
  private boolean finished;
  private CpuMeter cpu;
  private final List<WsReactor.Timer> timers = new ArrayList<>();
  private volatile String status = "starting";

  private final long silenceMicros;

  StormRun(BenchConfig config, RunContext ctx, long silenceMicros) {
    this.config = config;
    this.silenceMicros = silenceMicros;
    this.ctx = ctx;
    this.n = config.peers();
    this.pairsTotal = (long) n * n;
    this.burst = config.arrival() == Arrival.BURST;
    byte[] tag = new byte[3];
    ThreadLocalRandom.current().nextBytes(tag);
    // a random tag per run keeps ids from an earlier run (a relay that remembers tracks) from
    // counting
    String idPrefix = "storm-" + HexFormat.of().formatHex(tag) + "-";
    this.replies = new ByteBuffer[n];
    int length = -1;
    for (int i = 0; i < n; i++) {
      String num = Payloads.pad(i, Payloads.ID_DIGITS);
      byte[] store =
          Payloads.trackArray(idPrefix + num, num, config.size()).getBytes(StandardCharsets.UTF_8);
      if (i == 0) {
        length = store.length;
      }
      replies[i] = WsConnection.textFrame(store);
    }
    this.trackLength = length;
    this.fast = ("[{\"id\":\"" + idPrefix).getBytes(StandardCharsets.US_ASCII);
    this.prefix = idPrefix.getBytes(StandardCharsets.US_ASCII);
    this.seen = new long[(int) ((pairsTotal + 63) / 64)];
    this.seenCount = new int[n];
    this.seenOlder = new int[n];
    this.joined = new boolean[n];
    this.connectMicros = new long[n];
    this.joinMicros = new long[n];
    this.newcomerMicros = new long[n];
    this.doneMicros = new long[n];
    Arrays.fill(newcomerMicros, -1);
    Arrays.fill(doneMicros, -1);
    // a peer owns its track: its own id counts as seen from the start (so a relay that does not
    // echo
    // to the sender can complete too)
    for (int i = 0; i < n; i++) {
      long k = (long) i * n + i;
      seen[(int) (k >>> 6)] |= 1L << (k & 63);
      seenCount[i] = 1;
      seenOlder[i] = 1;
      pairs++;
    }
  }

  @Override
  public String status() {
    return status;
  }

  @Override
  public void start() {
    ctx.info(
        String.format(
            "storm: %,d peers, %s arrival, %,d B track arrays, limit %s",
            n, config.arrival(), trackLength, seconds(config.duration().toNanos() / 1000)));
    cpu = CpuMeter.start(config.serverPids());
    t0 = lastActivityMicros = ctx.nowMicros();
    WsReactor r = ctx.reactor();
    timers.add(r.every(1_000_000_000L, this::tick));
    timers.add(r.after(config.duration().toNanos(), () -> stop("cap")));
    timers.add(r.every(100_000_000L, this::watch));
    timers.add(r.every(250_000_000L, this::updateStatus));
    if (burst) {
      for (int i = 0; i < n && !finished; i++) {
        startPeer(i);
      }
    } else {
      startPeer(0);
    }
    updateStatus();
  }

  private void startPeer(int i) {
    started++;
    connectMicros[i] = lastActivityMicros = ctx.nowMicros();
    ctx.connect(handler, Integer.MAX_VALUE, i);
  }

  private void tick() {
    if (perSecond.size() < MAX_PER_SECOND_BUCKETS) {
      perSecond.add(frames - lastTickFrames);
      lastTickFrames = frames;
    }
  }

  private void watch() {
    long now = ctx.nowMicros();
    if (lastMessageMicros > lastActivityMicros) {
      lastActivityMicros = lastMessageMicros;
    }
    if (finished) {
      return;
    }
    if (completeMicros >= 0) {
      if (now - lastActivityMicros > silenceMicros) {
        stop("complete");
      }
    } else if (now - lastActivityMicros > STALL_MICROS) {
      stop("stalled");
    }
  }

  private void updateStatus() {
    double t = (ctx.nowMicros() - t0) / 1e6;
    String last =
        perSecond.isEmpty() ? "" : String.format(" (%,d/s)", perSecond.get(perSecond.size() - 1));
    status =
        String.format(
            "storm %.1f s  %,d/%,d joined  %.1f %% pairs seen  %,d frames%s%s",
            t,
            joinedCount,
            n,
            100.0 * pairs / pairsTotal,
            frames,
            last,
            completeMicros >= 0 ? "  draining" : "");
  }

  // ------------------------------------------------------------------------------- receive

  private final class StormHandler implements WsHandler {
    @Override
    public void onOpen(WsConnection c) {
      handshakes++;
      lastActivityMicros = ctx.nowMicros();
    }

    @Override
    public void onMessage(WsConnection c, ByteBuffer b, int o, int present, long length) {
      frames++;
      bytes += length;
      lastMessageMicros = ctx.nowMicros();
      int peer = c.tag();
      if (Payloads.isCollect(b, o, present, length)) {
        collects++;
        c.sendFrame(replies[peer]);
        repliesSent++;
        if (!joined[peer]) {
          onJoined(peer);
        }
        return;
      }
      if (present > 1 && b.get(o) == '[') {
        arrays++;
        scanIds(peer, b, o, present);
        return;
      }
      others++;
    }

    @Override
    public void onClose(WsConnection c, String rawReason) {
      if (finished) {
        return;
      }
      String reason = Printable.escape(rawReason);
      if (handshakes == 0) {
        ctx.fail(ExitCode.UNAVAILABLE, "cannot connect to " + config.target() + ": " + reason);
        return;
      }
      errors.add("peer " + c.tag() + ": " + reason);
      stop("error");
    }
  }

  private void onJoined(int i) {
    joined[i] = true;
    joinMicros[i] = ctx.nowMicros();
    joinedCount++;
    if (newcomerMicros[i] < 0 && seenOlder[i] == i + 1) {
      newcomerMicros[i] = joinMicros[i]; // peer 0: nobody joined before it
    }
    if (joinedCount == n) {
      joinedAllMicros = joinMicros[i];
    }
    if (!burst && i == started - 1 && started < n) {
      startPeer(started);
    }
  }

  /**
   * Records the ids in one incoming array: a fast path for a store relayed verbatim, else a scan
   * for every {@code "id" : "<prefix><digits>"} (any spacing) anywhere in the message, so that
   * relays that merge or re-serialise arrays count too.
   */
  private void scanIds(int peer, ByteBuffer b, int o, int len) {
    if (len == trackLength) {
      int k = 0;
      while (k < fast.length && b.get(o + k) == fast[k]) {
        k++;
      }
      if (k == fast.length) {
        int j = o + fast.length;
        int idx = 0;
        boolean digits = true;
        for (int d = 0; d < Payloads.ID_DIGITS; d++) {
          int c = b.get(j + d) - '0';
          digits &= c >= 0 && c <= 9;
          idx = idx * 10 + c;
        }
        if (digits && b.get(j + Payloads.ID_DIGITS) == '"') {
          see(peer, idx);
          return;
        }
      }
    }
    int end = o + len;
    for (int j = o; j < end - 4; j++) {
      if (b.get(j) != '"' || b.get(j + 1) != 'i' || b.get(j + 2) != 'd' || b.get(j + 3) != '"') {
        continue;
      }
      int k = skipSpace(b, j + 4, end);
      if (k >= end || b.get(k) != ':') {
        continue;
      }
      k = skipSpace(b, k + 1, end);
      if (k >= end || b.get(k) != '"') {
        continue;
      }
      k++;
      int m = 0;
      while (m < prefix.length && k + m < end && b.get(k + m) == prefix[m]) {
        m++;
      }
      if (m != prefix.length) {
        continue;
      }
      k += prefix.length;
      int idx = 0;
      int nd = 0;
      while (k < end && nd < 9 && b.get(k) >= '0' && b.get(k) <= '9') {
        idx = idx * 10 + (b.get(k) - '0');
        k++;
        nd++;
      }
      if (nd > 0 && k < end && b.get(k) == '"') {
        see(peer, idx);
      }
      j = k;
    }
  }

  private static int skipSpace(ByteBuffer b, int k, int end) {
    while (k < end) {
      byte c = b.get(k);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      k++;
    }
    return k;
  }

  private void see(int peer, int idx) {
    if (idx >= n) {
      return;
    }
    long k = (long) peer * n + idx;
    int word = (int) (k >>> 6);
    long bit = 1L << (k & 63);
    if ((seen[word] & bit) != 0) {
      return;
    }
    seen[word] |= bit;
    pairs++;
    long now = ctx.nowMicros();
    if (idx <= peer && ++seenOlder[peer] == peer + 1) {
      newcomerMicros[peer] = now;
    }
    if (++seenCount[peer] == n) {
      doneMicros[peer] = now;
      peersDone++;
      if (pairs == pairsTotal) {
        onComplete(now);
      }
    }
  }

  private void onComplete(long now) {
    completeMicros = now;
    framesAtComplete = frames;
    bytesAtComplete = bytes;
    serverCpuAtComplete = cpu.serverCpuSecondsNow();
    updateStatus(); // before the note, which is shown over the status line
    ctx.info(
        String.format(
            "storm: complete at %s with %,d frames; reading until the relay is quiet for %s",
            seconds(now - t0), frames, seconds(silenceMicros)));
  }

  // ------------------------------------------------------------------------------- result

  private void stop(String reason) {
    if (finished) {
      return;
    }
    finished = true;
    stopReason = reason;
    for (WsReactor.Timer t : timers) {
      t.cancel();
    }
    long end = ctx.nowMicros();
    Map<String, Object> cpuFields = cpu.stop();
    boolean complete = pairs == pairsTotal;
    long lastMicros = Math.max(lastMessageMicros, t0);
    double stormSeconds = (lastMicros - t0) / 1e6;

    Map<String, Object> r = new LinkedHashMap<>();
    r.put("mode", config.mode().jsonName());
    r.put("url", config.target().text());
    r.put("arrival", config.arrival().toString());
    r.put("peers", n);
    r.put("track_bytes", trackLength);
    r.put("client", "jam");
    r.put("complete", complete);
    r.put("stop", stopReason);
    r.put("seconds", Results.round3(((complete ? completeMicros : end) - t0) / 1e6));
    r.put("pairs_seen", pairs);
    r.put("pairs_total", pairsTotal);
    r.put("seen_frac", Math.round(1e5 * pairs / pairsTotal) / 1e5);
    r.put("peers_complete", peersDone);
    r.put("peers_started", started);
    r.put("peers_open", handshakes);
    r.put("peers_joined", joinedCount);
    r.put("joined_s", joinedAllMicros >= 0 ? Results.round3((joinedAllMicros - t0) / 1e6) : null);
    r.put("peer_done_p50_s", median(doneMicros, t0, 1e6, null));
    r.put("newcomer_p50_ms", burst ? null : median(newcomerMicros, 0, 1e3, connectMicros));
    r.put("newcomer_max_ms", burst ? null : max(newcomerMicros, 1e3, connectMicros));
    r.put("frames_at_complete", framesAtComplete >= 0 ? framesAtComplete : null);
    r.put("bytes_at_complete", bytesAtComplete >= 0 ? bytesAtComplete : null);
    r.put(
        "server_cpu_s_at_complete",
        serverCpuAtComplete == null ? null : Results.round3(serverCpuAtComplete));
    r.put("frames", frames);
    r.put("bytes", bytes);
    r.put("wire_bytes", ctx.reactor().frameBytesRead());
    r.put("collect_received", collects);
    r.put("collect_expected", (long) n * (n + 1) / 2);
    r.put("arrays_received", arrays);
    r.put("other_received", others);
    r.put("replies_sent", repliesSent);
    r.put("storm_s", Results.round3(stormSeconds));
    r.put("drained", "complete".equals(stopReason));
    r.put("silence_s", silenceMicros / 1e6);
    r.put("frames_per_s", stormSeconds > 0 ? Math.round(frames / stormSeconds) : null);
    r.put("per_s", new ArrayList<>(perSecond));
    r.putAll(cpuFields);
    Double serverCpu = cpu.serverCpuSeconds();
    Double selfCpu = cpu.selfCpuSeconds();
    r.put("server_cpu_s", serverCpu == null ? null : Results.round3(serverCpu));
    r.put("loadgen_cpu_s", selfCpu == null ? null : Results.round3(selfCpu));
    r.put(
        "server_us_per_frame",
        serverCpu != null && frames > 0 ? Results.round3(1e6 * serverCpu / frames) : null);
    r.put(
        "loadgen_us_per_frame",
        selfCpu != null && frames > 0 ? Results.round3(1e6 * selfCpu / frames) : null);
    long[] mem = CpuMeter.serverMemory(config.serverPids());
    r.put("server_rss_kb", mem == null ? null : mem[0]);
    r.put("server_hwm_kb", mem == null ? null : mem[1]);
    r.put("loadgen_rss_kb", CpuMeter.selfRssKb());
    r.put("errors", new ArrayList<>(errors));
    r.put("ok", errors.isEmpty() && !"stalled".equals(stopReason));
    r.put("date", Instant.now().toString());

    ExitCode code = ExitCode.OK;
    String problem = null;
    if (!errors.isEmpty()) {
      code = ExitCode.UNAVAILABLE;
      problem =
          "a connection to " + config.target() + " was lost during the storm: " + errors.get(0);
    } else if (!complete) {
      code = ExitCode.INCOMPLETE;
      problem =
          String.format(
              "not every peer saw every track: %s after %s (%.1f %% of the pairs seen)",
              "stalled".equals(stopReason) ? "no frame for 15 s" : "stopped at the time limit",
              seconds(end - t0),
              100.0 * pairs / pairsTotal);
    }
    ctx.complete(new BenchResult(config, r, code, problem));
  }

  /**
   * Median of (a[i] - (from == null ? origin : from[i])) / unit over the set entries, rounded; null
   * if none.
   */
  private Double median(long[] a, long origin, double unit, long[] from) {
    double[] v = values(a, origin, unit, from);
    return v.length == 0 ? null : Results.round3(v[Math.min(v.length - 1, v.length / 2)]);
  }

  private Double max(long[] a, double unit, long[] from) {
    double[] v = values(a, 0, unit, from);
    return v.length == 0 ? null : Results.round3(v[v.length - 1]);
  }

  private double[] values(long[] a, long origin, double unit, long[] from) {
    double[] v = new double[a.length];
    int k = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] >= 0) {
        v[k++] = (a[i] - (from == null ? origin : from[i])) / unit;
      }
    }
    v = Arrays.copyOf(v, k);
    Arrays.sort(v);
    return v;
  }

  private static String seconds(long micros) {
    return String.format("%.2f s", micros / 1e6);
  }
}
