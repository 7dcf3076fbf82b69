package jam.relay;

import jam.protocol.Wire;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;

/**
 * The Java-WebSocket server behind {@link Relay}. One selector thread does all socket I/O; decoder
 * threads (one per core) parse frames and run the fan-out, unless the selector finds nothing else to
 * do and does it itself ({@link #queue}); each connection stays on one decoder, so a peer's messages
 * go out in the order it sent them.
 *
 * <p>The fan-out encodes each message once and hands a read-only duplicate to each peer's {@link
 * Outbox}, which writes it at once when the socket has room, instead of {@code WebSocket.send}, which
 * re-encodes (and logs a copy of) the frame for every peer and always goes through the selector.
 */
final class RelayServer extends WebSocketServer {
  private static final int DECODERS = Math.max(1, Runtime.getRuntime().availableProcessors());
  private static final ByteBuffer COLLECT = Frames.text(Wire.COLLECT);
  private static final ByteBuffer TRIGGER_OUTPUT = Frames.text(Wire.TRIGGER_OUTPUT);
  /**
   * Whether the selector decodes a read itself when nothing else waits (see {@link #queue}); {@code
   * -Djam.relay.decodeOnSelector=false} turns it off, to measure the difference.
   */
  private static final boolean DECODE_ON_SELECTOR =
      !"false".equals(System.getProperty("jam.relay.decodeOnSelector"));
  private static final MethodHandle PUSH_BUFFER;

  static {
    try {
      PUSH_BUFFER =
          MethodHandles.privateLookupIn(WebSocketServer.class, MethodHandles.lookup())
              .findVirtual(WebSocketServer.class, "pushBuffer", MethodType.methodType(void.class, ByteBuffer.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** How often write interest lost to a selector race is restored (see {@link #repairWriteInterest}). */
  private static final long REPAIR_MILLIS = 20;

  private final RelayConfig config;
  private final RelayListener listener;
  private final Admission admission;
  private final FanOutBatch batch;
  private final SharedTime time;
  private final StaleKeys staleKeys = new StaleKeys();
  /** The selector thread's buffer for reading ahead while it decodes ({@link BatchingConnection#decodeHere}). */
  private ByteBuffer spareRead;
  /** Per decoder: reads handed to it and not yet decoded (see {@link BatchingConnection}). */
  private final AtomicInteger[] backlogs = new AtomicInteger[DECODERS];
  /** The decoder the next new connection goes to; selector thread only. */
  private int nextDecoder;
  /** Connections accepted whose handshake has not completed; closed when it takes too long. */
  private final Map<Outbox, WebSocketImpl> handshaking = new ConcurrentHashMap<>();
  final CompletableFuture<Void> started = new CompletableFuture<>();
  private final Object peersLock = new Object();
  /** Copy on write, guarded by peersLock for writers; the fan-out reads it without locking. */
  private volatile Peer[] peers = new Peer[0];
  private final ScheduledExecutorService repair =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "jam-relay-repair");
            t.setDaemon(true);
            return t;
          });

  RelayServer(RelayConfig config, RelayListener listener) {
    super(
        new InetSocketAddress(config.host(), config.port()),
        DECODERS,
        List.of(new UnmaskingDraft(config.maxMessageBytes())));
    this.config = config;
    this.listener = listener;
    setTcpNoDelay(true);
    setReuseAddr(true);
    setConnectionLostTimeout(config.keepaliveSeconds());
    setMaxPendingConnections(1024);
    setDaemon(true);
    this.admission = new Admission(config);
    this.batch = new FanOutBatch();
    this.time = new SharedTime(config.tempo());
    for (int i = 0; i < backlogs.length; i++) {
      backlogs[i] = new AtomicInteger();
    }
    batch.flushWith(this::flush);
    setWebSocketFactory(new OutboxFactory(config.tls()));
  }

  /** Gives every accepted socket an {@link Outbox}, over a {@link TlsChannel} when the relay has a context. */
  private final class OutboxFactory implements WebSocketServerFactory {
    private final SSLContext tls;

    OutboxFactory(SSLContext tls) {
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
      Outbox outbox =
          tls == null
              ? new Outbox(channel, conn, staleKeys)
              : new Outbox(TlsChannel.accept(tls, channel, key), conn, staleKeys);
      handshaking.put(outbox, conn);
      return outbox;
    }

    @Override
    public void close() {}
  }

  /**
   * On the selector thread: decodes one read of {@code ws} here, or hands it to its decoder, counting
   * it first in that decoder's backlog. Connections are spread over the decoders in turn, as the
   * library does.
   *
   * <p>When the connection's decoder is idle and no other peer has data waiting in this select round
   * (a bang, a fixed-rate sender, one sender at full speed), the selector decodes and fans out the
   * read itself, as Node's relay does: no hand-over to another thread and its wake-up, and 5-21 % less
   * CPU per delivery (docs/performance.md, "The selector decodes when nothing else waits"). While it
   * does, nothing else is read; when several peers send at once, their reads go to the decoders, which
   * batch them. A
   * connection's reads stay in order: one is decoded here only when its decoder has none queued, and
   * the next one is read only after this returns. Plain connections only: TLS reads need the
   * library's follow-up reads, which the decoders' path keeps.
   */
  @Override
  protected void queue(WebSocketImpl ws) throws InterruptedException {
    BatchingConnection c = (BatchingConnection) ws;
    if (c.getWorkerThread() == null) {
      int i = nextDecoder;
      nextDecoder = (i + 1) % decoders.size();
      c.setWorkerThread(decoders.get(i));
      c.decoderBacklog(backlogs[i]);
    }
    boolean decoderIdle = c.decoderBacklog().incrementAndGet() == 1;
    if (decoderIdle && DECODE_ON_SELECTOR && config.tls() == null && !othersReadable(c.getSelectionKey())) {
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
        recycle(read);
      }
      return;
    }
    super.queue(ws);
  }

  /**
   * True when another key of this select round has data to read: then this read goes to its decoder,
   * so that the selector reads on and the decoders batch what several peers sent.
   */
  private static boolean othersReadable(SelectionKey mine) {
    try {
      for (SelectionKey k : mine.selector().selectedKeys()) {
        if (k != mine && k.isValid() && (k.readyOps() & SelectionKey.OP_READ) != 0) {
          return true;
        }
      }
      return false;
    } catch (CancelledKeyException e) {
      return true;
    }
  }

  /**
   * Puts a read buffer back in the library's pool (its method is private; the worker calls it). At
   * shutdown the library interrupts the selector thread, which may be here: the interrupt goes on to
   * its loop, which ends quietly on it, as it does when the worker path is interrupted.
   */
  private void recycle(ByteBuffer read) throws InterruptedException {
    try {
      PUSH_BUFFER.invoke(this, read);
    } catch (RuntimeException | Error | InterruptedException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
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
    Admission.Refusal refusal =
        admission.check(
            request.getResourceDescriptor(),
            request.hasFieldValue("Authorization") ? request.getFieldValue("Authorization") : null,
            request.hasFieldValue("Origin") ? request.getFieldValue("Origin") : null,
            peers.length);
    if (refusal != null) {
      ((Outbox) ((WebSocketImpl) conn).getChannel()).refuse(refusal.response());
      listener.refused(conn.getRemoteSocketAddress(), refusal.status(), refusal.reason());
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, refusal.reason());
    }
    return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
  }

  @Override
  public void onStart() {
    repair.scheduleWithFixedDelay(this::repairWriteInterest, REPAIR_MILLIS, REPAIR_MILLIS, TimeUnit.MILLISECONDS);
    started.complete(null);
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    Peer peer = new Peer((WebSocketImpl) conn, config);
    handshaking.remove(peer.outbox);
    conn.setAttachment(peer);
    Peer[] joined;
    synchronized (peersLock) {
      joined = Arrays.copyOf(peers, peers.length + 1);
      joined[joined.length - 1] = peer;
      peers = joined;
    }
    listener.joined(peer.address, joined.length);
    if (config.collectAll()) {
      // to the peers present at this join, so that T joins send exactly T(T+1)/2 collects
      fanOut(COLLECT, joined);
      return;
    }
    // Only the newcomer is asked; it gets what the others shared. A peer sharing at this moment
    // either stored its array before the newcomer read it, or sees the newcomer in `peers` when it
    // fans out (the newcomer was added first): it may get the array twice, never not at all.
    Peer[] newcomer = {peer};
    fanOut(COLLECT, newcomer);
    String tempo = time.tempo();
    if (tempo != null) {
      fanOut(Frames.text(tempo), newcomer);
    }
    long budget = SharedArrays.budget(joined.length, config.maxMessageBytes());
    for (Peer other : joined) {
      if (other != peer) {
        for (ByteBuffer frame : other.shared.frames(budget)) {
          fanOut(frame, newcomer);
        }
      }
    }
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    Peer peer = conn.getAttachment();
    if (peer == null) {
      return;
    }
    int count;
    synchronized (peersLock) {
      Peer[] current = peers;
      int at = Arrays.asList(current).indexOf(peer);
      if (at < 0) {
        return;
      }
      Peer[] next = new Peer[current.length - 1];
      System.arraycopy(current, 0, next, 0, at);
      System.arraycopy(current, at + 1, next, at, current.length - at - 1);
      peers = next;
      count = next.length;
    }
    peer.outbox.clear();
    listener.left(peer.address, count, code, reason == null ? "" : reason);
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    long receivedNanos = System.nanoTime();
    if (!conn.isOpen()) {
      return; // decoded after the relay closed it (over the rate limit): not relayed, not dropped again
    }
    ByteBuffer frame = Wire.TRIGGER_INPUT.equals(message) ? TRIGGER_OUTPUT : Frames.text(message);
    Peer sender = conn.getAttachment();
    if (sender != null && sender.rate != null) {
      String over = sender.rate.take(frame.remaining(), System.nanoTime());
      if (over != null) {
        listener.dropped(sender.address, "rate limit: " + over);
        conn.close(CloseFrame.POLICY_VALIDATION, "rate limit: " + over);
        return;
      }
    }
    if (sender != null && SharedTime.isClock(message)) {
      String pong = SharedTime.answer(message, receivedNanos);
      if (pong != null) {
        fanOut(Frames.text(pong), new Peer[] {sender}, true);
      }
      return; // to the sender alone, or to nobody
    }
    time.noteTempo(message);
    if (sender != null && sender.shared != null && SharedArrays.looksLikeArray(message)) {
      sender.shared.remember(frame, SharedArrays.budget(peers.length, config.maxMessageBytes()));
    }
    fanOut(frame, peers, batch.endsWith(conn instanceof WebSocketImpl w && w.getDraft() instanceof UnmaskingDraft d && d.atLastMessageOfRead()));
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    listener.ignored(conn.getRemoteSocketAddress(), "binary frame of " + message.remaining() + " bytes");
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    if (conn == null && !started.isDone()) {
      started.completeExceptionally(ex);
    } else if (conn != null) {
      listener.ignored(conn.getRemoteSocketAddress(), "connection error: " + ex);
    }
  }

  /** Queues {@code frame} for every open peer; a peer too far behind is dropped, the rest go on. */
  private void fanOut(ByteBuffer frame, Peer[] to) {
    fanOut(frame, to, false);
  }

  /**
   * Sends or queues {@code frame} for every open peer. With {@code endsBatch} (the message that ends
   * the decoder's batch, see {@link FanOutBatch}), each peer's queue from the batch goes out with it
   * now, peer by peer, rather than after a pass that only queues.
   */
  private void fanOut(ByteBuffer frame, Peer[] to, boolean endsBatch) {
    long maxQueue = config.maxQueueBytes();
    boolean inBatch = !endsBatch && batch.isOpen();
    for (Peer peer : to) {
      WebSocketImpl conn = peer.connection;
      if (!conn.isOpen()) {
        continue;
      }
      try {
        switch (peer.outbox.offer(frame, maxQueue, inBatch)) {
          case SENT, BATCHED -> {}
          case BATCHED_FIRST -> batch.add(peer.outbox);
          case QUEUED -> onWriteDemand(conn);
          case FULL -> drop(peer, "too slow: more than " + maxQueue + " bytes unsent");
        }
      } catch (IOException e) {
        // the peer is gone; its read side reports the close
        conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "write failed: " + e.getMessage());
      }
    }
  }

  /** At the end of a batch: writes what the batch queued for one peer. */
  private void flush(Outbox outbox) {
    WebSocketImpl conn = outbox.connection();
    try {
      if (outbox.flush() && conn.isOpen()) {
        onWriteDemand(conn);
      }
    } catch (IOException e) {
      conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "write failed: " + e.getMessage());
    }
  }

  private void drop(Peer peer, String why) {
    listener.dropped(peer.address, why);
    peer.outbox.clear();
    // A peer that does not read cannot receive a close frame either: close the socket.
    peer.connection.closeConnection(CloseFrame.POLICY_VALIDATION, why);
  }

  /**
   * Java-WebSocket's selector sets a key back to read-only once the library's queue is empty: a frame
   * queued between that check and the reset, or relayed frames still queued when a library frame
   * finished, would wait for the next write. Restore write interest for any peer left with queued
   * frames and none.
   */
  private void repairWriteInterest() {
    expireHandshakes();
    long now = System.nanoTime();
    for (Peer peer : peers) {
      WebSocketImpl conn = peer.connection;
      if (peer.outbox.heldEofDue(now)) {
        onWriteDemand(conn); // read interest back: the selector reads the end again and closes
        continue;
      }
      if (conn.outQueue.isEmpty() && !peer.outbox.isNeedWrite()) {
        continue;
      }
      SelectionKey key = conn.getSelectionKey();
      try {
        if (key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) == 0) {
          onWriteDemand(conn);
        }
      } catch (CancelledKeyException e) {
        // closed meanwhile; its close handling clears the queue
      }
    }
  }

  /**
   * Closes connections that have not completed their handshake in time: idle sockets, and TLS
   * handshakes that never finish (Java-WebSocket issue 896: those keep the selector busy). One whose
   * peer shut its side goes a second after (the end of stream {@link Outbox#read} held).
   */
  private void expireHandshakes() {
    if (handshaking.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    long limit = TimeUnit.MILLISECONDS.toNanos(config.handshakeTimeoutMillis());
    for (Map.Entry<Outbox, WebSocketImpl> e : handshaking.entrySet()) {
      Outbox outbox = e.getKey();
      boolean refusedAndSent = outbox.refusalSent();
      if (now - outbox.acceptedNanos > limit || refusedAndSent || !outbox.isOpen()) {
        handshaking.remove(outbox);
        if (!refusedAndSent && outbox.isOpen()) {
          listener.refused(e.getValue().getRemoteSocketAddress(), 408, "handshake not completed in "
              + config.handshakeTimeoutMillis() + " ms");
        }
        e.getValue().closeConnection(CloseFrame.NEVER_CONNECTED, "handshake timeout");
      } else if (outbox.heldEofPastGrace(now)) {
        // shut its side mid-handshake (a health check, a port scan): read interest back, the selector
        // reads the end again and closes it, a second after, not at the handshake timeout
        onWriteDemand(e.getValue());
      }
    }
  }

  /**
   * Closes every peer with 1001, then stops. The close frames go out while the selector still runs:
   * Java-WebSocket's {@code stop} sends them after flagging the server closed, and its selector thread
   * may finish (closing the selector) before a long list is through, which throws
   * {@link ClosedSelectorException} from {@code stop} (300 peers under load are enough).
   */
  void shutdown(int timeoutMillis) throws InterruptedException {
    repair.shutdownNow();
    for (WebSocket peer : getConnections()) {
      peer.close(CloseFrame.GOING_AWAY, "relay shutting down");
    }
    try {
      stop(timeoutMillis, "relay shutting down");
    } catch (ClosedSelectorException e) {
      // only a peer that arrived during the shutdown still had a frame to send; the selector has finished
    }
  }
}
