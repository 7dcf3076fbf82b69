package jam.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM as an event a command can wait for, so that it shuts down in order and exits 0
 * (a JVM shutdown hook would exit 130 or 143). Install it before starting what it is to stop.
 */
final class ShutdownSignal {
  private final CountDownLatch received = new CountDownLatch(1);
  /** The first signal that came; null before, or when {@link #fire} stood in for one. */
  private volatile Signal first;

  private ShutdownSignal() {}

  static ShutdownSignal install() {
    return install("INT", "TERM");
  }

  /** Waits for the signals {@code names} only, e.g. "TERM" when a console takes Ctrl-C (SIGINT) itself. */
  static ShutdownSignal install(String... names) {
    ShutdownSignal signal = new ShutdownSignal();
    for (String name : names) {
      try {
        Signal.handle(new Signal(name), s -> signal.receive(s));
      } catch (IllegalArgumentException e) {
        // the signal is not available on this platform; the other one still works
      }
    }
    return signal;
  }

  private void receive(Signal s) {
    if (first == null) {
      first = s;
    }
    received.countDown();
  }

  /** Whether a signal (or {@link #fire}) has come. */
  boolean received() {
    return received.getCount() == 0;
  }

  /** The signal that came, as people name it: "SIGINT", "SIGTERM" (SIGINT when {@link #fire} stood in). */
  String name() {
    Signal s = first;
    return "SIG" + (s == null ? "INT" : s.getName());
  }

  /** 128 plus the signal's number, as a shell reports a command a signal stopped: 130 for SIGINT, 143 for SIGTERM. */
  int exitCode() {
    Signal s = first;
    return 128 + (s == null ? 2 : s.getNumber());
  }

  /** As if a signal had come: for one that reaches the command another way (a terminal's Ctrl-C). */
  void fire() {
    received.countDown();
  }

  void await() throws InterruptedException {
    received.await();
  }

  /** Waits at most {@code timeout}; true when a signal came. */
  boolean await(java.time.Duration timeout) throws InterruptedException {
    return received.await(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
  }
}
