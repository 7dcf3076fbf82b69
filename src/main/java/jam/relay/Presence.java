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
  private final String prefix;

  /** Ids {@code p1}, {@code p2}, …, after {@code prefix} (a cluster's relay id, or nothing). */
  Presence(String prefix) {
    this.prefix = prefix;
  }

  /** The id for the next peer. */
  String nextId() {
    return prefix + "p" + ids.incrementAndGet();
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

  /**
   * What {@code to} is told on saying hello: who is here among {@code peers} and {@code remote}
   * (the other relays' peers in a cluster).
   */
  static String snapshot(Peer to, Peer[] peers, List<Message.PeerInfo> remote) {
    List<Message.PeerInfo> listed = new ArrayList<>(Math.min(peers.length, MAX_LISTED));
    int count = remote.size();
    for (Message.PeerInfo p : remote) {
      if (listed.size() < MAX_LISTED) {
        listed.add(p);
      }
    }
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

  /**
   * The joined or left event for {@code peer}, with {@code peers} here after it and {@code remote}
   * more on the other relays of a cluster; a left event names the ids of the tracks it had shared
   * ({@code tracks}, maybe none).
   */
  static String event(
      boolean joined, Message.PeerInfo peer, Peer[] peers, int remote, List<String> tracks) {
    int count = remote;
    for (Peer p : peers) {
      if (!p.observer) {
        count++;
      }
    }
    return new Message.PeerEvent(joined, peer, count, tracks).encode();
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

  static Message.PeerInfo info(Peer p) {
    return new Message.PeerInfo(p.id, p.name);
  }
}
