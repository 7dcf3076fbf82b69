package jam.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.CloseFrame;

/**
 * Delivers one encoded frame to many peers, each through its {@link PeerChannel}: written at once
 * where the socket has room, queued where it has not (and the selector asked for a writable event),
 * queued in the decoder's batch while one is open ({@link FanOutBatch}). A peer too far behind (its
 * outbox full) is dropped; the rest go on. Thread safe: called from the decoder threads and the
 * selector thread; each channel guards itself.
 */
final class FanOut {
  private final long maxQueueBytes;
  private final FanOutBatch<PeerChannel> batch;
  private final RelayListener listener;

  /** Asks the selector for a connection's writable event (the library's {@code onWriteDemand}). */
  private final Consumer<WebSocket> writeDemand;

  FanOut(
      long maxQueueBytes,
      FanOutBatch<PeerChannel> batch,
      RelayListener listener,
      Consumer<WebSocket> writeDemand) {
    this.maxQueueBytes = maxQueueBytes;
    this.batch = batch;
    this.listener = listener;
    this.writeDemand = writeDemand;
  }

  /** Queues {@code frame} for every open peer of {@code to}, in the open batch if there is one. */
  void send(ByteBuffer frame, Peer[] to) {
    send(frame, to, false);
  }

  /**
   * Sends or queues {@code frame} for every open peer of {@code to}. With {@code endsBatch} (the
   * message that ends the decoder's batch, see {@link FanOutBatch#endsWith}), each peer's frames
   * from the batch go out with it now, peer by peer, rather than after a pass that only queues.
   */
  void send(ByteBuffer frame, Peer[] to, boolean endsBatch) {
    boolean inBatch = !endsBatch && batch.isOpen();
    for (Peer peer : to) {
      WebSocketImpl conn = peer.connection;
      if (conn.isClosing() || conn.isClosed()) {
        continue; // an opening peer's frames wait in its channel behind its 101
      }
      try {
        switch (peer.channel.offer(frame, maxQueueBytes, inBatch)) {
          case SENT, BATCHED -> {}
          case BATCHED_FIRST -> batch.add(peer.channel);
          case QUEUED -> writeDemand.accept(conn);
          case FULL -> drop(peer, "too slow: more than " + maxQueueBytes + " bytes unsent");
        }
      } catch (IOException e) {
        // the peer is gone; its read side reports the close
        conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "write failed: " + e.getMessage());
      }
    }
  }

  /** At the end of a batch: writes what the batch queued for one peer. */
  void flush(PeerChannel channel) {
    WebSocketImpl conn = channel.connection();
    try {
      if (channel.flush() && conn.isOpen()) {
        writeDemand.accept(conn);
      }
    } catch (IOException e) {
      conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "write failed: " + e.getMessage());
    }
  }

  private void drop(Peer peer, String why) {
    listener.dropped(peer.address, why);
    peer.channel.clear();
    // A peer that does not read cannot receive a close frame either: close the socket.
    peer.connection.closeConnection(CloseFrame.POLICY_VALIDATION, why);
  }
}
