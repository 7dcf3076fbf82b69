package jam.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM as an event a command can wait for, so that it shuts down in order and exits 0
 * (a JVM shutdown hook would exit 130 or 143). Install it before starting what it is to stop.
 */
final class ShutdownSignal {
  private final CountDownLatch received = new CountDownLatch(1);

  private ShutdownSignal() {}

  static ShutdownSignal install() {
    return install("INT", "TERM");
  }

  /** Waits for the signals {@code names} only, e.g. "TERM" when a console takes Ctrl-C (SIGINT) itself. */
  static ShutdownSignal install(String... names) {
    ShutdownSignal signal = new ShutdownSignal();
    for (String name : names) {
      try {
        Signal.handle(new Signal(name), s -> signal.received.countDown());
      } catch (IllegalArgumentException e) {
        // the signal is not available on this platform; the other one still works
      }
    }
    return signal;
  }

  /** As if a signal had come: for one that reaches the command another way (a terminal's Ctrl-C). */
  void fire() {
    received.countDown();
  }

  void await() throws InterruptedException {
    received.await();
  }
}
