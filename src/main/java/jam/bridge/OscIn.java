package jam.bridge;

import jam.Reporter;
import jam.clock.ClockSync;
import jam.protocol.Message;
import jam.text.Printable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.function.Predicate;

/**
 * {@code --osc-listen udp://HOST:PORT}: OSC from Max, Pd, SuperCollider or a controller becomes
 * bangs for the whole jam. {@code /jam/bang} (its first string argument the sound, else the
 * default) is sent to the relay as a bang object: in a bundle time-tagged in the future (at most
 * {@link #MAX_AHEAD_MS} ahead, on this machine's clock) it carries that time on the relay's clock,
 * so every peer plays it then; otherwise it plays on arrival. Malformed packets, other addresses,
 * packets over {@link #MAX_PACKET}, sound names over {@link #MAX_SOUND} characters and bangs that
 * find no connection are each said in one line (the first of each kind; the rest with {@code -v})
 * and dropped. One daemon thread, {@code jam-osc-in}, reads. Thread safe.
 */
public final class OscIn implements AutoCloseable {
  /** The largest packet taken: a bang is a few dozen bytes. */
  public static final int MAX_PACKET = 4096;

  /** The longest sound name passed on. */
  static final int MAX_SOUND = 64;

  /** As far ahead as a time tag may be: peers play bangs at most this far ahead. */
  static final long MAX_AHEAD_MS = 60_000;

  private final DatagramSocket socket;
  private final ClockSync clock;
  private final Predicate<Message.Bang> send;
  private final Reporter reporter;
  private final Warnings warnings;
  private final Thread reader;

  private OscIn(
      DatagramSocket socket, ClockSync clock, Predicate<Message.Bang> send, Reporter reporter) {
    this.socket = socket;
    this.clock = clock;
    this.send = send;
    this.reporter = reporter;
    this.warnings = new Warnings(reporter);
    this.reader = new Thread(this::read, "jam-osc-in");
    reader.setDaemon(true);
    reader.setPriority(Thread.MAX_PRIORITY);
  }

  /**
   * Listens on {@code at}, sending each bang with {@code send} (false: not sent, no connection).
   * Null, with one warning, when the host does not resolve or the port cannot be bound (in use):
   * the session goes on without listening.
   */
  public static OscIn open(
      UdpAddress at, ClockSync clock, Predicate<Message.Bang> send, Reporter reporter) {
    DatagramSocket socket;
    try {
      socket =
          new DatagramSocket(new InetSocketAddress(InetAddress.getByName(at.host()), at.port()));
    } catch (UnknownHostException e) {
      reporter.warn("--osc-listen: cannot resolve " + at.host() + "; not listening for OSC");
      return null;
    } catch (SocketException e) {
      reporter.warn(
          "--osc-listen: cannot listen on "
              + at
              + " ("
              + e.getMessage()
              + "); not listening for OSC");
      return null;
    }
    OscIn in = new OscIn(socket, clock, send, reporter);
    in.reader.start();
    reporter.info("listening for OSC on " + at + " (/jam/bang [SOUND])");
    return in;
  }

  /** The port listened on. */
  public int port() {
    return socket.getLocalPort();
  }

  @Override
  public void close() {
    socket.close();
  }

  private void read() {
    byte[] buffer = new byte[MAX_PACKET + 1];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    while (!socket.isClosed()) {
      packet.setLength(buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        if (!socket.isClosed()) {
          warnings.say("receive", "--osc-listen: " + e.getMessage());
        }
        continue;
      }
      long arrivalNanos = System.nanoTime();
      if (packet.getLength() > MAX_PACKET) {
        warnings.say(
            "oversize",
            "--osc-listen: ignored a packet over " + MAX_PACKET + " bytes from " + from(packet));
        continue;
      }
      try {
        take(Osc.decode(buffer, 0, packet.getLength()), TimeTag.IMMEDIATELY, arrivalNanos, packet);
      } catch (Osc.Malformed e) {
        warnings.say(
            "malformed",
            "--osc-listen: ignored a malformed OSC packet from "
                + from(packet)
                + " ("
                + e.getMessage()
                + ")");
      }
    }
  }

  private void take(Osc.Packet p, long timeTag, long arrivalNanos, DatagramPacket from) {
    if (p instanceof Osc.Bundle b) {
      for (Osc.Packet element : b.elements()) {
        take(element, b.timeTag(), arrivalNanos, from);
      }
      return;
    }
    Osc.Message m = (Osc.Message) p;
    if (!m.address().equals("/jam/bang")) {
      warnings.say(
          "address",
          "--osc-listen: ignored "
              + Printable.escape(truncate(m.address()))
              + " from "
              + from(from)
              + ": jam takes /jam/bang [SOUND]");
      return;
    }
    String sound = null;
    for (Object a : m.args()) {
      if (a instanceof String s) {
        sound = s;
        break;
      }
    }
    if (sound != null && (sound.isBlank() || sound.length() > MAX_SOUND)) {
      warnings.say(
          "sound",
          "--osc-listen: ignored a /jam/bang whose sound name is blank or over "
              + MAX_SOUND
              + " characters");
      return;
    }
    Message.Bang bang = new Message.Bang(sound, at(timeTag, arrivalNanos));
    if (bang.at() != null && bang.at() - clock.relayAt(arrivalNanos) > MAX_AHEAD_MS) {
      warnings.say(
          "ahead",
          "--osc-listen: ignored a /jam/bang time-tagged more than "
              + MAX_AHEAD_MS / 1000
              + " s ahead");
      return;
    }
    if (send.test(bang)) {
      warnings.over("offline");
      if (reporter.debugEnabled()) {
        reporter.debug("OSC bang " + (sound == null ? "(default)" : Printable.escape(sound)));
      }
    } else {
      warnings.say("offline", "--osc-listen: not connected to the relay: OSC bangs are dropped");
    }
  }

  /**
   * The relay's time for a time tag in the future (on this machine's clock), null for one that
   * means now (immediately, or a time already past).
   */
  private Double at(long timeTag, long arrivalNanos) {
    if (timeTag == TimeTag.IMMEDIATELY) {
      return null;
    }
    long nanos = clock.local().nanosAt(TimeTag.toUnixMs(timeTag));
    return nanos <= arrivalNanos ? null : clock.relayAt(nanos);
  }

  private static String from(DatagramPacket p) {
    return p.getAddress().getHostAddress() + ":" + p.getPort();
  }

  private static String truncate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
