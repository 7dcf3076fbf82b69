/**
 * Tracks and where they live: the {@link jam.track.Track} value with its identity, the {@link
 * jam.track.Tracks} set, the payload codec for what peers send, and the {@link jam.track.Store}
 * file, written atomically under a lock. Every number keeps its exact literal and every unknown
 * field is kept.
 */
package jam.track;
