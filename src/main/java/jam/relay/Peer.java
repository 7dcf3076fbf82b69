package jam.relay;

import java.net.InetSocketAddress;
import org.java_websocket.WebSocketImpl;

/**
 * One connected peer as the relay sees it: its connection, its {@link PeerChannel}, its rate gate
 * (used only by the decoder thread that serves this peer) and the track arrays it shared.
 */
final class Peer {
  final WebSocketImpl connection;
  final PeerChannel channel;
  final InetSocketAddress address;

  /** Null when the relay has no rate limit. */
  final RateGate rate;

  /** Null when the relay asks every peer on every join (the tutorial's way). */
  final SharedArrays shared;

  /** The relay's pings' round trips, with {@code --align}; else null. */
  final Alignment.RoundTrips roundTrips;

  /**
   * Whether the relay's tempo was handed to this peer after its first clock ping. Only its decoder
   * thread (or the selector, decoding for it) reads and writes it.
   */
  volatile boolean toldTempo;

  /** Whether the relay has opened it ({@code onOpen}); guarded by the relay's peers lock. */
  boolean opened;

  /** The relay's id for it in presence messages. */
  final String id;

  /** The name it gave in its hello, or null ({@link Presence}; written under this). */
  volatile String name;

  /** It said hello: it hears who comes and goes. */
  volatile boolean listening;

  /** It asked not to be announced ({@code jam who}). */
  volatile boolean observer;

  /** Its join was announced (so its leave will be); written under this. */
  boolean announced;

  /** The room it joined. */
  final Room room;

  Peer(WebSocketImpl connection, RelayConfig config, String id, Room room) {
    this.id = id;
    this.room = room;
    RelayConfig.RateLimit limit = config.rateLimit();
    this.shared = config.collectAll() ? null : new SharedArrays();
    this.roundTrips = config.align() ? new Alignment.RoundTrips() : null;
    this.connection = connection;
    this.channel = (PeerChannel) connection.getChannel();
    this.rate = limit == null ? null : new RateGate(limit, System.nanoTime());
    InetSocketAddress remote = connection.getRemoteSocketAddress();
    this.address = remote != null ? remote : new InetSocketAddress(0);
  }

  @Override
  public String toString() {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }
}
