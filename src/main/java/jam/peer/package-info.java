/**
 * Peers: {@link jam.peer.RelayConnection} is one WebSocket connection to a relay (reusable by any
 * command that talks to one), {@link jam.peer.Session} keeps a peer connected through losses with
 * backoff, and {@link jam.peer.TrackPeer} is what {@code jam join} does on top: answer {@code
 * collect} with the store, share store changes, and report each new track once to a sink ({@link
 * jam.peer.TrackPrinter} prints them as lines or JSON, the console shows them above its prompt).
 *
 * <p>jam has three WebSocket clients, each for a cost the others cannot meet, all behind the same
 * wire format ({@link jam.protocol}), the hand-written two on one RFC 6455 codec ({@link
 * jam.websocket}): {@link jam.peer.RelayConnection} (Java-WebSocket: TLS, pings, reconnects) for
 * {@code jam join}; {@code SocketConnection} (one blocking socket, {@code ws://} only) for {@code
 * jam trigger} and {@link jam.peer.Send} ({@code jam send}), which must start in 150 ms and cannot
 * pay for Java-WebSocket's threads and TLS set-up; and {@code jam.bench.ws} (thousands of
 * connections on one selector thread) for {@code jam bench}. {@link jam.peer.Link} is what the
 * first two share.
 */
package jam.peer;
