package jam.cluster;

import java.nio.charset.StandardCharsets;

/**
 * What one relay publishes to the others: a kind, the relay's id, the peer it concerns ({@code -}
 * for none) and a text, as {@code KIND RELAY PEER\nTEXT} in UTF-8. Room traffic goes to the room's
 * subject ({@link #roomSubject}), the relays' own to {@link #RELAYS}. Immutable.
 *
 * @param kind what it is: on a room's subject {@link #MESSAGE}, {@link #JOINED}, {@link #LEFT},
 *     {@link #ARRAY}, {@link #TEMPO}, {@link #COLLECT}; on {@link #RELAYS} {@link #HEARTBEAT},
 *     {@link #SYNC}, {@link #GONE}, {@link #PROBE}, {@link #ANSWER}
 * @param relay the publishing relay's id
 * @param peer the peer it concerns, or for an {@link #ANSWER} the relay it answers; {@code -} for
 *     none
 * @param text the message, a name, an array, a tempo, or times
 */
record Envelope(char kind, String relay, String peer, String text) {
  /** A peer's message, relayed: deliver it (a track array is also kept for newcomers). */
  static final char MESSAGE = 'm';

  /** A peer was announced; the text is its name, empty without one. */
  static final char JOINED = 'j';

  /** A peer left (announced or not: its arrays are forgotten). */
  static final char LEFT = 'l';

  /** A kept array, announced again: delivered only where it was not known. */
  static final char ARRAY = 'a';

  /** A room's tempo, announced again: kept, not delivered. */
  static final char TEMPO = 't';

  /** A newcomer with {@code --collect all}: ask the room's peers. */
  static final char COLLECT = 'c';

  /** A relay is alive. */
  static final char HEARTBEAT = 'h';

  /** A relay (re)joined: every relay announces its peers, arrays and tempos again. */
  static final char SYNC = 's';

  /** A relay is closing: forget its peers now. */
  static final char GONE = 'g';

  /** A clock probe; the text is the sender's clock when sent. */
  static final char PROBE = 'p';

  /**
   * The answer to a probe: {@code T0 T1 T2}, the probe's time, and the answerer's at receipt and
   * send.
   */
  static final char ANSWER = 'q';

  /** The subject of the relays' own traffic. */
  static final String RELAYS = "jam.relays";

  /** What every relay subscribes to for the rooms. */
  static final String ROOMS = "jam.room.>";

  private static final String ROOM_PREFIX = "jam.room.";

  /**
   * The subject of {@code room}: one token, {@code =} then the name with each {@code .} as {@code
   * %} (neither is in a room name; the default room is {@code =}).
   */
  static String roomSubject(String room) {
    return ROOM_PREFIX + "=" + room.replace('.', '%');
  }

  /** The room a subject names, or null when it names none. */
  static String roomOf(String subject) {
    if (!subject.startsWith(ROOM_PREFIX + "=")) {
      return null;
    }
    return subject.substring(ROOM_PREFIX.length() + 1).replace('%', '.');
  }

  byte[] encode() {
    return (kind + " " + relay + " " + peer + "\n" + text).getBytes(StandardCharsets.UTF_8);
  }

  /** The envelope in {@code data}, or null when it is not one. */
  static Envelope decode(byte[] data) {
    if (data == null || data.length < 6 || data[1] != ' ') {
      return null;
    }
    int space = indexOf(data, (byte) ' ', 2);
    int newline = space < 0 ? -1 : indexOf(data, (byte) '\n', space + 1);
    if (newline < 0) {
      return null;
    }
    String relay = new String(data, 2, space - 2, StandardCharsets.US_ASCII);
    String peer = new String(data, space + 1, newline - space - 1, StandardCharsets.UTF_8);
    String text = new String(data, newline + 1, data.length - newline - 1, StandardCharsets.UTF_8);
    return new Envelope((char) data[0], relay, peer, text);
  }

  private static int indexOf(byte[] data, byte b, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
