package jam.cluster;

import jam.protocol.Message;
import jam.track.Payload;
import jam.track.Track;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one relay knows of the other relays' peers: for each room, each peer's relay, whether it was
 * announced and with what name, and the track arrays it shared (the latest {@link #MAX_ARRAYS}
 * distinct ones, within an equal share of {@link #TOTAL_BYTES}), for newcomers here; each room's
 * latest tempo; when each relay was last heard. Guarded by this.
 */
final class RemotePeers {
  static final int MAX_ARRAYS = 8;

  /** What all remote peers' kept arrays may take together, beyond one array each. */
  static final long TOTAL_BYTES = 64L << 20;

  /** A remote peer gone from a room, with the ids of the tracks it had shared. */
  record Change(String room, Message.PeerInfo peer, List<String> tracks) {}

  private static final class Remote {
    final String relay;
    String name;
    boolean announced;
    final ArrayDeque<String> arrays = new ArrayDeque<>();
    long bytes;

    Remote(String relay) {
      this.relay = relay;
    }

    Message.PeerInfo info(String id) {
      return new Message.PeerInfo(id, name);
    }

    /**
     * The ids of the tracks in its kept arrays, each once, at most {@link
     * Message.PeerEvent#MAX_LEFT_TRACKS}.
     */
    List<String> trackIds() {
      Set<String> ids = new LinkedHashSet<>();
      for (String array : arrays) {
        for (Track t : Payload.decode(array).tracks()) {
          if (ids.size() >= Message.PeerEvent.MAX_LEFT_TRACKS) {
            return List.copyOf(ids);
          }
          ids.add(t.key());
        }
      }
      return List.copyOf(ids);
    }
  }

  /** By room, by peer id. */
  private final Map<String, Map<String, Remote>> rooms = new HashMap<>();

  private final Map<String, String> tempos = new HashMap<>();

  /** By relay id: the nanoTime it was last heard. */
  private final Map<String, Long> relays = new HashMap<>();

  private int peers;

  /** Notes that {@code relay} was heard at {@code nanos}; true the first time. */
  synchronized boolean heard(String relay, long nanos) {
    return relays.put(relay, nanos) == null;
  }

  /** Every known relay is taken as heard at {@code nanos} (after this relay was cut off). */
  synchronized void heardAll(long nanos) {
    relays.replaceAll((r, t) -> nanos);
  }

  /**
   * {@code peer} of {@code relay} was announced in {@code room}: its info when that is news (the
   * room's peers here are then told), else null.
   */
  synchronized Message.PeerInfo joined(String relay, String room, String peer, String name) {
    Remote r = remote(relay, room, peer);
    if (r.announced) {
      return null;
    }
    r.announced = true;
    r.name = name;
    return r.info(peer);
  }

  /** {@code peer} left {@code room}: what to tell when it had been announced, else null. */
  synchronized Change left(String room, String peer) {
    Map<String, Remote> inRoom = rooms.get(room);
    Remote r = inRoom == null ? null : inRoom.remove(peer);
    if (r == null) {
      return null;
    }
    forget(inRoom, room);
    return r.announced ? new Change(room, r.info(peer), r.trackIds()) : null;
  }

  /** Forgets what {@code peer} of {@code room} shared (its store lost tracks; it shares again). */
  synchronized void clearArrays(String room, String peer) {
    Map<String, Remote> inRoom = rooms.get(room);
    Remote r = inRoom == null ? null : inRoom.get(peer);
    if (r != null) {
      r.arrays.clear();
      r.bytes = 0;
    }
  }

  /**
   * Keeps {@code array}, shared by {@code peer} of {@code relay} in {@code room}; true when it was
   * not kept for that peer before.
   */
  synchronized boolean array(String relay, String room, String peer, String array) {
    Remote r = remote(relay, room, peer);
    boolean known = false;
    for (Iterator<String> it = r.arrays.iterator(); it.hasNext(); ) {
      String kept = it.next();
      if (kept.equals(array)) {
        it.remove();
        known = true;
        break;
      }
    }
    r.arrays.addLast(array);
    if (!known) {
      r.bytes += array.length();
    }
    long budget = Math.max(array.length(), TOTAL_BYTES / Math.max(1, peers));
    while ((r.bytes > budget || r.arrays.size() > MAX_ARRAYS) && r.arrays.size() > 1) {
      r.bytes -= r.arrays.pollFirst().length();
    }
    return !known;
  }

  /** The arrays the peers of {@code room} keep, each peer's latest within {@code budget} chars. */
  synchronized List<String> arrays(String room, long budget) {
    Map<String, Remote> inRoom = rooms.get(room);
    if (inRoom == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Remote r : inRoom.values()) {
      List<String> latest = new ArrayList<>();
      long bytes = 0;
      for (Iterator<String> it = r.arrays.descendingIterator(); it.hasNext(); ) {
        String a = it.next();
        if (!latest.isEmpty() && bytes + a.length() > budget) {
          break;
        }
        latest.add(0, a);
        bytes += a.length();
      }
      out.addAll(latest);
    }
    return out;
  }

  /** The announced peers of {@code room}. */
  synchronized List<Message.PeerInfo> peers(String room) {
    Map<String, Remote> inRoom = rooms.get(room);
    if (inRoom == null) {
      return List.of();
    }
    List<Message.PeerInfo> out = new ArrayList<>(inRoom.size());
    inRoom.forEach(
        (id, r) -> {
          if (r.announced) {
            out.add(r.info(id));
          }
        });
    return out;
  }

  synchronized void tempo(String room, String text) {
    tempos.put(room, text);
  }

  synchronized String tempo(String room) {
    return tempos.get(room);
  }

  /** Forgets {@code relay} and its peers: those that were announced, to be told as gone. */
  synchronized List<Change> gone(String relay) {
    relays.remove(relay);
    List<Change> left = new ArrayList<>();
    for (Iterator<Map.Entry<String, Map<String, Remote>>> rit = rooms.entrySet().iterator();
        rit.hasNext(); ) {
      Map.Entry<String, Map<String, Remote>> room = rit.next();
      for (Iterator<Map.Entry<String, Remote>> it = room.getValue().entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<String, Remote> e = it.next();
        Remote r = e.getValue();
        if (r.relay.equals(relay)) {
          it.remove();
          peers--;
          if (r.announced) {
            left.add(new Change(room.getKey(), r.info(e.getKey()), r.trackIds()));
          }
        }
      }
      if (room.getValue().isEmpty()) {
        rit.remove();
      }
    }
    return left;
  }

  /** The relays not heard since {@code before} (a nanoTime). */
  synchronized List<String> silentSince(long before) {
    List<String> silent = new ArrayList<>();
    relays.forEach(
        (r, t) -> {
          if (t - before < 0) {
            silent.add(r);
          }
        });
    return silent;
  }

  private Remote remote(String relay, String room, String peer) {
    Map<String, Remote> inRoom = rooms.computeIfAbsent(room, k -> new HashMap<>());
    Remote r = inRoom.get(peer);
    if (r == null) {
      r = new Remote(relay);
      inRoom.put(peer, r);
      peers++;
    }
    return r;
  }

  private void forget(Map<String, Remote> inRoom, String room) {
    peers--;
    if (inRoom.isEmpty()) {
      rooms.remove(room);
    }
  }
}
