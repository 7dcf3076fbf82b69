package jam.relay;

import jam.protocol.Message;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The other relays of a cluster, as one relay sees them ({@code jam serve --cluster}; the
 * implementation is {@code jam.cluster.NatsCluster}). The relay tells it what its own peers do, and
 * asks it, for a newcomer, what the other relays' peers shared and who they are. A relay without
 * {@code --cluster} has none. Thread safe: called on the relay's network threads; no method blocks.
 */
public interface Cluster {
  /** Called once, when the relay accepts connections: where the cluster delivers. */
  void start(Local local);

  /**
   * A message of {@code peer} in {@code room}, already relayed to the room's peers on this relay
   * ({@code trigger-input} as {@code trigger-output}): for the room's peers on the others.
   */
  void relayed(String room, String peer, String text);

  /** A peer of this relay was announced in {@code room} (see {@link Presence}). */
  void joined(String room, Message.PeerInfo peer);

  /** An announced peer of this relay left {@code room}. */
  void left(String room, String peer);

  /**
   * The track arrays the other relays' peers in {@code room} shared and still keep, for a newcomer
   * here (each peer's within {@code budget} bytes).
   */
  List<String> sharedArrays(String room, long budget);

  /** The other relays' announced peers in {@code room}. */
  List<Message.PeerInfo> peers(String room);

  /** This relay's id in the cluster; its peers' presence ids begin with it. */
  String relayId();

  /**
   * With {@code --collect all}: a newcomer joined {@code room} here, so the other relays ask their
   * peers in it too.
   */
  void collect(String room);

  /** The latest tempo the other relays' peers set in {@code room}, or null. */
  String tempo(String room);

  /** Leaves the cluster: the other relays forget this relay's peers at once. */
  void close();

  /** What a relay gives its cluster. Thread safe; no method blocks. */
  interface Local {
    /**
     * Runs {@code handling}, which handles one message from the cluster with the methods below, on
     * the calling thread inside a write batch that spans the messages waiting behind it ({@code
     * moreWaiting}): what they deliver to one peer goes out in one write, at the latest once none
     * waits. A lone message is written at once.
     */
    void receive(Runnable handling, BooleanSupplier moreWaiting);

    /** A message from another relay's peer, for the peers of {@code room} here (if any). */
    void deliver(String room, String text);

    /**
     * Another relay's peer joined or left {@code room}: for the listening peers of it here; a left
     * peer's {@code tracks} are the ids of those it had shared.
     */
    void presence(String room, Message.PeerInfo peer, boolean joined, List<String> tracks);

    /** A message for jam peers only (one that said hello) of {@code room} here. */
    void listeners(String room, String text);

    /** A room's tempo, as another relay knows it: kept for newcomers, not delivered. */
    void tempo(String room, String text);

    /** With {@code --collect all}: a newcomer on another relay; asks the peers of room here. */
    void collect(String room);

    /** This relay's announced peers and each room's tempo now, to announce them again. */
    Snapshot snapshot();
  }

  /** One announced peer of this relay, with the arrays it keeps. */
  record Member(String room, Message.PeerInfo peer, List<String> arrays) {}

  /** This relay as the others should know it: its members, and the tempo of each room. */
  record Snapshot(List<Member> members, Map<String, String> tempos) {}
}
