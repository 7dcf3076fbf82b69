package jam;

/**
 * Where status for people goes (stderr, in the command-line tool). Data never goes through here.
 * Implementations must be thread safe: network threads report through them.
 */
public interface Reporter {
  /** Progress and status a user wants to see by default; silenced by {@code -q}. */
  void info(String line);

  /** Something went wrong but the work goes on; shown even with {@code -q}. */
  void warn(String line);

  /** Detail for {@code -v} only. */
  void debug(String line);

  /** True when {@link #debug} lines are shown, so callers can skip building them. */
  boolean debugEnabled();

  /** A reporter that drops everything, for tests and embedding. */
  Reporter SILENT =
      new Reporter() {
        @Override
        public void info(String line) {}

        @Override
        public void warn(String line) {}

        @Override
        public void debug(String line) {}

        @Override
        public boolean debugEnabled() {
          return false;
        }
      };
}
