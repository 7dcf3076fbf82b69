package jam.cluster;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import jam.Reporter;
import jam.clock.Clock;
import jam.protocol.Message;
import jam.protocol.Wire;
import jam.relay.Cluster;
import jam.text.Printable;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A relay's membership of a cluster over NATS core ({@code io.nats:jnats}): what its peers do goes
 * to the NATS server as {@link Envelope}s, one subject per room, and what the other relays publish
 * is delivered to its peers; every relay keeps what newcomers need of the others' peers ({@link
 * RemotePeers}) and measures their clocks ({@link RelayClocks}).
 *
 * <p>Lifecycle: {@link #start} connects in the background and keeps reconnecting for as long as the
 * relay runs. Without the NATS server the relay serves its own peers, and says so once; on
 * (re)joining it asks every relay to announce its peers, their arrays and the rooms' tempos again,
 * and announces its own, so that what was shared meanwhile reaches everyone. A relay that is not
 * heard for {@link #GONE_AFTER_MILLIS} (while this one hears the NATS server) is taken as gone, and
 * its peers as left. Delivery is at most once: what a relay publishes while it is cut off from
 * every NATS server is dropped, not sent late ({@link #RECONNECT_BUFFER_BYTES}). Thread safe.
 */
public final class NatsCluster implements Cluster {
  static final long HEARTBEAT_MILLIS = 1_000;
  static final long GONE_AFTER_MILLIS = 3_500;

  /** How long jnats waits between tries of a server. */
  static final Duration RECONNECT_WAIT = Duration.ofMillis(250);

  /**
   * What jnats keeps to send while it reconnects: nothing. A bang delivered when the NATS server is
   * back is worse than none; tracks are announced again on rejoining.
   */
  static final long RECONNECT_BUFFER_BYTES = 0;

  /** A probe of the other relays' clocks every this many heartbeats. */
  static final int PROBE_EVERY = 2;

  private static final String REMOVED_PREFIX = "{\"type\":\"removed\"";

  private final List<String> servers;
  private final Reporter reporter;
  private final Clock clock;
  private final String id;
  private final RemotePeers remote = new RemotePeers();
  private final RelayClocks clocks = new RelayClocks();
  private final AtomicBoolean cut = new AtomicBoolean();
  private final AtomicBoolean behind = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "jam-cluster");
            t.setDaemon(true);
            return t;
          });

  private volatile Connection nats;

  /** Where the other relays' messages arrive, one at a time; set once connected. */
  private volatile Dispatcher dispatcher;

  private volatile Local local;
  private volatile boolean closed;
  private long beats;

  /**
   * A member of the cluster of the NATS servers {@code servers} ({@link #servers}), whose relay
   * answers clock pings with {@code clock}; it reports to {@code reporter}.
   */
  public NatsCluster(List<String> servers, Reporter reporter, Clock clock) {
    this.servers = List.copyOf(servers);
    this.reporter = reporter;
    this.clock = clock;
    this.id = newId();
  }

  /**
   * The NATS server URLs in {@code spec}, comma-separated ({@code nats://HOST[:PORT]}, port 4222
   * when none).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static List<String> servers(String spec) {
    List<String> out = new ArrayList<>();
    for (String part : spec.split(",", -1)) {
      String s = part.strip();
      URI uri;
      try {
        uri = new URI(s);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not a URL: '" + s + "'");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("nats") || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "expected nats://HOST[:PORT] (a NATS server), not '" + s + "'");
      }
      if ((uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
          || uri.getQuery() != null) {
        throw new IllegalArgumentException("a NATS server URL has no path or query: '" + s + "'");
      }
      int port = uri.getPort() < 0 ? 4222 : uri.getPort();
      String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
      out.add("nats://" + userInfo + uri.getHost() + ":" + port);
    }
    return out;
  }

  private static String newId() {
    String digits = "abcdefghijkmnpqrstuvwxyz23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder b = new StringBuilder(6);
    for (int i = 0; i < 6; i++) {
      b.append(digits.charAt(random.nextInt(digits.length())));
    }
    return b.toString();
  }

  @Override
  public String relayId() {
    return id;
  }

  @Override
  public void start(Local local) {
    this.local = local;
    Options options =
        new Options.Builder()
            .servers(servers.toArray(new String[0]))
            .connectionName("jam relay " + id)
            .noEcho()
            .maxReconnects(-1)
            .reconnectWait(RECONNECT_WAIT)
            .reconnectJitter(Duration.ofMillis(100))
            .connectionTimeout(Duration.ofSeconds(2))
            .pingInterval(Duration.ofSeconds(2))
            .maxPingsOut(2)
            .reconnectBufferSize(RECONNECT_BUFFER_BYTES)
            .connectionListener(this::event)
            .errorListener(new Errors())
            .build();
    try {
      Nats.connectAsynchronously(options, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    timer.schedule(
        () -> {
          if (nats == null && !closed) {
            cut.set(true);
            reporter.warn(
                "cluster: no NATS server at "
                    + String.join(", ", redacted())
                    + " yet; serving this relay's peers only, and trying");
          }
        },
        2,
        TimeUnit.SECONDS);
    timer.scheduleWithFixedDelay(
        this::beat, HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
  }

  private List<String> redacted() {
    return servers.stream().map(s -> s.replaceFirst("//[^@/]*@", "//")).toList();
  }

  private void event(Connection conn, ConnectionListener.Events type) {
    if (closed) {
      return;
    }
    switch (type) {
      case CONNECTED -> {
        Dispatcher d = conn.createDispatcher(this::receive);
        d.subscribe(Envelope.RELAYS);
        d.subscribe(Envelope.ROOMS);
        dispatcher = d;
        nats = conn;
        cut.set(false);
        reporter.info("cluster: relay " + id + " joined via " + where(conn));
        rejoined();
      }
      case DISCONNECTED -> {
        if (cut.compareAndSet(false, true)) {
          reporter.warn(
              "cluster: lost the NATS server; serving this relay's peers only until one is back");
        }
      }
      case RECONNECTED -> {
        cut.set(false);
        reporter.info("cluster: rejoined via " + where(conn));
        remote.heardAll(System.nanoTime());
        rejoined();
      }
      default -> {}
    }
  }

  private static String where(Connection conn) {
    String url = conn.getConnectedUrl();
    return url == null ? "NATS" : url.replaceFirst("//[^@/]*@", "//");
  }

  /** On (re)joining: everyone announces again, this relay too. */
  private void rejoined() {
    publish(Envelope.RELAYS, Envelope.SYNC, "-", "");
    announceAll();
  }

  private void announceAll() {
    Local to = local;
    if (to == null) {
      return;
    }
    Cluster.Snapshot now = to.snapshot();
    for (Cluster.Member m : now.members()) {
      String subject = Envelope.roomSubject(m.room());
      String name = m.peer().name() == null ? "" : m.peer().name();
      publish(subject, Envelope.JOINED, m.peer().id(), name);
      for (String array : m.arrays()) {
        publish(subject, Envelope.ARRAY, m.peer().id(), array);
      }
    }
    now.tempos()
        .forEach((room, tempo) -> publish(Envelope.roomSubject(room), Envelope.TEMPO, "-", tempo));
  }

  /** On the timer: a heartbeat, now and then a clock probe, and the relays gone silent. */
  private void beat() {
    if (closed || nats == null) {
      return;
    }
    publish(Envelope.RELAYS, Envelope.HEARTBEAT, "-", "");
    if (++beats % PROBE_EVERY == 0 || clocks.settling()) {
      publish(Envelope.RELAYS, Envelope.PROBE, "-", Double.toString(clock.now()));
    }
    if (cut.get()) {
      return; // cut off, this relay hears nobody: not a sign that they are gone
    }
    long before = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(GONE_AFTER_MILLIS);
    for (String relay : remote.silentSince(before)) {
      List<RemotePeers.Change> left = remote.gone(relay);
      clocks.forget(relay);
      reporter.warn(
          "cluster: relay "
              + relay
              + " went silent; its "
              + left.size()
              + (left.size() == 1 ? " peer has" : " peers have")
              + " left");
      tellLeft(left);
    }
  }

  private void tellLeft(List<RemotePeers.Change> left) {
    Local to = local;
    for (RemotePeers.Change c : left) {
      to.presence(c.room(), c.peer(), false, c.tracks());
    }
  }

  /** On the dispatcher thread: what another relay published, in a batch with what waits behind. */
  private void receive(io.nats.client.Message msg) {
    long receivedNanos = System.nanoTime();
    Local to = local;
    if (to != null) {
      to.receive(() -> handle(msg, receivedNanos, to), this::moreWaiting);
    }
  }

  private boolean moreWaiting() {
    Dispatcher d = dispatcher;
    return d != null && d.getPendingMessageCount() > 0;
  }

  private void handle(io.nats.client.Message msg, long receivedNanos, Local to) {
    Envelope e = Envelope.decode(msg.getData());
    if (e == null || e.relay().equals(id) || closed) {
      return;
    }
    String relay = Printable.escape(e.relay());
    remote.heard(e.relay(), receivedNanos);
    String room = Envelope.roomOf(msg.getSubject());
    if (room == null) {
      relays(e, relay, receivedNanos);
      return;
    }
    switch (e.kind()) {
      case Envelope.MESSAGE -> {
        if (e.text().startsWith(REMOVED_PREFIX)) {
          // a jam peer's store lost tracks: its arrays go, and only jam peers hear it
          if (Message.parse(e.text()) instanceof Message.Removed) {
            remote.clearArrays(room, e.peer());
            to.listeners(room, e.text());
          }
          return;
        }
        if (Wire.looksLikeArray(e.text())) {
          remote.array(e.relay(), room, e.peer(), e.text());
        } else if (e.text().startsWith("{\"type\":\"tempo\"")
            && Message.parse(e.text()) instanceof Message.Tempo) {
          remote.tempo(room, e.text());
        }
        to.deliver(room, e.text());
      }
      case Envelope.JOINED -> {
        Message.PeerInfo p =
            remote.joined(e.relay(), room, e.peer(), e.text().isEmpty() ? null : e.text());
        if (p != null) {
          to.presence(room, p, true, List.of());
        }
      }
      case Envelope.LEFT -> {
        RemotePeers.Change c = remote.left(room, e.peer());
        if (c != null) {
          to.presence(room, c.peer(), false, c.tracks());
        }
      }
      case Envelope.ARRAY -> {
        if (Wire.looksLikeArray(e.text()) && remote.array(e.relay(), room, e.peer(), e.text())) {
          to.deliver(room, e.text()); // shared while the two relays were apart
        }
      }
      case Envelope.TEMPO -> {
        if (Message.parse(e.text()) instanceof Message.Tempo) {
          remote.tempo(room, e.text());
          to.tempo(room, e.text());
        }
      }
      case Envelope.COLLECT -> to.collect(room);
      default ->
          reporter.debug(
              "cluster: ignored a message of kind '" + e.kind() + "' from relay " + relay);
    }
  }

  private void relays(Envelope e, String relay, long receivedNanos) {
    switch (e.kind()) {
      case Envelope.HEARTBEAT -> {}
      case Envelope.SYNC -> announceAll();
      case Envelope.GONE -> {
        clocks.forget(e.relay());
        List<RemotePeers.Change> left = remote.gone(e.relay());
        reporter.info("cluster: relay " + relay + " left");
        tellLeft(left);
      }
      case Envelope.PROBE -> {
        double t1 = clock.at(receivedNanos);
        publish(
            Envelope.RELAYS, Envelope.ANSWER, e.relay(), e.text() + " " + t1 + " " + clock.now());
      }
      case Envelope.ANSWER -> {
        if (e.peer().equals(id)) {
          answer(e, relay, clock.at(receivedNanos));
        }
      }
      default ->
          reporter.debug(
              "cluster: ignored a message of kind '" + e.kind() + "' from relay " + relay);
    }
  }

  private void answer(Envelope e, String relay, double t3) {
    String[] t = e.text().split(" ");
    if (t.length != 3) {
      return;
    }
    RelayClocks.Verdict v;
    try {
      v =
          clocks.answer(
              e.relay(),
              Double.parseDouble(t[0]),
              Double.parseDouble(t[1]),
              Double.parseDouble(t[2]),
              t3);
    } catch (NumberFormatException bad) {
      return;
    }
    if (reporter.debugEnabled()) {
      reporter.debug(
          String.format(
              Locale.ROOT,
              "cluster: relay %s's clock is %+.2f ms from this one's",
              relay,
              clocks.offset(e.relay())));
    }
    if (v == null) {
      return;
    }
    if (v.beyond()) {
      reporter.warn(
          String.format(
              Locale.ROOT,
              "cluster: relay %s's clock is %+.1f ms (to within %.1f) from this one's (more than"
                  + " %.0f ms): peers on the two play scheduled bangs that far apart; sync the"
                  + " machines' clocks (NTP)",
              relay,
              v.offsetMs(),
              v.errorMs(),
              RelayClocks.BOUND_MS));
    } else {
      reporter.info(
          String.format(
              Locale.ROOT,
              "cluster: relay %s's clock is no longer known to be more than %.0f ms from this"
                  + " one's (%+.2f ms, to within %.1f)",
              relay,
              RelayClocks.BOUND_MS,
              v.offsetMs(),
              v.errorMs()));
    }
  }

  private void publish(String subject, char kind, String peer, String text) {
    Connection c = nats;
    if (c == null) {
      dropped.incrementAndGet();
      return;
    }
    try {
      c.publish(subject, new Envelope(kind, id, peer, text).encode());
    } catch (IllegalStateException full) {
      dropped.incrementAndGet(); // cut off, and the reconnect buffer is full, or closed
    }
  }

  @Override
  public void relayed(String room, String peer, String text) {
    publish(Envelope.roomSubject(room), Envelope.MESSAGE, peer, text);
  }

  @Override
  public void joined(String room, Message.PeerInfo peer) {
    publish(
        Envelope.roomSubject(room),
        Envelope.JOINED,
        peer.id(),
        peer.name() == null ? "" : peer.name());
  }

  @Override
  public void left(String room, String peer) {
    publish(Envelope.roomSubject(room), Envelope.LEFT, peer, "");
  }

  @Override
  public void collect(String room) {
    publish(Envelope.roomSubject(room), Envelope.COLLECT, "-", "");
  }

  @Override
  public List<String> sharedArrays(String room, long budget) {
    return remote.arrays(room, budget);
  }

  @Override
  public List<Message.PeerInfo> peers(String room) {
    return remote.peers(room);
  }

  @Override
  public String tempo(String room) {
    return remote.tempo(room);
  }

  /** Messages not published since the start (no NATS server, or its buffer full). */
  long dropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    Connection c = nats;
    if (c != null) {
      publish(Envelope.RELAYS, Envelope.GONE, "-", "");
    }
    closed = true;
    timer.shutdownNow();
    if (c != null) {
      try {
        c.flush(Duration.ofMillis(500));
      } catch (Exception e) {
        // the others will notice the silence instead
      }
      try {
        c.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** What jnats reports: a slow consumer once per episode, errors as warnings. */
  private final class Errors implements ErrorListener {
    @Override
    public void errorOccurred(Connection conn, String error) {
      reporter.warn("cluster: NATS server says: " + Printable.escape(error));
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
      if (reporter.debugEnabled()) {
        reporter.debug("cluster: " + exp);
      }
    }

    @Override
    public void slowConsumerDetected(Connection conn, Consumer consumer) {
      if (behind.compareAndSet(false, true)) {
        reporter.warn(
            "cluster: this relay fell behind the NATS server; messages from other relays were dropped");
        timer.schedule(() -> behind.set(false), 10, TimeUnit.SECONDS);
      }
    }
  }
}
