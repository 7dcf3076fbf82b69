package jam.relay;

import jam.protocol.Message;
import jam.protocol.Wire;
import jam.text.Printable;
import jam.web.WebFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;

/**
 * The Java-WebSocket server behind {@link Relay}: the library's callbacks, and what the relay does
 * with them (admission, joins, leaves, messages). Thread safe: the library calls it from its
 * selector thread and its decoder threads; the relay's repair thread runs {@link #tick}.
 *
 * <p>One selector thread does all socket I/O; decoder threads (one per core) parse frames and run
 * the fan-out, unless the selector decodes a read itself ({@link DecoderScheduler}); each
 * connection stays on one decoder, so a peer's messages go out in the order it sent them. The
 * fan-out encodes each message once and hands a read-only duplicate to each peer's channel ({@link
 * FanOut}), instead of {@code WebSocket.send}, which re-encodes (and logs a copy of) the frame for
 * every peer and always goes through the selector.
 *
 * <p>The parts: {@link PeerChannel} is each accepted socket, {@link HandshakeReaper} closes
 * handshakes that take too long, {@link WriteInterestRepair} restores interest the selector lost,
 * both every {@link WriteInterestRepair#PERIOD_MILLIS} on the repair thread. A request that is not
 * an upgrade is answered with the peer page or a file ({@link PlainHttp}, {@link WebFiles}).
 */
final class RelayServer extends WebSocketServer {
  private static final int DECODERS = Math.max(1, Runtime.getRuntime().availableProcessors());
  private static final ByteBuffer COLLECT = Frames.text(Wire.COLLECT);
  private static final ByteBuffer TRIGGER_OUTPUT = Frames.text(Wire.TRIGGER_OUTPUT);

  /**
   * Whether the selector decodes a read itself when nothing else waits (see {@link
   * DecoderScheduler}); {@code -Djam.relay.decodeOnSelector=false} turns it off, to measure the
   * difference.
   */
  private static final boolean DECODE_ON_SELECTOR =
      !"false".equals(System.getProperty("jam.relay.decodeOnSelector"));

  private final RelayConfig config;
  private final RelayListener listener;
  private final Admission admission;
  private final FanOutBatch<PeerChannel> batch = new FanOutBatch<>();
  private final FanOut fanOut;

  private final Presence presence;

  /** The other relays, with {@code --cluster}; else null. */
  private final Cluster cluster;

  /** How a {@link Message.Removed} starts, as jam writes it. */
  private static final String REMOVED_PREFIX = "{\"type\":\"removed\"";

  /** Null without {@code --align}. */
  private final Alignment alignment;

  private final StaleKeys staleKeys = new StaleKeys();
  private final DecoderScheduler scheduler = new DecoderScheduler(DECODERS, DECODE_ON_SELECTOR);
  private final HandshakeReaper<PeerChannel> handshaking;
  private final WebFiles web;

  /**
   * The selector thread's buffer for reading ahead while it decodes ({@link
   * BatchingConnection#decodeHere}).
   */
  private ByteBuffer spareRead;

  final CompletableFuture<Void> started = new CompletableFuture<>();
  private final Object peersLock = new Object();

  /** The rooms with peers (and the default room), by name; guarded by peersLock. */
  private final java.util.Map<String, Room> rooms = new java.util.HashMap<>();

  /**
   * Every room's peers. Copy on write, guarded by peersLock for writers; the repair and the pings
   * read it without locking.
   */
  private volatile Peer[] peers = new Peer[0];

  private final ScheduledExecutorService repair =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "jam-relay-repair");
            t.setDaemon(true);
            return t;
          });

  RelayServer(RelayConfig config, RelayListener listener, Cluster cluster) {
    super(
        new InetSocketAddress(config.host(), config.port()),
        DECODERS,
        List.of(new UnmaskingDraft(config.maxMessageBytes())));
    this.config = config;
    this.listener = listener;
    this.cluster = cluster;
    this.presence = new Presence(cluster == null ? "" : cluster.relayId() + "-");
    setTcpNoDelay(true);
    setReuseAddr(true);
    setConnectionLostTimeout(config.keepaliveSeconds());
    setMaxPendingConnections(1024);
    setDaemon(true);
    this.admission = new Admission(config);
    this.fanOut = new FanOut(config.maxQueueBytes(), batch, listener, this::onWriteDemand);
    this.alignment = config.align() ? new Alignment(repair) : null;
    this.web = new WebFiles(config.staticDir());
    batch.flushWith(fanOut::flush);
    this.handshaking =
        new HandshakeReaper<>(
            TimeUnit.MILLISECONDS.toNanos(config.handshakeTimeoutMillis()),
            new HandshakeReaper.Actions<>() {
              @Override
              public void close(PeerChannel channel, boolean timedOut) {
                WebSocketImpl conn = channel.connection();
                if (timedOut) {
                  listener.refused(
                      conn.getRemoteSocketAddress(),
                      408,
                      "handshake not completed in " + config.handshakeTimeoutMillis() + " ms");
                }
                conn.closeConnection(CloseFrame.NEVER_CONNECTED, "handshake timeout");
              }

              @Override
              public void wake(PeerChannel channel) {
                onWriteDemand(channel.connection());
              }
            });
    setWebSocketFactory(new ChannelFactory(config.tls()));
  }

  /**
   * Gives every accepted socket a {@link PeerChannel}, over a {@link TlsChannel} when the relay has
   * a context.
   */
  private final class ChannelFactory implements WebSocketServerFactory {
    private final SSLContext tls;

    ChannelFactory(SSLContext tls) {
      this.tls = tls;
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter a, Draft d) {
      return new BatchingConnection(a, d, batch);
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter a, List<Draft> drafts) {
      return new BatchingConnection(a, drafts, batch);
    }

    @Override
    public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
      WebSocketImpl conn = (WebSocketImpl) key.attachment();
      PeerChannel peer =
          tls == null
              ? new PeerChannel(channel, conn, staleKeys)
              : new PeerChannel(TlsChannel.accept(tls, channel, key), conn, staleKeys);
      handshaking.add(peer);
      return peer;
    }

    @Override
    public void close() {}
  }

  /**
   * On the selector thread, once per read of {@code ws}: decodes it here, or hands it to the
   * connection's decoder ({@link DecoderScheduler}).
   */
  @Override
  protected void queue(WebSocketImpl ws) throws InterruptedException {
    BatchingConnection c = (BatchingConnection) ws;
    if (c.getWorkerThread() == null) {
      int i = scheduler.assign();
      c.setWorkerThread(decoders.get(i));
      c.decoderBacklog(scheduler.backlog(i));
    }
    if (scheduler.decodeOnSelector(c.decoderBacklog(), config.tls() == null, c.getSelectionKey())) {
      decodeHere(c);
      return;
    }
    super.queue(ws);
  }

  /**
   * Decodes and relays the read the library just queued for {@code c}, and what follows it (see
   * {@link BatchingConnection#decodeHere}).
   */
  private void decodeHere(BatchingConnection c) throws InterruptedException {
    ByteBuffer read = c.inQueue.poll();
    if (spareRead == null || spareRead.capacity() < read.capacity()) {
      spareRead = ByteBuffer.allocate(read.capacity());
    }
    try {
      c.decodeHere(read, spareRead);
    } catch (IOException e) {
      c.closeConnection(CloseFrame.ABNORMAL_CLOSE, e.getMessage());
    } catch (RuntimeException e) {
      listener.ignored(c.getRemoteSocketAddress(), "decoding failed: " + e);
    } finally {
      ReadBufferPool.giveBack(this, read);
    }
  }

  /** How often the selected keys were swept ({@link StaleKeys}); for tests. */
  long staleKeySweeps() {
    return staleKeys.sweeps();
  }

  int peerCount() {
    return peers.length;
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
      WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
    if (PlainHttp.isPlain(request)) {
      answerPlainHttp((WebSocketImpl) conn, request);
    }
    Admission.Refusal refusal =
        admission.check(
            request.getResourceDescriptor(),
            request.hasFieldValue("Authorization") ? request.getFieldValue("Authorization") : null,
            request.hasFieldValue("Origin") ? request.getFieldValue("Origin") : null,
            peers.length);
    if (refusal != null) {
      ((PeerChannel) ((WebSocketImpl) conn).getChannel()).refuse(refusal.response());
      listener.refused(conn.getRemoteSocketAddress(), refusal.status(), refusal.reason());
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, refusal.reason());
    }
    String room = Room.of(Admission.pathOf(request.getResourceDescriptor()), config.path());
    ServerHandshakeBuilder response =
        super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    String full = join((WebSocketImpl) conn, room);
    if (full != null) {
      ((PeerChannel) ((WebSocketImpl) conn).getChannel())
          .refuse(new Admission.Refusal(503, full).response());
      listener.refused(conn.getRemoteSocketAddress(), 503, full);
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, full);
    }
    return response;
  }

  /**
   * Adds an accepted peer to the fan-out before its 101 is queued: a peer that has read its 101 is
   * sent everything relayed after that. (The library writes the 101 from the selector thread while
   * the decoder goes on to {@link #onOpen}; a peer added only there missed what others sent in
   * between.) Frames for it wait in its {@link PeerChannel} until the 101 is written, behind its
   * {@code collect}: the first frame every peer gets.
   */
  private String join(WebSocketImpl conn, String roomName) {
    synchronized (peersLock) {
      Room room = rooms.get(roomName);
      if (room == null) {
        if (config.maxRooms() > 0 && rooms.size() >= config.maxRooms()) {
          return "full: " + rooms.size() + " rooms";
        }
        room = new Room(roomName, new SharedTime(config.tempo()));
        String tempo = cluster == null ? null : cluster.tempo(roomName);
        if (tempo != null) {
          room.time.noteTempo(tempo);
        }
        rooms.put(roomName, room);
      } else if (config.maxRoomPeers() > 0 && room.peers.length >= config.maxRoomPeers()) {
        return "room full: " + room.peers.length + " peers";
      }
      Peer peer = new Peer(conn, config, presence.nextId(), room);
      conn.setAttachment(peer);
      // its first frame, queued before any fan-out (here or from the cluster) can see it
      fanOut.send(COLLECT, new Peer[] {peer}, true);
      peers = added(peers, peer);
      room.peers = added(room.peers, peer);
      return null;
    }
  }

  private static Peer[] added(Peer[] to, Peer peer) {
    Peer[] joined = Arrays.copyOf(to, to.length + 1);
    joined[joined.length - 1] = peer;
    return joined;
  }

  /** {@code from} without {@code peer}, or null when it was not in it. */
  private static Peer[] removed(Peer[] from, Peer peer) {
    int at = Arrays.asList(from).indexOf(peer);
    if (at < 0) {
      return null;
    }
    Peer[] next = new Peer[from.length - 1];
    System.arraycopy(from, 0, next, 0, at);
    System.arraycopy(from, at + 1, next, at, from.length - at - 1);
    return next;
  }

  /**
   * Tells the listening peers (and the cluster) that {@code peer} joined, once, while it is here.
   */
  private void announce(Peer peer) {
    if (peer.connection.isOpen() && Presence.announce(peer)) {
      Peer[] now = peer.room.peers;
      Message.PeerInfo info = Presence.info(peer);
      fanOut.send(
          Frames.text(Presence.event(true, info, now, remoteCount(peer.room.name), List.of())),
          Presence.listeners(now, peer),
          true);
      if (cluster != null) {
        cluster.joined(peer.room.name, info);
      }
    }
  }

  private int remoteCount(String room) {
    return cluster == null ? 0 : cluster.peers(room).size();
  }

  /** Marks {@code peer} opened: the opened peers then, in the order they opened. */
  private Peer[] opened(Peer peer) {
    synchronized (peersLock) {
      peer.opened = true;
      return opened(peer.room);
    }
  }

  /** The opened peers of {@code room}, in the order they opened; under the peers lock. */
  private static Peer[] opened(Room room) {
    return Arrays.stream(room.peers).filter(p -> p.opened).toArray(Peer[]::new);
  }

  /**
   * Takes {@code peer} out of the fan-out, and an empty room (but the default) with it; the peers
   * left on the relay, or -1 when it was not in it.
   */
  private int leave(Peer peer) {
    synchronized (peersLock) {
      Peer[] next = removed(peers, peer);
      if (next == null) {
        return -1;
      }
      peers = next;
      Room room = peer.room;
      Peer[] inRoom = removed(room.peers, peer);
      room.peers = inRoom == null ? room.peers : inRoom;
      if (room.peers.length == 0 && !room.name.isEmpty()) {
        rooms.remove(room.name);
      }
      return next.length;
    }
  }

  /**
   * The library calls this for every connection that ends, and {@link #onClose} only for those it
   * opened: a peer whose handshake was accepted but never completed leaves here.
   */
  @Override
  protected boolean removeConnection(WebSocket ws) {
    boolean opened = super.removeConnection(ws);
    if (!opened && ws.getAttachment() instanceof Peer peer && leave(peer) >= 0) {
      peer.channel.clear();
    }
    return opened;
  }

  /**
   * Answers a request that is not an upgrade ({@link PlainHttp}) with the page or a file, in place
   * of the library's response, and throws, so that the library closes it as a refused handshake.
   */
  private void answerPlainHttp(WebSocketImpl conn, ClientHandshake request)
      throws InvalidDataException {
    int status = PlainHttp.status(request);
    String method = PlainHttp.method(request);
    String target = request.getResourceDescriptor();
    WebFiles.Answer answer = status != 0 ? WebFiles.error(status) : web.answer(method, target);
    ((PeerChannel) conn.getChannel()).refuse(answer.bytes());
    listener.served(
        conn.getRemoteSocketAddress(),
        status != 0 ? "bad request" : method + " " + Printable.escape(target),
        answer.status());
    throw new InvalidDataException(CloseFrame.NEVER_CONNECTED, "plain HTTP, answered");
  }

  @Override
  public void onStart() {
    if (cluster != null) {
      cluster.start(new ClusterSide());
    }
    long period = WriteInterestRepair.PERIOD_MILLIS;
    repair.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    if (alignment != null) {
      long every = Alignment.PING_INTERVAL_MILLIS;
      repair.scheduleWithFixedDelay(this::pingAll, every, every, TimeUnit.MILLISECONDS);
    }
    started.complete(null);
  }

  /** On the repair thread: handshakes that took too long, then interest the selector lost. */
  private void tick() {
    handshaking.expire(System.nanoTime());
    WriteInterestRepair.repair(peers, System.nanoTime(), this::onWriteDemand);
  }

  /** On the repair thread, with {@code --align}: a ping to every peer, for its round trip. */
  private void pingAll() {
    for (Peer peer : peers) {
      if (peer.connection.isOpen()) {
        peer.connection.sendPing();
      }
    }
  }

  /** With {@code --align}, every ping (the keepalive's too) carries its send time. */
  @Override
  public PingFrame onPreparePing(WebSocket conn) {
    return alignment == null ? super.onPreparePing(conn) : Alignment.ping();
  }

  @Override
  public void onWebsocketPong(WebSocket conn, Framedata f) {
    if (alignment != null && conn.getAttachment() instanceof Peer peer) {
      Alignment.pong(peer.roundTrips, f.getPayloadData(), System.nanoTime());
    }
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    Peer peer = conn.getAttachment(); // in the fan-out since its handshake was accepted
    handshaking.remove(peer.channel);
    listener.joined(peer.address, peers.length);
    Peer[] joined = peer.room.peers;
    if (alignment != null) {
      conn.sendPing();
    }
    repair.schedule(() -> announce(peer), Presence.ANNOUNCE_AFTER_MILLIS, TimeUnit.MILLISECONDS);
    if (config.collectAll()) {
      // to the peers opened before this one (it was asked at its join), so that T joins send
      // exactly T(T+1)/2 collects (a peer still in its handshake is asked at its own open)
      fanOut.send(COLLECT, Arrays.stream(opened(peer)).filter(p -> p != peer).toArray(Peer[]::new));
      if (cluster != null) {
        cluster.collect(peer.room.name);
      }
      return;
    }
    // Only the newcomer was asked; it gets what the others shared. A peer sharing at this moment
    // either stored its array before the newcomer read it, or sees the newcomer in `peers` when it
    // fans out (the newcomer was added first): it may get the array twice, never not at all.
    Peer[] newcomer = {peer};
    long budget = SharedArrays.budget(joined.length, config.maxMessageBytes());
    for (Peer other : joined) {
      if (other != peer) {
        for (ByteBuffer frame : other.shared.frames(budget)) {
          fanOut.send(frame, newcomer);
        }
      }
    }
    if (cluster != null) {
      for (String array : cluster.sharedArrays(peer.room.name, budget)) {
        fanOut.send(Frames.text(array), newcomer);
      }
    }
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    Peer peer = conn.getAttachment();
    if (peer == null) {
      return;
    }
    int count = leave(peer);
    if (count < 0) {
      return;
    }
    boolean announced;
    synchronized (peer) {
      announced = peer.announced;
    }
    if (announced) {
      Peer[] now = peer.room.peers;
      List<String> tracks =
          peer.shared == null ? List.of() : peer.shared.trackIds(Message.PeerEvent.MAX_LEFT_TRACKS);
      fanOut.send(
          Frames.text(
              Presence.event(false, Presence.info(peer), now, remoteCount(peer.room.name), tracks)),
          Presence.listeners(now, peer),
          true);
    }
    if (cluster != null) {
      cluster.left(peer.room.name, peer.id); // announced or not: the others forget its arrays
    }
    peer.channel.clear();
    listener.left(peer.address, count, code, reason == null ? "" : reason);
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    long receivedNanos = System.nanoTime();
    if (!conn.isOpen()) {
      return; // decoded after the relay closed it (over the rate limit): not relayed, not dropped
      // again
    }
    Peer sender = conn.getAttachment();
    if (sender == null) {
      return; // never: a peer is attached when its handshake is accepted
    }
    ByteBuffer frame = Wire.TRIGGER_INPUT.equals(message) ? TRIGGER_OUTPUT : Frames.text(message);
    if (sender.rate != null) {
      String over = sender.rate.take(frame.remaining(), System.nanoTime());
      if (over != null) {
        listener.dropped(sender.address, "rate limit: " + over);
        conn.close(CloseFrame.POLICY_VALIDATION, "rate limit: " + over);
        return;
      }
    }
    if (SharedTime.isClock(message)) {
      String pong = SharedTime.answer(message, receivedNanos, config.clock());
      if (pong != null) {
        Peer[] to = {sender};
        fanOut.send(Frames.text(pong), to, true);
        String tempo = sender.room.time.tempo();
        if (!sender.toldTempo && tempo != null) {
          sender.toldTempo = true; // only peers that keep a clock hear the beat on joining
          fanOut.send(Frames.text(tempo), to, true);
        }
      }
      return; // to the sender alone, or to nobody
    }
    if (Presence.isHello(message)) {
      if (Presence.hello(sender, message)) {
        List<Message.PeerInfo> remote =
            cluster == null ? List.of() : cluster.peers(sender.room.name);
        fanOut.send(
            Frames.text(Presence.snapshot(sender, sender.room.peers, remote)),
            new Peer[] {sender},
            true);
        announce(sender);
      }
      return; // to the sender alone, or to nobody
    }
    if (message.startsWith(REMOVED_PREFIX)) {
      // a jam peer's store lost tracks: to the jam peers only; what the sender shared before goes
      if (sender.listening && Message.parse(message) instanceof Message.Removed) {
        if (sender.shared != null) {
          sender.shared.clear();
        }
        fanOut.send(frame, Presence.listeners(sender.room.peers, sender), true);
        if (cluster != null) {
          cluster.relayed(sender.room.name, sender.id, message);
        }
      }
      return;
    }
    sender.room.time.noteTempo(message);
    if (sender.shared != null && Wire.looksLikeArray(message)) {
      sender.shared.remember(
          frame, SharedArrays.budget(sender.room.peers.length, config.maxMessageBytes()));
    }
    boolean endsBatch =
        batch.endsWith(
            conn instanceof WebSocketImpl w
                && w.getDraft() instanceof UnmaskingDraft d
                && d.atLastMessageOfRead());
    if (alignment != null && frame == TRIGGER_OUTPUT) {
      alignment.send(
          frame,
          sender.room.peers,
          (f, to) -> fanOut.send(f, to, endsBatch),
          (f, to) -> fanOut.send(f, to, true));
    } else {
      fanOut.send(frame, sender.room.peers, endsBatch);
    }
    if (cluster != null) {
      cluster.relayed(
          sender.room.name, sender.id, frame == TRIGGER_OUTPUT ? Wire.TRIGGER_OUTPUT : message);
    }
  }

  /** What the relay gives its cluster: deliveries to its rooms, and what it knows. */
  final class ClusterSide implements Cluster.Local {
    @Override
    public void receive(Runnable handling, BooleanSupplier moreWaiting) {
      batch.beginRead(() -> !moreWaiting.getAsBoolean());
      try {
        handling.run();
      } finally {
        batch.endRead(moreWaiting.getAsBoolean());
      }
    }

    @Override
    public void deliver(String roomName, String text) {
      Room room = room(roomName);
      if (room == null) {
        return;
      }
      room.time.noteTempo(text);
      ByteBuffer frame = Wire.TRIGGER_OUTPUT.equals(text) ? TRIGGER_OUTPUT : Frames.text(text);
      boolean endsBatch = batch.endsWith(true);
      if (alignment != null && frame == TRIGGER_OUTPUT) {
        alignment.send(
            frame,
            room.peers,
            (f, to) -> fanOut.send(f, to, endsBatch),
            (f, to) -> fanOut.send(f, to, true));
      } else {
        fanOut.send(frame, room.peers, endsBatch);
      }
    }

    @Override
    public void presence(
        String roomName, Message.PeerInfo peer, boolean joined, List<String> tracks) {
      Room room = room(roomName);
      if (room != null) {
        Peer[] now = room.peers;
        fanOut.send(
            Frames.text(Presence.event(joined, peer, now, remoteCount(roomName), tracks)),
            Presence.listeners(now, null),
            true);
      }
    }

    @Override
    public void listeners(String roomName, String text) {
      Room room = room(roomName);
      if (room != null) {
        fanOut.send(Frames.text(text), Presence.listeners(room.peers, null), true);
      }
    }

    @Override
    public void tempo(String roomName, String text) {
      Room room = room(roomName);
      if (room != null) {
        room.time.noteTempo(text);
      }
    }

    @Override
    public void collect(String roomName) {
      Room room = room(roomName);
      if (room != null) {
        Peer[] opened;
        synchronized (peersLock) {
          opened = opened(room);
        }
        fanOut.send(COLLECT, opened, true);
      }
    }

    @Override
    public Cluster.Snapshot snapshot() {
      List<Cluster.Member> members = new java.util.ArrayList<>();
      java.util.Map<String, String> tempos = new java.util.HashMap<>();
      Room[] all;
      synchronized (peersLock) {
        all = rooms.values().toArray(new Room[0]);
      }
      for (Room room : all) {
        String tempo = room.time.tempo();
        if (tempo != null) {
          tempos.put(room.name, tempo);
        }
        long budget = SharedArrays.budget(room.peers.length, config.maxMessageBytes());
        for (Peer p : room.peers) {
          boolean announced;
          synchronized (p) {
            announced = p.announced;
          }
          if (!announced || !p.connection.isOpen()) {
            continue;
          }
          List<String> arrays =
              p.shared == null
                  ? List.of()
                  : p.shared.frames(budget).stream().map(Frames::payload).toList();
          members.add(new Cluster.Member(room.name, Presence.info(p), arrays));
        }
      }
      return new Cluster.Snapshot(members, tempos);
    }

    private Room room(String name) {
      synchronized (peersLock) {
        return rooms.get(name);
      }
    }
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    listener.ignored(
        conn.getRemoteSocketAddress(), "binary frame of " + message.remaining() + " bytes");
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    if (conn == null && !started.isDone()) {
      started.completeExceptionally(ex);
    } else if (conn != null) {
      listener.ignored(conn.getRemoteSocketAddress(), "connection error: " + ex);
    }
  }

  /**
   * Closes every peer with 1001, then stops. The close frames go out while the selector still runs:
   * Java-WebSocket's {@code stop} sends them after flagging the server closed, and its selector
   * thread may finish (closing the selector) before a long list is through, which threw {@link
   * ClosedSelectorException} from {@code stop} with 300 peers under load.
   */
  void shutdown(int timeoutMillis) throws InterruptedException {
    repair.shutdownNow();
    if (cluster != null) {
      cluster.close();
    }
    for (WebSocket peer : getConnections()) {
      peer.close(CloseFrame.GOING_AWAY, "relay shutting down");
    }
    try {
      stop(timeoutMillis, "relay shutting down");
    } catch (ClosedSelectorException e) {
      // only a peer that arrived during the shutdown still had a frame to send; the selector has
      // finished
    }
  }
}
