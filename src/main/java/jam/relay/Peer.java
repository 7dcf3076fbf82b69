package jam.relay;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.java_websocket.WebSocketImpl;

/**
 * One connected peer as the relay's fan-out sees it: its connection and a byte count of what the relay
 * queued for it but the socket has not taken yet. Guarded by this.
 *
 * <p>Java-WebSocket's per-connection queue is unbounded, so the relay puts its own shared, read-only
 * frame duplicates there and remembers them: a duplicate with nothing remaining has been written.
 */
final class Peer {
  final WebSocketImpl connection;
  final InetSocketAddress address;
  private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();
  private long unsentBytes;

  Peer(WebSocketImpl connection) {
    this.connection = connection;
    InetSocketAddress remote = connection.getRemoteSocketAddress();
    this.address = remote != null ? remote : new InetSocketAddress(0);
  }

  /**
   * Queues {@code frame} (shared, position 0) for this peer unless its backlog would pass
   * {@code maxQueueBytes}. Returns false when the peer is too far behind and must be dropped.
   */
  synchronized boolean offer(ByteBuffer frame, long maxQueueBytes) {
    ByteBuffer head;
    while ((head = unsent.peekFirst()) != null && !head.hasRemaining()) {
      unsent.pollFirst();
      unsentBytes -= head.limit();
    }
    int size = frame.limit();
    if (unsentBytes + size > maxQueueBytes && !unsent.isEmpty()) {
      return false;
    }
    ByteBuffer mine = frame.duplicate();
    unsent.addLast(mine);
    unsentBytes += size;
    connection.outQueue.add(mine);
    return true;
  }

  /** Forgets the backlog of a peer that is gone, so its frames can be collected. */
  synchronized void clear() {
    unsent.clear();
    unsentBytes = 0;
  }

  @Override
  public String toString() {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }
}
