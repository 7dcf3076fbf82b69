package jam.bench;

import jam.ExitCode;
import jam.JamException;
import jam.text.JsonStrings;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run measured: its fields under the names loadgen.js uses (so that one table can hold both
 * tools' lines), and whether it passed. Immutable.
 */
public final class BenchResult {
  private final BenchConfig config;
  private final Map<String, Object> fields;
  private final ExitCode exitCode;
  private final String problem;

  BenchResult(BenchConfig config, Map<String, Object> fields, ExitCode exitCode, String problem) {
    this.config = config;
    this.fields = Collections.unmodifiableMap(fields);
    this.exitCode = exitCode;
    this.problem = problem;
  }

  /**
   * Every measured field, in output order; values are numbers, strings, booleans, lists or null.
   */
  public Map<String, Object> fields() {
    return fields;
  }

  /**
   * True when nothing was lost, no connection failed and the relay kept up (a storm: completed).
   */
  public boolean ok() {
    return problem == null;
  }

  /** Why the run did not pass, as the exception a command exits with; null when it passed. */
  public JamException failure() {
    return problem == null ? null : new JamException(exitCode, problem);
  }

  /** One JSON object on one line; fields whose value is null are left out. */
  public String json() {
    StringBuilder out = new StringBuilder(1024);
    write(fields, out);
    return out.toString();
  }

  /**
   * Numbers as Java prints them ({@code 1000}, {@code 0.5}, {@code 1.0E-4}); NaN and the rest as
   * strings.
   */
  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getValue() != null) {
          out.append(first ? "" : ",");
          first = false;
          JsonStrings.append(String.valueOf(e.getKey()), out);
          out.append(':');
          write(e.getValue(), out);
        }
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ",");
        write(list.get(i), out);
      }
      out.append(']');
    } else if (value instanceof Double d && !d.isInfinite() && !d.isNaN()
        || value instanceof Long
        || value instanceof Integer
        || value instanceof Boolean) {
      out.append(value);
    } else {
      JsonStrings.append(value.toString(), out);
    }
  }

  /** A table for people: one row per measured quantity. */
  public String table() {
    Table t = new Table();
    if (config.mode() == BenchConfig.Mode.STORM) {
      storm(t);
    } else {
      load(t);
    }
    cpu(t, config.mode() == BenchConfig.Mode.STORM ? "frame" : "delivery");
    t.row("result", problem == null ? "ok" : "FAILED: " + problem);
    String senders = config.senderTarget() == null ? "" : ", senders on " + config.senderTarget();
    return "jam bench: " + config.mode() + " against " + config.target() + senders + "\n\n" + t;
  }

  private void load(Table t) {
    boolean trigger = config.mode() == BenchConfig.Mode.TRIGGER;
    t.row("peers", f("%,d receiving, %d sending", num("peers"), num("senders")));
    String what = trigger ? "trigger-input (13 B)" : f("%,d B", num("payload"));
    String rate =
        "max".equals(fields.get("rate"))
            ? f("max rate (window %,d messages in flight)", num("window"))
            : f("%s messages/s", fields.get("rate"));
    t.row("messages", what + ", " + rate);
    t.row(
        "sent",
        f(
            "%,d in %.2f s (%,d messages/s), stopped by %s",
            num("messages"), dbl("seconds"), num("msgs_per_s"), fields.get("stop")));
    t.row(
        "delivered",
        f(
            "%,d of %,d, %,d lost (%,d per second)",
            num("delivered"), num("expected"), num("lost"), num("deliveries_per_s")));
    t.row("latency ms", latency());
    t.row(
        "connect",
        f("%.2f s; barrier through after %.2f s; collect ", dbl("connect_s"), dbl("settle_s"))
            + collects(num("collect_received"), num("peers") + num("senders")));
    if (trigger) {
      t.row("replies", String.valueOf(fields.get("trigger_reply")));
    }
    StringBuilder other = new StringBuilder();
    other.append(f("%,d back to the senders", num("sender_deliveries")));
    if (num("out_of_order") > 0) {
      other.append(f(", %,d out of order", num("out_of_order")));
    }
    if (num("other_received") > 0) {
      other.append(f(", %,d unrecognised", num("other_received")));
    }
    t.row("echoes", other.toString());
    t.row("per second", perSecond());
  }

  private void storm(Table t) {
    t.row(
        "peers",
        f(
            "%,d, %s arrival, each with a %,d B track array",
            num("peers"), fields.get("arrival"), num("track_bytes")));
    if (Boolean.TRUE.equals(fields.get("complete"))) {
      t.row("all seen", f("%.3f s (every peer has every peer's track)", dbl("seconds")));
    } else {
      t.row(
          "all seen",
          f(
              "NO: stopped (%s) at %.3f s with %.1f %% of the peer x track pairs seen, %,d of %,d peers complete",
              fields.get("stop"),
              dbl("seconds"),
              100 * dbl("seen_frac"),
              num("peers_complete"),
              num("peers")));
    }
    String joined =
        fields.get("joined_s") == null
            ? f("%,d of %,d peers had their first collect", num("peers_joined"), num("peers"))
            : f("all after %.3f s", dbl("joined_s"));
    if (fields.get("newcomer_p50_ms") != null) {
      joined +=
          f(
              "; a newcomer has every earlier track after p50 %.1f ms, max %.1f ms",
              dbl("newcomer_p50_ms"), dbl("newcomer_max_ms"));
    }
    t.row("joined", joined);
    t.row(
        "frames",
        f(
            "%,d (%.1f MB) in %.3f s, %,d per second; %,d at completion",
            num("frames"),
            num("bytes") / 1e6,
            dbl("storm_s"),
            num("frames_per_s"),
            fields.get("frames_at_complete") == null ? 0 : num("frames_at_complete")));
    t.row(
        "collect",
        collects(num("collect_received"), num("peers"))
            + f(
                "; %,d replies sent; %,d track arrays received",
                num("replies_sent"), num("arrays_received")));
    if (num("other_received") > 0) {
      t.row("other", f("%,d unrecognised messages", num("other_received")));
    }
    t.row("per second", perSecond());
  }

  private void cpu(Table t, String unit) {
    if (fields.get("server_cpu_pct") != null) {
      Object per = fields.get("server_us_per_" + unit);
      t.row(
          "relay CPU",
          f(
              "%.1f %% of a core%s%s",
              dbl("server_cpu_pct"),
              per == null ? "" : f(", %.2f µs per %s", ((Number) per).doubleValue(), unit),
              fields.get("server_rss_kb") == null
                  ? ""
                  : f(", RSS %.1f MiB", num("server_rss_kb") / 1024.0)));
      if (fields.get("server_cpu_by_pid") instanceof List<?> each) {
        for (Object o : each) {
          Map<?, ?> m = (Map<?, ?>) o;
          Object perDelivery = m.get("us_per_delivery");
          Object perMessage = m.get("us_per_message");
          t.row(
              "  pid " + m.get("pid"),
              f(
                  "%.1f %% of a core%s%s",
                  ((Number) m.get("cpu_pct")).doubleValue(),
                  perDelivery == null
                      ? ""
                      : f(", %.2f µs per delivery", ((Number) perDelivery).doubleValue()),
                  perMessage == null
                      ? ""
                      : f(", %.1f µs per message", ((Number) perMessage).doubleValue())));
        }
      }
    } else {
      t.row("relay CPU", "not measured (--server-pid PID to read it from /proc)");
    }
    if (fields.get("loadgen_cpu_pct") != null) {
      Object per = fields.get("loadgen_us_per_" + unit);
      t.row(
          "jam bench CPU",
          f(
              "%.1f %% of a core (system %.1f %%)%s",
              dbl("loadgen_cpu_pct"),
              dbl("loadgen_sys_pct"),
              per == null ? "" : f(", %.2f µs per %s", ((Number) per).doubleValue(), unit)));
    }
    if (fields.get("other_cpu_pct") != null) {
      t.row(
          "other CPU",
          f(
              "%.1f %% of a core (the machine: %.1f %% busy)",
              dbl("other_cpu_pct"), dbl("host_busy_pct")));
    }
  }

  private String latency() {
    if (fields.get("p50_ms") == null) {
      return "none measured";
    }
    return "p50 "
        + ms("p50_ms")
        + "   p90 "
        + ms("p90_ms")
        + "   p99 "
        + ms("p99_ms")
        + "   p99.9 "
        + ms("p999_ms")
        + "   max "
        + ms("max_ms");
  }

  private String perSecond() {
    Object v = fields.get("per_s");
    if (!(v instanceof List<?> list) || list.isEmpty()) {
      return "-";
    }
    StringBuilder b = new StringBuilder();
    for (Object o : list) {
      long x = ((Number) o).longValue();
      b.append(b.length() == 0 ? "" : " ")
          .append(x >= 10_000 ? f("%.0fk", x / 1000.0) : Long.toString(x));
    }
    return b.toString();
  }

  private String ms(String key) {
    double x = dbl(key);
    return x < 10 ? f("%.2f", x) : f("%.1f", x);
  }

  /**
   * The {@code collect}s that {@code connections} connections joining one after another received,
   * and what that says of the relay: one each (jam's default, only a newcomer is asked) or one per
   * peer per join, T(T+1)/2 (the tutorial's relay, and jam serve --collect).
   */
  static String collects(long received, long connections) {
    long everyPeer = connections * (connections + 1) / 2;
    if (received == everyPeer && connections > 1) {
      return String.format("%,d (every peer at each join, as the tutorial's relay)", received);
    }
    if (received == connections) {
      return String.format("%,d (one each: only newcomers asked)", received);
    }
    return String.format(
        "%,d (expected %,d, one each, or %,d, every peer at each join)",
        received, connections, everyPeer);
  }

  private long num(String key) {
    Object v = fields.get(key);
    return v instanceof Number n ? n.longValue() : 0;
  }

  private double dbl(String key) {
    Object v = fields.get(key);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** Two aligned columns. */
  private static final class Table {
    private final StringBuilder out = new StringBuilder();

    void row(String name, String value) {
      out.append("  ")
          .append(name)
          .append(" ".repeat(Math.max(1, 16 - name.length())))
          .append(value)
          .append('\n');
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }
}
