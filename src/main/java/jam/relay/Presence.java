package jam.relay;

import jam.protocol.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who is here, for the peers that ask ({@link Message.Hello}): each peer gets an id from the relay
 * ({@code p1}, {@code p2}, …); a peer that says hello is answered with a {@link Message.Presence}
 * and from then on hears each {@link Message.PeerEvent}. Nothing is sent to a peer that never said
 * hello, as the tutorials' clients play a sound on any message they get. A peer is announced as
 * joined when it says hello, or {@link #ANNOUNCE_AFTER_MILLIS} after it opened if it says nothing
 * (so a jam peer is announced once, with its name); as left only if it was announced (so {@code jam
 * who}, which observes and leaves at once, never is). Thread safe.
 */
final class Presence {
  /** A peer silent this long after it opened is announced without a name. */
  static final long ANNOUNCE_AFTER_MILLIS = 500;

  /** Hello messages are small; anything longer is not one and is dropped. */
  static final int MAX_HELLO = 256;

  /** The most peers a presence message lists (its count counts them all). */
  static final int MAX_LISTED = 1_000;

  private static final String HELLO_PREFIX = "{\"type\":\"hello\"";

  private final AtomicLong ids = new AtomicLong();

  /** The id for the next peer. */
  String nextId() {
    return "p" + ids.incrementAndGet();
  }

  /** True when {@code text} is a hello, which {@link #hello} handles and nobody else sees. */
  static boolean isHello(String text) {
    return text.startsWith(HELLO_PREFIX);
  }

  /**
   * Takes {@code text} from {@code sender}: false when it is not a well-formed hello (dropped).
   * Otherwise the sender now listens, and has the name it gave (a name is given once).
   */
  static boolean hello(Peer sender, String text) {
    if (text.length() > MAX_HELLO || !(Message.parse(text) instanceof Message.Hello h)) {
      return false;
    }
    synchronized (sender) {
      if (sender.name == null && h.name() != null) {
        sender.name = h.name();
      }
      sender.observer |= h.observe();
      sender.listening = true;
    }
    return true;
  }

  /** What {@code to} is told on saying hello: who is here among {@code peers}. */
  static String snapshot(Peer to, Peer[] peers) {
    List<Message.PeerInfo> listed = new ArrayList<>(Math.min(peers.length, MAX_LISTED));
    int count = 0;
    for (Peer p : peers) {
      if (p.observer) {
        continue;
      }
      count++;
      if (listed.size() < MAX_LISTED) {
        listed.add(info(p));
      }
    }
    return new Message.Presence(to.id, count, listed).encode();
  }

  /**
   * Marks {@code peer} announced: true the first time (the caller then sends {@link #event}), false
   * after that or for an observer.
   */
  static boolean announce(Peer peer) {
    synchronized (peer) {
      if (peer.announced || peer.observer) {
        return false;
      }
      peer.announced = true;
      return true;
    }
  }

  /** The joined or left event for {@code peer}, with {@code peers} here after it. */
  static String event(boolean joined, Peer peer, Peer[] peers) {
    return event(joined, peer, peers, List.of());
  }

  /** As {@link #event(boolean, Peer, Peer[])}, naming the ids of the tracks it had shared. */
  static String event(boolean joined, Peer peer, Peer[] peers, List<String> tracks) {
    int count = 0;
    for (Peer p : peers) {
      if (!p.observer) {
        count++;
      }
    }
    return new Message.PeerEvent(joined, info(peer), count, tracks).encode();
  }

  /** The peers of {@code peers} that listen, but {@code except}. */
  static Peer[] listeners(Peer[] peers, Peer except) {
    List<Peer> out = new ArrayList<>();
    for (Peer p : peers) {
      if (p.listening && p != except) {
        out.add(p);
      }
    }
    return out.toArray(new Peer[0]);
  }

  private static Message.PeerInfo info(Peer p) {
    return new Message.PeerInfo(p.id, p.name);
  }
}
