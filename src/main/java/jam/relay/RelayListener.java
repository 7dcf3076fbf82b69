package jam.relay;

import java.net.InetSocketAddress;

/**
 * What a relay tells its owner about peers coming and going. Called on network threads;
 * implementations must be quick and thread safe. Every method has an empty default.
 */
public interface RelayListener {
  /** A peer completed the handshake; {@code peers} counts it. */
  default void joined(InetSocketAddress peer, int peers) {}

  /** A peer is gone, for whatever reason; {@code peers} no longer counts it. */
  default void left(InetSocketAddress peer, int peers, int code, String reason) {}

  /** The relay closed a peer for breaking a limit (too slow, message too big). */
  default void dropped(InetSocketAddress peer, String why) {}

  /** A connection was refused at the handshake (HTTP {@code status}); {@code why} has no secret. */
  default void refused(InetSocketAddress peer, int status, String why) {}

  /**
   * A plain HTTP request was answered (a page, a file, or an error {@code status}); detail for -v.
   */
  default void served(InetSocketAddress peer, String request, int status) {}

  /** Something jam ignored (a binary frame, a handshake on an unknown path); detail for -v. */
  default void ignored(InetSocketAddress peer, String what) {}
}
