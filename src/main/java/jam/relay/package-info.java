/**
 * The relay behind {@code jam serve}: a WebSocket server that asks every peer for its tracks when a peer
 * joins and forwards every message to every peer. It keeps no tracks; they live on the peers.
 */
package jam.relay;
