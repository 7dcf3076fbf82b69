package jam.relay;

import java.net.InetSocketAddress;
import org.java_websocket.WebSocketImpl;

/** One connected peer as the fan-out sees it: its connection and its {@link Outbox}. Immutable. */
final class Peer {
  final WebSocketImpl connection;
  final Outbox outbox;
  final InetSocketAddress address;

  Peer(WebSocketImpl connection) {
    this.connection = connection;
    this.outbox = (Outbox) connection.getChannel();
    InetSocketAddress remote = connection.getRemoteSocketAddress();
    this.address = remote != null ? remote : new InetSocketAddress(0);
  }

  @Override
  public String toString() {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }
}
