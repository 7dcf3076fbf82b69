package jam.bridge;

import jam.Reporter;
import jam.clock.Clock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code --osc udp://HOST:PORT}: sends bangs and track rows as OSC over UDP in an {@link
 * OscFormat}. A scheduled event goes in a bundle whose time tag is its time on this machine's clock
 * (NTP time, the relay's time mapped back), sent {@code lookahead} before that time (at once when
 * it comes later than that), so the receiving program can play it on time; an immediate bang goes
 * as a bare message at once. One daemon thread, {@code jam-osc}, resolves and sends. A host that
 * does not resolve, a packet over {@link Osc#MAX_PACKET} or a failed send is one warning line and
 * nothing stops; the host is looked up again at most every 5 s until it resolves. Thread safe.
 */
public final class OscOut implements Output {
  private static final long RESOLVE_AGAIN_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final UdpAddress to;
  private final OscFormat format;
  private final Clock local;
  private final long lookaheadNanos;
  private final String room;
  private final Reporter reporter;
  private final Warnings warnings;
  private final DatagramChannel channel;
  private final ScheduledExecutorService sender;

  /** Confined to the sender thread. */
  private InetSocketAddress resolved;

  private long lastResolveNanos;

  private boolean unresolved;

  private OscOut(
      UdpAddress to,
      OscFormat format,
      Clock local,
      Duration lookahead,
      String room,
      Reporter reporter,
      DatagramChannel channel) {
    this.to = to;
    this.format = format;
    this.local = local;
    this.lookaheadNanos = lookahead.toNanos();
    this.room = room == null ? "" : room;
    this.reporter = reporter;
    this.warnings = new Warnings(reporter);
    this.channel = channel;
    this.sender =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "jam-osc");
              t.setDaemon(true);
              t.setPriority(Thread.MAX_PRIORITY);
              return t;
            });
    sender.execute(this::resolve);
  }

  /**
   * Opens a socket for sending to {@code to}; the host is looked up on the sender thread (said once
   * when it does not resolve). Null, with one warning, when no UDP socket can be opened at all.
   *
   * @param local this machine's clock, which time tags are read on
   * @param room the room named in jam's messages ("" for the default room)
   */
  public static OscOut open(
      UdpAddress to,
      OscFormat format,
      Clock local,
      Duration lookahead,
      String room,
      Reporter reporter) {
    try {
      DatagramChannel channel = DatagramChannel.open();
      return new OscOut(to, format, local, lookahead, room, reporter, channel);
    } catch (IOException e) {
      reporter.warn("--osc " + to + ": cannot open a UDP socket (" + e.getMessage() + "); no OSC");
      return null;
    }
  }

  @Override
  public void bang(String sound, String from, long nanos, boolean scheduled) {
    Osc.Message message = format.bang(sound, from, room);
    if (scheduled) {
      schedule(List.of(message), nanos);
    } else {
      run(() -> send(message));
    }
  }

  @Override
  public void step(List<Double> hz, double seconds, String track, long nanos) {
    List<Osc.Message> messages = format.step(hz, seconds, track, room);
    if (!messages.isEmpty()) {
      schedule(messages, nanos);
    }
  }

  @Override
  public void close() {
    sender.shutdownNow();
    try {
      channel.close();
    } catch (IOException e) {
      // closing: nothing left to send
    }
  }

  /** Sends a bundle of {@code messages}, time-tagged {@code nanos}, a lookahead before it. */
  private void schedule(List<Osc.Message> messages, long nanos) {
    Osc.Bundle bundle =
        new Osc.Bundle(TimeTag.ofUnixMs(local.at(nanos)), List.<Osc.Packet>copyOf(messages));
    long delay = nanos - lookaheadNanos - System.nanoTime();
    if (delay <= 0) {
      run(() -> send(bundle));
    } else {
      try {
        sender.schedule(() -> send(bundle), delay, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // closed
      }
    }
  }

  private void run(Runnable task) {
    try {
      sender.execute(task);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /** On the sender thread. */
  private void send(Osc.Packet packet) {
    InetSocketAddress target = resolve();
    if (target == null) {
      return;
    }
    byte[] bytes = Osc.encode(packet);
    if (bytes.length > Osc.MAX_PACKET) {
      warnings.say(
          "oversize",
          "--osc: not sent: a packet of "
              + bytes.length
              + " bytes is over the "
              + Osc.MAX_PACKET
              + " a UDP datagram holds");
      return;
    }
    try {
      channel.send(ByteBuffer.wrap(bytes), target);
      warnings.over("send");
    } catch (IOException e) {
      warnings.say("send", "--osc " + to + ": cannot send (" + e.getMessage() + "); trying on");
    }
  }

  /** The host's address, looked up at most every 5 s until found; on the sender thread. */
  private InetSocketAddress resolve() {
    if (resolved != null) {
      return resolved;
    }
    long now = System.nanoTime();
    if (lastResolveNanos != 0 && now - lastResolveNanos < RESOLVE_AGAIN_NANOS) {
      return null;
    }
    lastResolveNanos = now;
    try {
      resolved = new InetSocketAddress(InetAddress.getByName(to.host()), to.port());
      if (unresolved) {
        reporter.info("--osc: " + to.host() + " resolves now: sending to " + to);
      } else if (reporter.debugEnabled()) {
        reporter.debug("--osc: sending to " + resolved);
      }
      return resolved;
    } catch (UnknownHostException e) {
      unresolved = true;
      warnings.say(
          "resolve",
          "--osc: cannot resolve "
              + to.host()
              + "; sending no OSC until it resolves (tried again every 5 s)");
      return null;
    }
  }
}
