package jam.track;

import jam.websocket.Sha1;
import java.nio.charset.StandardCharsets;

/**
 * Ids for tracks that come without one: derived from the track's content, so that the same track
 * added by two peers, or twice, is one track everywhere. The id is the first {@link #HEX_DIGITS}
 * hex digits of the SHA-1 of the track's canonical JSON without its {@code "id"} ({@link
 * TrackJson#canonical}). Stateless.
 */
final class Ids {
  /** 64 bits: two different tracks of one session do not share an id by chance. */
  static final int HEX_DIGITS = 16;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Ids() {}

  /** The id of the track whose canonical JSON, without its id, is {@code content}. */
  static String derived(String content) {
    byte[] digest = Sha1.digest(content.getBytes(StandardCharsets.UTF_8));
    char[] out = new char[HEX_DIGITS];
    for (int i = 0; i < HEX_DIGITS; i++) {
      int b = digest[i / 2] & 0xff;
      out[i] = HEX[(i % 2 == 0 ? b >>> 4 : b) & 0xf];
    }
    return new String(out);
  }
}
