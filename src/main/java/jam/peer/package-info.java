/**
 * Peers: {@link jam.peer.RelayConnection} is one WebSocket connection to a relay (reusable by any
 * command that talks to one), {@link jam.peer.Session} keeps a peer connected through losses with
 * backoff, and {@link jam.peer.TrackPeer} is what {@code jam join} does on top: answer {@code collect}
 * with the store, share store changes, and report each new track once.
 */
package jam.peer;
