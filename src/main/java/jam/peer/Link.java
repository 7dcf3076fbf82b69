package jam.peer;

import java.time.Duration;

/**
 * What a sender needs of its connection to a relay: {@link RelayConnection}, or {@link
 * SocketConnection} for ws://.
 */
interface Link extends AutoCloseable {
  /** Queues or writes {@code text}; false when the connection is not open (the text is dropped). */
  boolean send(String text);

  /**
   * Waits until everything sent has been handed to the socket, at most {@code timeout}; true when
   * it has.
   */
  boolean awaitSent(Duration timeout) throws InterruptedException;

  /** Closes with 1000 and waits a little for the relay to answer. Idempotent. */
  @Override
  void close();

  /**
   * What a sender hears on either kind of connection ({@link Trigger#connect}): each text from the
   * relay, and the end with its close code.
   */
  abstract class Listener implements RelayConnection.Handler, SocketConnection.Listener {
    @Override
    public final void text(RelayConnection from, String text) {
      text(text);
    }

    @Override
    public final void closed(RelayConnection from, int code, String reason, boolean byRelay) {
      closed(code);
    }
  }
}
