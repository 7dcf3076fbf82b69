package jam.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time and memory over one measured phase, read from Linux's /proc as loadgen.js reads them:
 * this process, the relay's process tree (when its pid is known) and the whole machine. Where /proc
 * is missing, the figures are null. Not thread safe.
 */
final class CpuMeter {
  /** Linux USER_HZ: /proc/PID/stat times are in these ticks. */
  private static final double TICKS_PER_SECOND = 100;

  private static final int CPUS = Runtime.getRuntime().availableProcessors();

  private final List<Long> serverPids;
  private final long t0;
  private final long[] self0;
  private final Long server0;
  private final long[] host0;

  private long wallNanos;
  private Double serverCpuSeconds;
  private Double selfCpuSeconds;

  private CpuMeter(long serverPid) {
    this.serverPids = serverPid > 0 ? tree(serverPid) : List.of();
    this.t0 = System.nanoTime();
    this.self0 = selfTicks();
    this.server0 = serverPids.isEmpty() ? null : ticks(serverPids);
    this.host0 = host();
  }

  /** Starts measuring now. */
  static CpuMeter start(long serverPid) {
    return new CpuMeter(serverPid);
  }

  /** The relay's CPU seconds since the start, or null without its pid. */
  Double serverCpuSecondsNow() {
    return server0 == null ? null : (ticks(serverPids) - server0) / TICKS_PER_SECOND;
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
      serverCpuSeconds = serverCpuSecondsNow();
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

  /** The relay's CPU seconds over the phase; null without its pid. After {@link #stop}. */
  Double serverCpuSeconds() {
    return serverCpuSeconds;
  }

  /** This process's CPU seconds over the phase; null without /proc. After {@link #stop}. */
  Double selfCpuSeconds() {
    return selfCpuSeconds;
  }

  /**
   * Resident and peak resident memory of the relay's process tree, kB: {rss, hwm}; null without it.
   */
  static long[] serverMemory(long serverPid) {
    if (serverPid <= 0) {
      return null;
    }
    long rss = 0;
    long hwm = 0;
    boolean found = false;
    for (long pid : tree(serverPid)) {
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
