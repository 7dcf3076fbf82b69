package jam.relay;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes a socket a while after shutting its output, so that its peer reads what was written (the
 * relay's close frame) and then end of stream, rather than a reset. Thread safe; one daemon thread
 * ({@link #SHARED}) serves every socket of the relay.
 *
 * <p>Java-WebSocket closes a socket right after writing its close frame, without waiting for the
 * peer's. A peer still sending (a flood closed with 1008, the rest of a message over --max-message)
 * then got a reset, and its next write "broken pipe": a client such as the JDK's reports that error
 * and never the close frame that had arrived. Shut for writing, its input unread, the socket stays
 * open for {@link #LINGER_MILLIS}.
 */
final class LingeringClose {
  /** How long a socket the relay closed stays open, shut for writing. */
  static final long LINGER_MILLIS = 1000;

  static final LingeringClose SHARED =
      new LingeringClose(
          Executors.newSingleThreadScheduledExecutor(
              run -> {
                Thread t = new Thread(run, "jam-relay-linger");
                t.setDaemon(true);
                return t;
              }));

  private final ScheduledExecutorService closer;

  LingeringClose(ScheduledExecutorService closer) {
    this.closer = closer;
  }

  /**
   * Shuts {@code socket}'s output now and closes it {@code millis} later; closes it now when its
   * output cannot be shut, or when the closer has stopped.
   */
  void close(SocketChannel socket, long millis) throws IOException {
    try {
      socket.shutdownOutput();
    } catch (IOException e) {
      socket.close();
      return;
    }
    try {
      closer.schedule(() -> closeQuietly(socket), millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      closeQuietly(socket);
    }
  }

  private static void closeQuietly(SocketChannel socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing: nothing left to tell anyone
    }
  }
}
