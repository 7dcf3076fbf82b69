package jam.console;

import jam.ExitCode;
import jam.JamException;
import jam.peer.TrackPeer;
import jam.sound.Speaker;
import jam.track.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;

/**
 * {@code jam join} at a terminal, from start to end: opens the process's terminal, puts a {@link
 * Console} on it, starts the session's peer with the console as its sink, and reads commands on the
 * calling thread until {@code quit}, Ctrl-D, the time limit, or the end of the peer (closed by
 * SIGTERM, or after enough tracks). Ctrl-C while connecting gives up; once connected it is the
 * console's (it clears the line). The terminal is closed before {@link #run} returns. Stateless;
 * one call is one session.
 */
public final class ConsoleJoin {
  /** How the command starts the session's peer, once the console can take its output. */
  public interface PeerStart {
    /**
     * The running peer, giving tracks and bangs to {@code sink} and telling people through {@code
     * messages} (each line printed above the prompt); null when the session was stopped before it
     * ran.
     */
    TrackPeer start(TrackPeer.Sink sink, PrintWriter messages);
  }

  private ConsoleJoin() {}

  /**
   * Runs the session; returns when it is over.
   *
   * @param giveUp what Ctrl-C does while the peer is starting: it should end {@code start} (a
   *     signal)
   * @param timeLeft how long the session may still run, asked once the peer runs (null: no limit;
   *     negative: over at once)
   * @throws JamException when the terminal cannot be opened ({@link ExitCode#IO}), when the peer
   *     cannot start, or when its connection is lost without reconnecting
   */
  public static void run(
      Console.Settings settings,
      Store store,
      Speaker speaker,
      PeerStart start,
      Runnable giveUp,
      Supplier<Duration> timeLeft) {
    Terminal terminal;
    try {
      terminal = Console.systemTerminal();
    } catch (IOException e) {
      throw new JamException(ExitCode.IO, "cannot open the terminal: " + e.getMessage(), e);
    }
    try (terminal) {
      Console console = new Console(terminal, settings, store, speaker);
      TrackPeer peer;
      terminal.handle(Terminal.Signal.INT, s -> giveUp.run());
      try {
        peer = start.start(console, console.messages());
      } finally {
        terminal.handle(Terminal.Signal.INT, Terminal.SignalHandler.SIG_IGN);
      }
      if (peer == null) {
        return;
      }
      try (peer) {
        Thread waiter =
            new Thread(
                () -> {
                  try {
                    Duration left = timeLeft.get();
                    if (left == null || !left.isNegative()) {
                      peer.await(left);
                    }
                  } catch (InterruptedException | JamException e) {
                    // interrupted: the console is over; a failure is rethrown below
                  }
                  console.stop();
                },
                "jam-session");
        waiter.setDaemon(true);
        waiter.start();
        console.run(peer);
        waiter.interrupt();
        try {
          peer.await(Duration.ZERO); // a connection lost without reconnecting: its error
        } catch (InterruptedException e) {
          // over anyway
        }
      }
    } catch (IOException e) {
      // closing the terminal: nothing left to tell
    }
  }
}
