package jam.relay;

import java.net.InetSocketAddress;
import org.java_websocket.WebSocketImpl;

/**
 * One connected peer as the relay sees it: its connection, its {@link Outbox}, and its rate gate
 * (used only by the decoder thread that serves this peer).
 */
final class Peer {
  final WebSocketImpl connection;
  final Outbox outbox;
  final InetSocketAddress address;
  /** Null when the relay has no rate limit. */
  final RateGate rate;

  Peer(WebSocketImpl connection, RelayConfig.RateLimit limit) {
    this.connection = connection;
    this.outbox = (Outbox) connection.getChannel();
    this.rate = limit == null ? null : new RateGate(limit, System.nanoTime());
    InetSocketAddress remote = connection.getRemoteSocketAddress();
    this.address = remote != null ? remote : new InetSocketAddress(0);
  }

  @Override
  public String toString() {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }
}
