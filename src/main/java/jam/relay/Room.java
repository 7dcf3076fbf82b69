package jam.relay;

import jam.protocol.RelayUrls;

/**
 * One jam on a relay: the peers that joined one path ({@code /socket/ROOM} or {@code /ROOM}; the
 * bare paths are the default room, {@code ""}) and the room's shared time. Nothing crosses rooms:
 * {@code collect}, shared arrays, bangs, triggers, tempo and presence stay in one. The relay's lock
 * guards {@link #peers} for writers; the fan-out reads it without locking.
 */
final class Room {
  final String name;
  final SharedTime time;

  /** Copy on write. */
  volatile Peer[] peers = new Peer[0];

  Room(String name, SharedTime time) {
    this.name = name;
    this.time = time;
  }

  /**
   * The room a request path names under {@code base} (e.g. {@code /socket}): {@code ""} for {@code
   * /} and {@code base}, the name for {@code /NAME} and {@code base/NAME}; null when it names no
   * room (another path, or a name {@link RelayUrls#validRoom} refuses).
   */
  static String of(String path, String base) {
    if (path.equals("/") || path.equals(base)) {
      return "";
    }
    String name;
    if (path.startsWith(base + "/")) {
      name = path.substring(base.length() + 1);
    } else if (path.startsWith("/")) {
      name = path.substring(1);
    } else {
      return null;
    }
    return RelayUrls.validRoom(name) ? name : null;
  }
}
