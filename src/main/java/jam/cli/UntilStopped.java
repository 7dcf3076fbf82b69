package jam.cli;

import jam.ExitCode;
import jam.JamException;

/**
 * The exit code of a command after a signal, by jam's one rule: a command that runs until it is
 * stopped (a pattern repeated until Ctrl-C) is done when SIGINT or SIGTERM comes, and exits 0, as
 * {@code jam join} and {@code jam serve} do; one with an end of its own is cut short, and exits 130
 * or 143 (the JVM's default, as a shell reports a command a signal stopped). Stateless.
 */
final class UntilStopped {
  private UntilStopped() {}

  /** Work that a signal interrupts. */
  interface Work {
    void run() throws InterruptedException;
  }

  /**
   * Runs {@code work} on this thread; with {@code endless}, a signal interrupts it (what it holds
   * is closed in order) and the exit code is 0. Without, signals are left to the JVM.
   */
  static int run(boolean endless, Work work) throws InterruptedException {
    if (!endless) {
      work.run();
      return ExitCode.OK.code();
    }
    ShutdownSignal signal = ShutdownSignal.install();
    ShutdownSignal.Stopper stopper = signal.stopper(Thread.currentThread());
    try {
      work.run();
    } catch (InterruptedException e) {
      if (!stopper.stopped()) {
        throw e;
      }
    } catch (JamException e) {
      if (!stopper.stopped()) {
        throw e; // a failure of its own, not the stop's doing
      }
    } finally {
      stopper.over();
      Thread.interrupted();
    }
    return ExitCode.OK.code();
  }
}
