/**
 * The relay behind {@code jam serve}: a WebSocket server that asks every peer for its tracks when a
 * peer joins and forwards every message to every peer of its room. It keeps no tracks; they live on
 * the peers.
 *
 * <p>Its parts, over Java-WebSocket's server ({@code LibraryContractTest} pins each behaviour of
 * the library they rely on): {@link jam.relay.Relay}, the entry point; {@code RelayServer}, the
 * library's callbacks and what the relay does with them; {@code Admission}, {@code RateGate} and
 * {@code SharedArrays}, its rules; {@code Room}, one jam of the relay, with its {@code SharedTime}
 * (clock pongs, tempo); {@code Presence}, who is here (and, for jam peers only, which tracks a peer
 * removed or left with); {@code Alignment}, {@code --align}'s timing of trigger-output; {@code
 * FanOut} and {@code FanOutBatch}, the delivery of one frame to many peers; per peer, {@code
 * PeerChannel} (the socket as the library sees it), {@code Outbox} (the bounded queue), {@code
 * TlsChannel}, {@code HeldEndOfStream} and {@code LingeringClose}; for the selector, {@code
 * DecoderScheduler}, {@code BatchingConnection}, {@code ReadBufferPool}, {@code StaleKeys}, {@code
 * WriteInterestRepair} and {@code HandshakeReaper}; {@code Frames} and {@code UnmaskingDraft}, the
 * codec; {@code PlainHttp}, where a request that is not an upgrade leaves the handshake, to be
 * answered by {@link jam.web.WebFiles}.
 */
package jam.relay;
