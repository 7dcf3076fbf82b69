package jam.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Rounding and latency percentiles for result fields. */
final class Results {
  private Results() {}

  static Double round1(double x) {
    return Double.isFinite(x) ? Math.round(x * 10) / 10.0 : null;
  }

  static Double round3(double x) {
    return Double.isFinite(x) ? Math.round(x * 1000) / 1000.0 : null;
  }

  /** A whole number as a Long (no ".0" in JSON), else the double. */
  static Object number(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? (Object) (long) x : (Object) x;
  }

  /** p50_ms, p90_ms, p99_ms, p999_ms, max_ms from a histogram of microseconds; nulls when empty. */
  static Map<String, Object> percentiles(Histogram h) {
    Map<String, Object> r = new LinkedHashMap<>();
    boolean any = h.getTotalCount() > 0;
    r.put("p50_ms", any ? round3(h.getValueAtPercentile(50) / 1000.0) : null);
    r.put("p90_ms", any ? round3(h.getValueAtPercentile(90) / 1000.0) : null);
    r.put("p99_ms", any ? round3(h.getValueAtPercentile(99) / 1000.0) : null);
    r.put("p999_ms", any ? round3(h.getValueAtPercentile(99.9) / 1000.0) : null);
    r.put("max_ms", any ? round3(h.getMaxValue() / 1000.0) : null);
    r.put("latency_samples", h.getTotalCount());
    return r;
  }
}
