package jam.bridge;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * OSC 1.0 packets as bytes: messages (an address, a type tag string and arguments, each padded to 4
 * bytes) and bundles ({@code #bundle}, an NTP time tag, sized elements). Encodes {@code i f s d h}
 * and {@code T F N} (a string up to its first NUL, as OSC strings end there); decodes those and
 * skips blobs ({@code b}). Anything else, a truncated packet or one nested deeper than {@link
 * #MAX_DEPTH}, is a {@link Malformed}. Stateless.
 */
public final class Osc {
  /** The largest packet jam reads or writes: what fits in one UDP datagram on loopback. */
  public static final int MAX_PACKET = 65_507;

  /** Bundles inside bundles beyond this are refused (a hostile packet could nest thousands). */
  static final int MAX_DEPTH = 8;

  private static final byte[] BUNDLE = "#bundle\0".getBytes(StandardCharsets.US_ASCII);

  private Osc() {}

  /** A packet: a message or a bundle. */
  public sealed interface Packet permits Message, Bundle {}

  /**
   * One OSC message. Arguments are {@link Integer} (i), {@link Float} (f), {@link String} (s),
   * {@link Double} (d), {@link Long} (h), {@link Boolean} (T, F), {@link Nil} (N), or, decoded
   * only, {@link Blob} (b).
   */
  public record Message(String address, List<Object> args) implements Packet {
    public Message {
      Objects.requireNonNull(address, "address");
      if (!address.startsWith("/")) {
        throw new IllegalArgumentException("an OSC address starts with '/': " + address);
      }
      args = List.copyOf(args);
    }

    public Message(String address, Object... args) {
      this(address, List.of(args));
    }
  }

  /** A bundle: its elements are to take effect at {@code timeTag} ({@link TimeTag}). */
  public record Bundle(long timeTag, List<Packet> elements) implements Packet {
    public Bundle {
      elements = List.copyOf(elements);
    }
  }

  /** The N argument. */
  public enum Nil {
    NIL
  }

  /** A blob argument's length (its bytes are not kept). */
  public record Blob(int length) {}

  /** A packet that is not OSC 1.0 as jam reads it. */
  public static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  /** The packet's bytes. */
  public static byte[] encode(Packet packet) {
    ByteBuffer out = ByteBuffer.allocate(size(packet));
    write(packet, out);
    return out.array();
  }

  /** The packet in {@code bytes[offset, offset + length)}. */
  public static Packet decode(byte[] bytes, int offset, int length) throws Malformed {
    try {
      return read(ByteBuffer.wrap(bytes, offset, length).slice(), 0);
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new Malformed("truncated");
    }
  }

  private static int size(Packet packet) {
    if (packet instanceof Bundle b) {
      int n = BUNDLE.length + 8;
      for (Packet p : b.elements()) {
        n += 4 + size(p);
      }
      return n;
    }
    Message m = (Message) packet;
    int n = padded(utf8(m.address()).length + 1) + padded(m.args().size() + 2);
    for (Object a : m.args()) {
      if (a instanceof String s) {
        n += padded(utf8(s).length + 1);
      } else if (a instanceof Integer || a instanceof Float) {
        n += 4;
      } else if (a instanceof Double || a instanceof Long) {
        n += 8;
      } else if (!(a instanceof Boolean || a instanceof Nil)) {
        throw new IllegalArgumentException("no OSC type for " + a);
      }
    }
    return n;
  }

  private static void write(Packet packet, ByteBuffer out) {
    if (packet instanceof Bundle b) {
      out.put(BUNDLE).putLong(b.timeTag());
      for (Packet p : b.elements()) {
        out.putInt(size(p));
        write(p, out);
      }
      return;
    }
    Message m = (Message) packet;
    putString(out, utf8(m.address()));
    StringBuilder tags = new StringBuilder(",");
    for (Object a : m.args()) {
      tags.append(tag(a));
    }
    putString(out, utf8(tags.toString()));
    for (Object a : m.args()) {
      if (a instanceof String s) {
        putString(out, utf8(s));
      } else if (a instanceof Integer i) {
        out.putInt(i);
      } else if (a instanceof Float f) {
        out.putFloat(f);
      } else if (a instanceof Double d) {
        out.putDouble(d);
      } else if (a instanceof Long l) {
        out.putLong(l);
      }
    }
  }

  private static char tag(Object a) {
    if (a instanceof String) {
      return 's';
    } else if (a instanceof Integer) {
      return 'i';
    } else if (a instanceof Float) {
      return 'f';
    } else if (a instanceof Double) {
      return 'd';
    } else if (a instanceof Long) {
      return 'h';
    } else if (a instanceof Boolean b) {
      return b ? 'T' : 'F';
    }
    return 'N';
  }

  private static Packet read(ByteBuffer in, int depth) throws Malformed {
    if (in.remaining() == 0 || in.remaining() % 4 != 0) {
      throw new Malformed("a packet's size is a multiple of 4 bytes, not " + in.remaining());
    }
    if (in.get(0) == '#') {
      if (depth >= MAX_DEPTH) {
        throw new Malformed("bundles nested more than " + MAX_DEPTH + " deep");
      }
      String head = readString(in);
      if (!head.equals("#bundle")) {
        throw new Malformed("not a bundle: " + head);
      }
      long timeTag = in.getLong();
      List<Packet> elements = new ArrayList<>();
      while (in.hasRemaining()) {
        int size = in.getInt();
        if (size <= 0 || size > in.remaining()) {
          throw new Malformed("a bundle element of " + size + " bytes in " + in.remaining());
        }
        ByteBuffer element = in.slice(in.position(), size);
        in.position(in.position() + size);
        elements.add(read(element, depth + 1));
      }
      return new Bundle(timeTag, elements);
    }
    String address = readString(in);
    if (!address.startsWith("/")) {
      throw new Malformed("an address starts with '/'");
    }
    if (!in.hasRemaining()) {
      return new Message(address, List.of()); // OSC 1.0 lets old senders leave out the tags
    }
    String tags = readString(in);
    if (!tags.startsWith(",")) {
      throw new Malformed("the type tags start with ','");
    }
    List<Object> args = new ArrayList<>(tags.length() - 1);
    for (int i = 1; i < tags.length(); i++) {
      char t = tags.charAt(i);
      switch (t) {
        case 'i' -> args.add(in.getInt());
        case 'f' -> args.add(in.getFloat());
        case 's', 'S' -> args.add(readString(in));
        case 'd' -> args.add(in.getDouble());
        case 'h' -> args.add(in.getLong());
        case 't' -> args.add(in.getLong());
        case 'T' -> args.add(Boolean.TRUE);
        case 'F' -> args.add(Boolean.FALSE);
        case 'N' -> args.add(Nil.NIL);
        case 'b' -> {
          int length = in.getInt();
          if (length < 0 || padded(length) > in.remaining()) {
            throw new Malformed("a blob of " + length + " bytes in " + in.remaining());
          }
          in.position(in.position() + padded(length));
          args.add(new Blob(length));
        }
        default -> throw new Malformed("type tag '" + printable(t) + "' is not one jam reads");
      }
    }
    return new Message(address, args);
  }

  /** An OSC string: UTF-8 up to a NUL, padded with NULs to 4 bytes. */
  private static String readString(ByteBuffer in) throws Malformed {
    int start = in.position();
    int end = start;
    while (end < in.limit() && in.get(end) != 0) {
      end++;
    }
    if (end == in.limit()) {
      throw new Malformed("a string without its NUL");
    }
    byte[] bytes = new byte[end - start];
    in.get(bytes);
    int next = start + padded(bytes.length + 1);
    if (next > in.limit()) {
      throw new Malformed("a string without its padding");
    }
    in.position(next);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void putString(ByteBuffer out, byte[] bytes) {
    out.put(bytes);
    for (int i = padded(bytes.length + 1) - bytes.length; i > 0; i--) {
      out.put((byte) 0);
    }
  }

  /** An OSC string cannot hold a NUL: it ends the string there, never starts another argument. */
  private static byte[] utf8(String s) {
    int nul = s.indexOf('\0');
    return (nul < 0 ? s : s.substring(0, nul)).getBytes(StandardCharsets.UTF_8);
  }

  private static int padded(int n) {
    return (n + 3) & ~3;
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c);
  }
}
