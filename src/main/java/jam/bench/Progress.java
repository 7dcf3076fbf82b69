package jam.bench;

/**
 * Where a running benchmark shows how far it is: a status line, replaced by the next, and notes
 * that stay. All calls come from the thread that called {@link Bench#run}.
 */
public interface Progress {
  /** The current state, e.g. "sending 3.0 s sent 15,000 delivered 1,500,000". */
  void update(String line);

  /** A line to keep, e.g. "101 connections open in 0.21 s". */
  void note(String line);

  /** The run is over: clear the status line. */
  void finish();

  /** Shows nothing. */
  Progress NONE =
      new Progress() {
        @Override
        public void update(String line) {}

        @Override
        public void note(String line) {}

        @Override
        public void finish() {}
      };
}
