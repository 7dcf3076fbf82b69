package jam.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes a benchmark sends and the few it reads back, laid out exactly as the shared loadgen.js
 * lays them out, so that both tools put the same load on a relay.
 *
 * <p>A broadcast message is a JSON array of exactly the asked size with a fixed-width head: {@code
 * ["T<14-digit send time, µs>","<3-digit sender><9-digit sequence>",<filler>]}, the filler a
 * "bang"-like string below 512 bytes and a track-array-like value from 512 bytes on. A receiver
 * reads the first {@link #HEADER} bytes only. The barrier is {@code ["B<14 digits>"]}.
 */
final class Payloads {
  /**
   * Bytes of a broadcast message a receiver reads: up to and including the comma before the filler.
   */
  static final int HEADER = 34;

  static final int TS_AT = 3;
  static final int TS_DIGITS = 14;
  static final int SENDER_AT = 20;
  static final int SENDER_DIGITS = 3;
  static final int SEQ_AT = 23;
  static final int SEQ_DIGITS = 9;

  /** Digits of a storm track id's peer number: storm-<tag>-000017. */
  static final int ID_DIGITS = 6;

  private static final byte[] COLLECT = "collect".getBytes(StandardCharsets.US_ASCII);

  private Payloads() {}

  /**
   * A broadcast message template of {@code size} bytes for one sender; time and sequence are set
   * per send.
   */
  static byte[] message(int size, int sender) {
    String head =
        "[\"T"
            + "0".repeat(TS_DIGITS)
            + "\",\""
            + pad(sender, SENDER_DIGITS)
            + "0".repeat(SEQ_DIGITS)
            + "\",";
    byte[] b = (head + filler(size) + "]").getBytes(StandardCharsets.US_ASCII);
    if (b.length != size || head.length() != HEADER) {
      throw new IllegalStateException("message layout: " + b.length + " bytes for size " + size);
    }
    return b;
  }

  /** Writes {@code value} as {@code digits} decimal digits (the low ones) at {@code b[at]}. */
  static void putDigits(byte[] b, int at, int digits, long value) {
    for (int i = at + digits - 1; i >= at; i--) {
      b[i] = (byte) ('0' + (int) (value % 10));
      value /= 10;
    }
  }

  /** The decimal number in {@code b[at, at + digits)}. */
  static long digits(ByteBuffer b, int at, int digits) {
    long v = 0;
    for (int i = at; i < at + digits; i++) {
      v = v * 10 + (b.get(i) - '0');
    }
    return v;
  }

  static String barrier(long nowMicros) {
    return "[\"B" + pad(nowMicros, TS_DIGITS) + "\"]";
  }

  static boolean isCollect(ByteBuffer b, int o, int present, long length) {
    if (length != COLLECT.length || present != COLLECT.length) {
      return false;
    }
    for (int i = 0; i < COLLECT.length; i++) {
      if (b.get(o + i) != COLLECT[i]) {
        return false;
      }
    }
    return true;
  }

  static boolean isBarrier(ByteBuffer b, int o, int present) {
    return present > 3 && b.get(o) == '[' && b.get(o + 2) == 'B';
  }

  /** A bench message (not the barrier): {@code ["T} and the full head present. */
  static boolean isTimed(ByteBuffer b, int o, int present, long length) {
    return length > HEADER && present >= HEADER && b.get(o + 2) == 'T' && b.get(o) == '[';
  }

  /** The filler between the head and the closing bracket (loadgen.js's makeFiller). */
  static String filler(int size) {
    int room = size - HEADER - 1;
    if (room < 2) {
      throw new IllegalArgumentException(
          "message size " + size + " is below " + (HEADER + 3) + " bytes");
    }
    if (size >= 512) {
      // as many tracks as fit, then a string pads to the exact size
      StringBuilder arr = new StringBuilder("[");
      for (int i = 0; i <= 100_000; i++) {
        String t =
            "{\"id\":\"t"
                + (i + 1 < 100 ? pad(i + 1, 3) : Integer.toString(i + 1))
                + "\",\"x\":0."
                + (i * 37) % 1000
                + ",\"y\":0."
                + (i * 91) % 1000
                + ",\"gain\":0.8,\"mute\":false}";
        int next = arr.length() + (i > 0 ? 1 : 0) + t.length() + 1;
        if (next + 3 > room) {
          break;
        }
        arr.append(i > 0 ? "," : "").append(t);
      }
      arr.append(']');
      int pad = room - arr.length() - 3;
      return arr + ",\"" + ".".repeat(pad) + "\"";
    }
    int pad = room - 2;
    return "\"" + "bang".substring(0, Math.min(4, pad)) + ".".repeat(Math.max(0, pad - 4)) + "\"";
  }

  /**
   * One storm peer's store: a JSON array with one track of exactly {@code size} bytes when size
   * allows, shaped like the tutorial app's tracks (loadgen.js's makeTrackArray).
   */
  static String trackArray(String id, String num, int size) {
    List<String> grid = new ArrayList<>();
    for (int v = 0; v < 4; v++) {
      StringBuilder steps = new StringBuilder("[");
      for (int s = 0; s < 16; s++) {
        steps.append(s > 0 ? "," : "").append((s + 3 * v) % (v + 2) == 0 ? 1 : 0);
      }
      grid.add(steps.append(']').toString());
    }
    for (int v = 4; v >= 0; v--) {
      String steps = v > 0 ? ",\"steps\":[" + String.join(",", grid.subList(0, v)) + "]" : "";
      String base = "[{\"id\":\"" + id + "\",\"name\":\"peer " + num + "\",\"bpm\":200" + steps;
      int room = size - base.length() - 2;
      if (room == 0) {
        return base + "}]";
      }
      if (room >= 9) {
        return base + ",\"pad\":\"" + ".".repeat(room - 9) + "\"}]";
      }
    }
    int room =
        size - ("[{\"id\":\"" + id + "\",\"name\":\"peer " + num + "\",\"bpm\":200}]").length();
    if (room > 0) {
      return "[{\"id\":\""
          + id
          + "\",\"name\":\"peer "
          + num
          + ".".repeat(room)
          + "\",\"bpm\":200}]";
    }
    return "[{\"id\":\"" + id + "\"}]";
  }

  /** {@code n} as exactly {@code width} digits: zero-padded, or its last digits. */
  static String pad(long n, int width) {
    String s = Long.toString(n);
    return s.length() >= width
        ? s.substring(s.length() - width)
        : "0".repeat(width - s.length()) + s;
  }
}
