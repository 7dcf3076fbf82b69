package jam.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time and memory over one measured phase, read from Linux's /proc as loadgen.js reads them:
 * this process, the relay's process tree (when its pid is known; several relays' trees, summed, and
 * each on its own) and the whole machine. Where /proc is missing, the figures are null. Not thread
 * safe.
 */
final class CpuMeter {
  /** Linux USER_HZ: /proc/PID/stat times are in these ticks. */
  private static final double TICKS_PER_SECOND = 100;

  private static final int CPUS = Runtime.getRuntime().availableProcessors();

  private final List<Long> roots;
  private final List<List<Long>> trees = new ArrayList<>();
  private final long t0;
  private final long[] self0;
  private final long[] server0;
  private final long[] host0;

  private long wallNanos;
  private Double serverCpuSeconds;
  private double[] serverCpuSecondsByPid;
  private Double selfCpuSeconds;

  private CpuMeter(List<Long> serverPids) {
    this.roots = List.copyOf(serverPids);
    for (long pid : roots) {
      trees.add(tree(pid));
    }
    this.t0 = System.nanoTime();
    this.self0 = selfTicks();
    this.server0 = roots.isEmpty() ? null : serverTicks();
    this.host0 = host();
  }

  /** Starts measuring now; {@code serverPids} may be empty. */
  static CpuMeter start(List<Long> serverPids) {
    return new CpuMeter(serverPids);
  }

  /** The relays' CPU seconds since the start, summed, or null without their pids. */
  Double serverCpuSecondsNow() {
    if (server0 == null) {
      return null;
    }
    long[] now = serverTicks();
    long sum = 0;
    for (int i = 0; i < now.length; i++) {
      sum += now[i] - server0[i];
    }
    return sum / TICKS_PER_SECOND;
  }

  private long[] serverTicks() {
    long[] t = new long[trees.size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = ticks(trees.get(i));
    }
    return t;
  }

  /**
   * Stops and returns loadgen.js's fields: loadgen_cpu_pct, loadgen_sys_pct, server_cpu_pct,
   * host_busy_pct, host_steal_pct, other_cpu_pct (100 = one core, except host_* = all cores).
   */
  Map<String, Object> stop() {
    wallNanos = System.nanoTime() - t0;
    double wall = wallNanos / 1e9;
    Map<String, Object> r = new LinkedHashMap<>();
    long[] self = selfTicks();
    Double selfPct = null;
    if (self != null && self0 != null) {
      selfCpuSeconds = (self[0] + self[1] - self0[0] - self0[1]) / TICKS_PER_SECOND;
      selfPct = 100 * selfCpuSeconds / wall;
      r.put("loadgen_cpu_pct", Results.round1(selfPct));
      r.put(
          "loadgen_sys_pct", Results.round1(100 * (self[1] - self0[1]) / TICKS_PER_SECOND / wall));
    }
    Double serverPct = null;
    if (server0 != null) {
      long[] now = serverTicks();
      serverCpuSecondsByPid = new double[now.length];
      double sum = 0;
      for (int i = 0; i < now.length; i++) {
        serverCpuSecondsByPid[i] = (now[i] - server0[i]) / TICKS_PER_SECOND;
        sum += serverCpuSecondsByPid[i];
      }
      serverCpuSeconds = sum;
      serverPct = 100 * serverCpuSeconds / wall;
      r.put("server_cpu_pct", Results.round1(serverPct));
    }
    long[] h = host();
    if (h != null && host0 != null && h[1] > host0[1]) {
      double dt = h[1] - host0[1];
      double busy = 100 * (1 - (h[0] - host0[0]) / dt);
      r.put("host_busy_pct", Results.round1(busy));
      r.put("host_steal_pct", Results.round1(100 * (h[2] - host0[2]) / dt));
      double other =
          busy * CPUS - (selfPct == null ? 0 : selfPct) - (serverPct == null ? 0 : serverPct);
      r.put("other_cpu_pct", Results.round1(Math.max(0, other)));
    }
    return r;
  }

  double wallSeconds() {
    return wallNanos / 1e9;
  }

  /**
   * The relays' CPU seconds over the phase, summed; null without their pids. After {@link #stop}.
   */
  Double serverCpuSeconds() {
    return serverCpuSeconds;
  }

  /**
   * With more than one server pid, each one's figures over the phase, in the order given: pid,
   * cpu_s, cpu_pct, us_per_delivery and us_per_message (what a sender's relay spends per message
   * published, a receivers' relay per delivery); null with fewer than two pids. After {@link
   * #stop}.
   */
  List<Map<String, Object>> serverCpuByPid(long deliveries, long messages) {
    if (serverCpuSecondsByPid == null || roots.size() < 2) {
      return null;
    }
    List<Map<String, Object>> out = new ArrayList<>();
    double wall = wallSeconds();
    for (int i = 0; i < roots.size(); i++) {
      double cpuS = serverCpuSecondsByPid[i];
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("pid", roots.get(i));
      m.put("cpu_s", Results.round3(cpuS));
      m.put("cpu_pct", Results.round1(100 * cpuS / wall));
      m.put("us_per_delivery", deliveries > 0 ? Results.round3(1e6 * cpuS / deliveries) : null);
      m.put("us_per_message", messages > 0 ? Results.round3(1e6 * cpuS / messages) : null);
      out.add(m);
    }
    return out;
  }

  /** This process's CPU seconds over the phase; null without /proc. After {@link #stop}. */
  Double selfCpuSeconds() {
    return selfCpuSeconds;
  }

  /**
   * Resident and peak resident memory of the relays' process trees, summed, kB: {rss, hwm}; null
   * without them.
   */
  static long[] serverMemory(List<Long> serverPids) {
    Set<Long> all = new LinkedHashSet<>(); // a process given twice counts once
    for (long root : serverPids) {
      all.addAll(tree(root));
    }
    long rss = 0;
    long hwm = 0;
    boolean found = false;
    for (long pid : all) {
      String s = read(Path.of("/proc", Long.toString(pid), "status"));
      if (s == null) {
        continue;
      }
      found = true;
      rss += statusKb(s, "VmRSS:");
      hwm += statusKb(s, "VmHWM:");
    }
    return found ? new long[] {rss, hwm} : null;
  }

  /** This process's resident memory in kB, or null. */
  static Long selfRssKb() {
    String s = read(Path.of("/proc/self/status"));
    return s == null ? null : statusKb(s, "VmRSS:");
  }

  private static long statusKb(String status, String field) {
    int at = status.indexOf(field);
    if (at < 0) {
      return 0;
    }
    int end = status.indexOf('\n', at);
    String v = status.substring(at + field.length(), end < 0 ? status.length() : end).trim();
    return Long.parseLong(v.split("\\s+")[0]);
  }

  /** The process and all its descendants (a launcher script's java counts too). */
  static List<Long> tree(long root) {
    Map<Long, List<Long>> children = new HashMap<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc"))) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String[] f = statFields(read(p.resolve("stat")));
        if (f == null) {
          continue;
        }
        children
            .computeIfAbsent(Long.parseLong(f[1]), k -> new ArrayList<>())
            .add(Long.parseLong(name));
      }
    } catch (IOException | RuntimeException e) {
      return List.of(root);
    }
    List<Long> out = new ArrayList<>();
    ArrayDeque<Long> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty() && out.size() < 1000) {
      long p = stack.pop();
      out.add(p);
      for (long c : children.getOrDefault(p, List.of())) {
        stack.push(c);
      }
    }
    return out;
  }

  private static long ticks(List<Long> pids) {
    long t = 0;
    for (long pid : pids) {
      String[] f = statFields(read(Path.of("/proc", Long.toString(pid), "stat")));
      if (f != null) {
        t += Long.parseLong(f[11]) + Long.parseLong(f[12]);
      }
    }
    return t;
  }

  /** {user, system} ticks of this process, or null. */
  private static long[] selfTicks() {
    String[] f = statFields(read(Path.of("/proc/self/stat")));
    return f == null ? null : new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
  }

  /** The fields of /proc/PID/stat after "(comm) ": state, ppid, ...; utime is [11], stime [12]. */
  private static String[] statFields(String stat) {
    if (stat == null) {
      return null;
    }
    int close = stat.lastIndexOf(')');
    return close < 0 ? null : stat.substring(close + 2).trim().split(" ");
  }

  /** {idle, total, steal} jiffies of the whole machine, or null. */
  private static long[] host() {
    String s = read(Path.of("/proc/stat"));
    if (s == null) {
      return null;
    }
    String[] f = s.substring(0, s.indexOf('\n')).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i <= 8 && i < f.length; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
    long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
    return new long[] {idle, total, steal};
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
