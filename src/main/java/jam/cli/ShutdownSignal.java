package jam.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM as an event a command can wait for, so that it shuts down in order and exits 0
 * (a JVM shutdown hook would exit 130 or 143). Install it before starting what it is to stop; a
 * {@link Stopper} turns it into closing what the command runs. Thread safe.
 */
final class ShutdownSignal {
  private final CompletableFuture<Void> received = new CompletableFuture<>();

  /** The first signal that came; null before, or when {@link #fire} stood in for one. */
  private volatile Signal first;

  private ShutdownSignal() {}

  static ShutdownSignal install() {
    return install("INT", "TERM");
  }

  /**
   * Waits for the signals {@code names} only, e.g. "TERM" when a console takes Ctrl-C (SIGINT)
   * itself.
   */
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
    received.complete(null);
  }

  /** Whether a signal (or {@link #fire}) has come. */
  boolean received() {
    return received.isDone();
  }

  /**
   * Completes when a signal (or {@link #fire}) comes; completing the copy returned does nothing
   * here.
   */
  CompletableFuture<Void> future() {
    return received.copy();
  }

  /**
   * The signal that came, as people name it: "SIGINT", "SIGTERM" (SIGINT when {@link #fire} stood
   * in).
   */
  String name() {
    Signal s = first;
    return "SIG" + (s == null ? "INT" : s.getName());
  }

  /**
   * 128 plus the signal's number, as a shell reports a command a signal stopped: 130 for SIGINT,
   * 143 for SIGTERM.
   */
  int exitCode() {
    Signal s = first;
    return 128 + (s == null ? 2 : s.getNumber());
  }

  /**
   * As if a signal had come: for one that reaches the command another way (a terminal's Ctrl-C).
   */
  void fire() {
    received.complete(null);
  }

  void await() throws InterruptedException {
    try {
      received.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e); // never: the future only ever completes normally
    }
  }

  /** Waits at most {@code timeout}; true when a signal came. */
  boolean await(java.time.Duration timeout) throws InterruptedException {
    try {
      received.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    }
  }

  /** A started {@link Stopper} for {@code command}, the thread that runs the command. */
  Stopper stopper(Thread command) {
    Stopper stopper = new Stopper(this, command);
    stopper.start();
    return stopper;
  }

  /**
   * Waits for the signal on a daemon thread, then closes what the command handed over with {@link
   * #running}, which ends the command's wait; before anything is handed over, it interrupts the
   * command's thread instead (to cut its connecting short), unless the command said it is {@link
   * #over}. Thread safe.
   */
  static final class Stopper extends Thread {
    private final ShutdownSignal signal;
    private final Thread command;
    private final Object lock = new Object();

    /** Guarded by lock: closes what the command runs; null until it is handed over. */
    private Runnable close;

    /** Guarded by lock: the command is past its waiting and must not be interrupted. */
    private boolean over;

    private volatile boolean stopped;

    private Stopper(ShutdownSignal signal, Thread command) {
      super("jam-signal");
      setDaemon(true);
      this.signal = signal;
      this.command = command;
    }

    /**
     * Hands over how to close what now runs; false when a signal came first (then the caller closes
     * it).
     */
    boolean running(Runnable close) {
      synchronized (lock) {
        if (stopped) {
          return false;
        }
        this.close = close;
        return true;
      }
    }

    /** Whether the signal came: a failure seen after it is the stop's doing, not an error. */
    boolean stopped() {
      return stopped;
    }

    /** The command is past its waiting: no interrupt from here on. */
    void over() {
      synchronized (lock) {
        over = true;
      }
    }

    @Override
    public void run() {
      try {
        signal.await();
      } catch (InterruptedException e) {
        return;
      }
      Runnable running;
      synchronized (lock) {
        stopped = true;
        running = close;
        if (running == null && !over) {
          command.interrupt();
        }
      }
      if (running != null) {
        running.run();
      }
    }
  }
}
