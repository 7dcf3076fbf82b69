package jam.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.testing.TestCertificates;
import jam.tls.TlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import org.java_websocket.SSLSocketChannel2;
import org.java_websocket.SocketChannelIOHelper;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.WrappedByteChannel;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the relay relies on in Java-WebSocket (1.6.0), one test per behaviour, each naming the jam
 * part that relies on it. An upgrade that changes one fails here, loudly, rather than making the
 * relay hang or quietly slow down; the part named then needs another look (it may no longer be
 * needed at all).
 *
 * <p>On the library alone: a bare {@link WebSocketServer} whose channels record what the library
 * does with them, raw clients over loopback, and the library's helpers called directly. No jam part
 * runs here but {@link ReadBufferPool}, the reflection itself.
 */
class LibraryContractTest {
  private static final long WAIT_SECONDS = 10;
  private static final String REQUEST =
      "GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

  /** One certificate for the TLS tests: making one takes seconds. */
  @TempDir static Path certDir;

  private static TestCertificates certs;

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void makeCertificate() throws Exception {
    certs = TestCertificates.create(certDir);
  }

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(toClose);
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  // --- the relay's selector decoding (ReadBufferPool, DecoderScheduler, BatchingConnection)

  /**
   * {@link ReadBufferPool} reaches {@code WebSocketServer.pushBuffer(ByteBuffer)}, a private
   * method.
   */
  @Test
  void theServersPrivatePushBufferIsThereForReadBufferPool() throws Exception {
    Method push = WebSocketServer.class.getDeclaredMethod("pushBuffer", ByteBuffer.class);
    assertTrue(
        Modifier.isPrivate(push.getModifiers()),
        "made accessible: ReadBufferPool can use the API instead");
    assertEquals(void.class, push.getReturnType());
    ReadBufferPool.giveBack(
        new ProbeServer(), ByteBuffer.allocate(16)); // the lookup and the call work
  }

  /**
   * Each read with data is handed to the server's {@code queue} on the selector thread, its buffer
   * alone in the connection's {@code inQueue}; the library's {@code queue} gives the connection the
   * decoder its worker thread takes it on, which calls {@code decode} with that buffer. The relay's
   * {@code RelayServer.queue} and {@link DecoderScheduler} decide there, and {@link
   * BatchingConnection#decode} counts the decoder's backlog down.
   */
  @Test
  void eachReadIsQueuedOnTheSelectorThreadAndDecodedByTheConnectionsWorker() throws Exception {
    ProbeServer server = start(new ProbeServer());
    handshake(server);
    Event queued = server.events.await(e -> e.what.equals("queue"));
    assertTrue(queued.thread.startsWith("WebSocketSelector-"), queued.thread);
    assertEquals("inQueue 1", queued.detail);
    Event decoded = server.events.await(e -> e.what.equals("decode"));
    assertTrue(decoded.thread.startsWith("WebSocketWorker-"), decoded.thread);
    assertEquals(queued.detail2, decoded.detail2, "the buffer the selector read");
  }

  // --- the selector's loop (StaleKeys, PeerChannel.isNeedRead and readMore)

  /**
   * After a read with data the library asks the channel {@code isNeedRead}; a yes brings {@code
   * readMore} after its loop over the selected keys, on the selector thread, and then the question
   * again, for as long as the answer is yes. {@link StaleKeys} sweeps from that {@code readMore},
   * and says no to the question right after a sweep.
   */
  @Test
  void aReadWithDataIsFollowedByIsNeedReadAndAYesByReadMoreThenTheQuestionAgain() throws Exception {
    ProbeServer server = start(new ProbeServer());
    server.needReadYes.set(1);
    handshake(server);
    Event read = server.events.await(e -> e.what.equals("read") && e.detail.startsWith("data"));
    Event asked = server.events.await(e -> e.what.equals("isNeedRead") && e.at > read.at);
    assertEquals("yes", asked.detail);
    Event more = server.events.await(e -> e.what.equals("readMore") && e.at > asked.at);
    assertTrue(more.thread.startsWith("WebSocketSelector-"), more.thread);
    Event again = server.events.await(e -> e.what.equals("isNeedRead") && e.at > more.at);
    assertEquals("no", again.detail);
  }

  /**
   * A key the library wrote to (here, a handshake response) stays in the selector's selected set
   * until its peer sends again, and every later wake-up visits it: its channel is asked {@code
   * isNeedWrite} with nothing to write. {@link StaleKeys} exists to take such keys out; with 1,000
   * listeners the visits cost 0.4 ms before the relay read a message.
   */
  @Test
  void aKeyWrittenToStaysSelectedAndIsAskedIsNeedWriteAtEveryWakeUp() throws Exception {
    ProbeServer server = start(new ProbeServer());
    Socket listener = handshake(server);
    ProbeChannel listenersChannel = server.channels.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    int askedBefore = listenersChannel.isNeedWriteAsks.get();
    Socket sender = connect(server);
    sender.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
    Event senderRead =
        server.events.await(
            e ->
                e.what.equals("read")
                    && e.channel != listenersChannel
                    && e.detail.startsWith("data"));
    assertTrue(
        senderRead.detail2.contains(listenersChannel.name),
        "the listener's key, not read since, is still selected: " + senderRead.detail2);
    readResponse(sender.getInputStream());
    assertTrue(
        listenersChannel.isNeedWriteAsks.get() > askedBefore,
        "visited while another peer connected");
    listener.close();
  }

  // --- the selector's writes (PeerChannel.write, isNeedWrite, writeMore; WriteInterestRepair)

  /**
   * Once the library's own queue is written out, its write step reports the key done (the caller
   * sets it back to read-only) whatever the channel says it still needs to write: the relay's
   * frames queued meanwhile would wait for the next event. {@link WriteInterestRepair} gives that
   * interest back.
   */
  @Test
  void withItsQueueWrittenTheLibraryDropsWriteInterestWhateverTheChannelStillNeeds()
      throws Exception {
    try (LoopbackPair pair = LoopbackPair.open()) {
      WebSocketImpl ws = new WebSocketImpl(new QuietListener(), List.of());
      ProbeChannel channel = new ProbeChannel(pair.server, null, new Events(), "c");
      channel.needWrite = true;
      ws.outQueue.add(ByteBuffer.wrap(new byte[] {1, 2, 3}));
      assertTrue(SocketChannelIOHelper.batch(ws, channel), "done: back to read-only");
      assertEquals(0, channel.writeMoreCalls.get(), "and the channel's own writes not asked for");
    }
  }

  /**
   * A library frame the channel does not take (or takes in part) stays at the head of the library's
   * queue and is offered again, the same buffer, at the next writable event, and the key keeps its
   * write interest. {@link PeerChannel#write} returns 0 for a library frame while relayed frames
   * wait, and knows a frame it wrote in part by that identity.
   */
  @Test
  void aLibraryFrameNotTakenIsOfferedAgainAsTheSameBuffer() throws Exception {
    try (LoopbackPair pair = LoopbackPair.open()) {
      WebSocketImpl ws = new WebSocketImpl(new QuietListener(), List.of());
      ProbeChannel channel = new ProbeChannel(pair.server, null, new Events(), "c");
      ByteBuffer frame = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
      ws.outQueue.add(frame);
      channel.takeAtMost = 0;
      assertFalse(SocketChannelIOHelper.batch(ws, channel), "not done: write interest stays");
      channel.takeAtMost = 1;
      assertFalse(SocketChannelIOHelper.batch(ws, channel));
      channel.takeAtMost = Integer.MAX_VALUE;
      assertTrue(SocketChannelIOHelper.batch(ws, channel));
      assertEquals(List.of(frame, frame, frame), channel.written);
      assertTrue(ws.outQueue.isEmpty());
    }
  }

  /**
   * With nothing of its own queued, the library's write step asks the channel {@code isNeedWrite},
   * calls {@code writeMore} only on a yes, and keeps write interest while the channel still says
   * yes after it. {@link PeerChannel#writeMore} writes the relay's queue and TLS records there.
   */
  @Test
  void withNothingQueuedTheLibraryCallsWriteMoreOnlyWhenTheChannelNeedsIt() throws Exception {
    try (LoopbackPair pair = LoopbackPair.open()) {
      WebSocketImpl ws = new WebSocketImpl(new QuietListener(), List.of());
      ProbeChannel channel = new ProbeChannel(pair.server, null, new Events(), "c");
      assertTrue(SocketChannelIOHelper.batch(ws, channel));
      assertEquals(0, channel.writeMoreCalls.get());
      channel.needWrite = true;
      assertFalse(SocketChannelIOHelper.batch(ws, channel), "still needs to: write interest stays");
      assertEquals(1, channel.writeMoreCalls.get());
    }
  }

  /**
   * {@code onWriteDemand} sets a key's interest to read and write, whatever it was, and wakes the
   * selector. The relay wakes a key whose held end of stream is due with it ({@link
   * WriteInterestRepair}, {@link HandshakeReaper}): the read interest it gives back is what lets
   * the selector read the end again.
   */
  @Test
  void onWriteDemandGivesAKeyReadInterestBackWithWrite() throws Exception {
    ProbeServer server = start(new ProbeServer());
    handshake(server);
    WebSocketImpl conn = server.opened.get(WAIT_SECONDS, TimeUnit.SECONDS);
    SelectionKey key = conn.getSelectionKey();
    ProbeChannel channel = (ProbeChannel) conn.getChannel();
    channel.needWrite =
        true; // so that the selector's write, once woken, leaves the interest as it is
    key.interestOps(0); // as PeerChannel.read leaves a key whose end of stream it holds
    server.onWriteDemand(conn);
    assertEquals(SelectionKey.OP_READ | SelectionKey.OP_WRITE, key.interestOps());
    channel.needWrite = false;
  }

  // --- reads (PeerChannel.read, HeldEndOfStream)

  /**
   * A channel read of 0 bytes is nothing: no decode, no close. End of stream (-1) ends the
   * connection through {@code eot}, at once: an open one as abnormal (1006). {@link
   * PeerChannel#read} reports a held end of stream as 0 so that the decoder may first see the close
   * frame read before it.
   */
  @Test
  void aReadOfNothingIsNothingAndEndOfStreamClosesAnOpenConnectionAs1006() throws Exception {
    ProbeServer server = start(new ProbeServer());
    Socket client = handshake(server);
    WebSocketImpl conn = server.opened.get(WAIT_SECONDS, TimeUnit.SECONDS);
    ByteBuffer buf = ByteBuffer.allocate(64);
    assertFalse(SocketChannelIOHelper.read(buf, conn, new FixedRead(0)), "nothing read");
    assertTrue(conn.isOpen());
    assertFalse(SocketChannelIOHelper.read(buf, conn, new FixedRead(-1)));
    assertEquals(CloseFrame.ABNORMAL_CLOSE, server.closedWith.get(WAIT_SECONDS, TimeUnit.SECONDS));
    client.close();
  }

  // --- the handshake and the close (PeerChannel.write and refuse, LingeringClose)

  /**
   * The first bytes the library writes to a new connection's channel are its handshake response,
   * one buffer. {@link PeerChannel} lets no relayed frame out before that write has gone out whole.
   */
  @Test
  void theHandshakeResponseIsAConnectionsFirstWrite() throws Exception {
    ProbeServer server = start(new ProbeServer());
    handshake(server);
    Event first = server.events.await(e -> e.what.equals("write"));
    assertTrue(first.detail.startsWith("HTTP/1.1 101"), first.detail);
  }

  /**
   * {@code onWebsocketHandshakeReceivedAsServer} runs before the 101 is written: {@link
   * RelayServer} adds the peer to its fan-out there, so that a peer that has read its 101 hears
   * everything relayed after it.
   */
  @Test
  void theHandshakeIsSeenByTheServerBeforeItsResponseIsWritten() throws Exception {
    ProbeServer server = start(new ProbeServer());
    handshake(server);
    Event received = server.events.await(e -> e.what.equals("handshake received"));
    Event written = server.events.await(e -> e.what.equals("write"));
    assertTrue(received.at < written.at, received + " then " + written);
  }

  /**
   * A connection that ends before it opened is passed to {@code removeConnection} (which says it
   * was not among the open ones) and never to {@code onClose}: {@link RelayServer#removeConnection}
   * takes such a peer out of the fan-out.
   */
  @Test
  void aConnectionThatNeverOpenedEndsThroughRemoveConnectionNotOnClose() throws Exception {
    ProbeServer server = start(new ProbeServer());
    Socket client = connect(server);
    client.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
    server.channels.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    client.close();
    Event removed = server.events.await(e -> e.what.equals("removeConnection"));
    assertEquals("false", removed.detail);
    assertFalse(server.closedWith.isDone(), "onClose for a connection that never opened");
  }

  /**
   * A handshake refused by throwing {@link InvalidDataException} from {@code
   * onWebsocketHandshakeReceivedAsServer} makes the library write one HTTP response (its own 404),
   * and leaves the connection open: it never closes a connection that has no draft yet. {@link
   * PeerChannel#refuse} replaces that one write with the relay's response, and {@link
   * HandshakeReaper} closes the connection once it has gone out ({@link PeerChannel#refusalSent}).
   */
  @Test
  void aRefusedHandshakeIsOneHttpResponseAndTheConnectionIsLeftOpen() throws Exception {
    ProbeServer server = start(new ProbeServer());
    server.refuse = true;
    Socket client = connect(server);
    client.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
    Event write = server.events.await(e -> e.what.equals("write"));
    assertTrue(write.detail.startsWith("HTTP/1.1 404"), write.detail);
    ProbeChannel refused = write.channel;
    server.refuse = false;
    handshake(server); // a later round of the same selector thread
    assertEquals(
        List.of(write),
        server.events.all(e -> e.what.equals("write") && e.channel == refused),
        "one response");
    assertEquals(List.of(), server.events.all(e -> e.what.equals("close")), "and no close");
    assertTrue(refused.isOpen());
    assertFalse(server.opened.isDone() && server.opened.get().getChannel() == refused);
  }

  /**
   * When the server closes a connection, the library closes the channel right after writing its
   * close frame, without waiting for the peer's. {@link LingeringClose} keeps the socket open, shut
   * for writing, so that a peer still sending reads the close frame rather than a reset.
   */
  @Test
  void afterItsCloseFrameTheServerClosesTheChannelWithoutWaitingForThePeers() throws Exception {
    ProbeServer server = start(new ProbeServer());
    Socket client = handshake(server);
    WebSocketImpl conn = server.opened.get(WAIT_SECONDS, TimeUnit.SECONDS);
    conn.close(CloseFrame.POLICY_VALIDATION, "bye");
    Event closeFrame =
        server.events.await(e -> e.what.equals("write") && e.detail2.startsWith("88"));
    Event closed = server.events.await(e -> e.what.equals("close"));
    assertTrue(closed.at > closeFrame.at);
    assertEquals(
        0xFF & 0x88,
        client.getInputStream().read(),
        "the peer has its close frame, and sent nothing");
  }

  // --- decoding (UnmaskingDraft, FanOutBatch.endsWith)

  /**
   * A read is handed to the draft's {@code translateFrame} whole, in the server's own writable heap
   * buffer, and then each frame to {@code processFrame} in turn, which delivers the message before
   * it returns; each connection gets its own draft through {@code copyInstance}. {@link
   * UnmaskingDraft} rewrites the read in place, and tells from inside {@code processFrame} which
   * message is its read's last ({@link FanOutBatch#endsWith}).
   */
  @Test
  void aReadIsTranslatedWholeThenEachFrameProcessedWithItsMessageDeliveredInside()
      throws Exception {
    ProbeServer server = start(new ProbeServer());
    Socket client = handshake(server);
    Socket other = handshake(server);
    ByteBuffer two = ByteBuffer.allocate(64);
    maskedText(two, "a");
    maskedText(two, "b");
    client.getOutputStream().write(two.array(), 0, two.position());
    server.events.await(e -> e.what.equals("message") && e.detail.equals("b"));
    List<String> seen = new ArrayList<>();
    for (Event e :
        server.events.all(
            e ->
                e.what.startsWith("translate")
                    || e.what.startsWith("process")
                    || e.what.equals("message"))) {
      seen.add(e.what + " " + e.detail);
    }
    assertEquals(
        List.of(
            "translate 2 frames, writable heap",
            "process a",
            "message a",
            "processed a",
            "process b",
            "message b",
            "processed b"),
        seen);
    assertEquals(2, server.drafts.size());
    assertNotSame(server.drafts.get(0), server.drafts.get(1), "a draft per connection");
    other.close();
  }

  /**
   * The server takes a client's frame without a mask (RFC 6455 says it should close instead).
   * {@link UnmaskingDraft} takes the mask off every complete frame of a read before the library
   * parses it, and clears the mask bit: a library that refused such frames would close every peer
   * with 1002.
   */
  @Test
  void theServerTakesAClientFrameWithoutAMask() throws Exception {
    ProbeServer server = start(new ProbeServer());
    Socket client = handshake(server);
    client.getOutputStream().write(new byte[] {(byte) 0x81, 2, 'h', 'i'});
    assertEquals("hi", server.events.await(e -> e.what.equals("message")).detail);
    assertEquals(List.of(), server.events.all(e -> e.what.equals("error")));
  }

  // --- TLS (TlsChannel)

  /**
   * The library's TLS channel says it needs to write for as long as its handshake is unfinished,
   * even while its engine waits for the client: a client that stalls mid-handshake keeps the key
   * writable and the selector spinning (the library's issue 896). {@link TlsChannel#isNeedWrite}
   * asks the engine.
   */
  @Test
  void theLibrarysTlsChannelNeedsToWriteForAsLongAsItsHandshakeRuns() throws Exception {
    TlsPair tls = TlsPair.open(certs, toClose);
    assertEquals(
        HandshakeStatus.NEED_UNWRAP,
        tls.serverEngine.getHandshakeStatus(),
        "waiting for the client");
    assertTrue(tls.server.isNeedWrite(), "yet it needs to write");
  }

  /**
   * A read that moves the library's TLS handshake on makes one record and returns, leaving the
   * engine with more records to make (a TLS 1.3 server's flight after the ClientHello). {@link
   * TlsChannel#read} asks for the writable event then, and the selector's write makes the rest.
   */
  @Test
  void aTlsReadThatMovesTheHandshakeOnMakesOneRecordAndLeavesTheRest() throws Exception {
    TlsPair tls = TlsPair.open(certs, toClose);
    tls.clientSendsHello();
    ByteBuffer dst = ByteBuffer.allocate(1 << 16);
    for (int i = 0;
        i < 1000 && tls.serverEngine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP;
        i++) {
      assertEquals(0, tls.server.read(dst), "no application data during the handshake");
    }
    assertEquals(
        HandshakeStatus.NEED_WRAP, tls.serverEngine.getHandshakeStatus(), "records left to make");
  }

  // --- the probes

  private ProbeServer start(ProbeServer server) throws Exception {
    server.start();
    toClose.add(() -> server.stop(1000));
    server.started.get(WAIT_SECONDS, TimeUnit.SECONDS);
    return server;
  }

  private Socket connect(ProbeServer server) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getPort());
    s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    toClose.add(s);
    return s;
  }

  /** A client that completes its handshake. */
  private Socket handshake(ProbeServer server) throws IOException {
    Socket s = connect(server);
    s.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
    String response = readResponse(s.getInputStream());
    assertTrue(response.startsWith("HTTP/1.1 101"), response);
    return s;
  }

  private static String readResponse(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("end of stream after " + sb);
      }
      sb.append((char) c);
    }
    return sb.toString();
  }

  private static void maskedText(ByteBuffer out, String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = {9, 8, 7, 6};
    out.put((byte) 0x81).put((byte) (0x80 | payload.length)).put(mask);
    for (int i = 0; i < payload.length; i++) {
      out.put((byte) (payload[i] ^ mask[i & 3]));
    }
  }

  /** What happened, in order, with the thread it happened on. */
  private record Event(
      long at, String thread, ProbeChannel channel, String what, String detail, String detail2) {}

  private static final class Events {
    private final AtomicInteger clock = new AtomicInteger();
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

    void add(ProbeChannel channel, String what, String detail, String detail2) {
      synchronized (events) {
        events.add(
            new Event(
                clock.incrementAndGet(),
                Thread.currentThread().getName(),
                channel,
                what,
                detail,
                detail2));
        events.notifyAll();
      }
    }

    Event await(Predicate<Event> p) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      synchronized (events) {
        while (true) {
          for (Event e : events) {
            if (p.test(e)) {
              return e;
            }
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("no such event in " + events);
          }
          TimeUnit.NANOSECONDS.timedWait(events, left);
        }
      }
    }

    List<Event> all(Predicate<Event> p) {
      synchronized (events) {
        return events.stream().filter(p).toList();
      }
    }
  }

  /** A bare server: one decoder, connections and channels that record what the library does. */
  private static final class ProbeServer extends WebSocketServer {
    final Events events;
    final CompletableFuture<Void> started = new CompletableFuture<>();
    final CompletableFuture<WebSocketImpl> opened = new CompletableFuture<>();
    final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    final LinkedBlockingQueue<ProbeChannel> channels = new LinkedBlockingQueue<>();
    final List<Draft> drafts = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger needReadYes = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();
    volatile boolean refuse;

    ProbeServer() {
      this(new Events());
    }

    private ProbeServer(Events events) {
      super(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
          1,
          List.of(new ProbeDraft(events)));
      this.events = events;
      setDaemon(true);
      setReuseAddr(true);
      setWebSocketFactory(
          new WebSocketServerFactory() {
            @Override
            public WebSocketImpl createWebSocket(WebSocketAdapter a, Draft d) {
              return new ProbeConnection(a, List.of(d));
            }

            @Override
            public WebSocketImpl createWebSocket(WebSocketAdapter a, List<Draft> d) {
              return new ProbeConnection(a, d);
            }

            @Override
            public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) {
              ProbeChannel probe =
                  new ProbeChannel(channel, key, events, "peer" + accepted.incrementAndGet());
              probe.needReadYes = needReadYes;
              channels.add(probe);
              return probe;
            }

            @Override
            public void close() {}
          });
    }

    @Override
    protected void queue(WebSocketImpl ws) throws InterruptedException {
      ByteBuffer read = ws.inQueue.peek();
      events.add(
          null,
          "queue",
          "inQueue " + ws.inQueue.size(),
          String.valueOf(System.identityHashCode(read)));
      super.queue(ws);
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
        WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
      drafts.add(draft);
      events.add(null, "handshake received", request.getResourceDescriptor(), "");
      if (refuse) {
        throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "refused");
      }
      return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      opened.complete((WebSocketImpl) conn);
    }

    @Override
    protected boolean removeConnection(WebSocket ws) {
      boolean removed = super.removeConnection(ws);
      events.add(null, "removeConnection", String.valueOf(removed), "");
      return removed;
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
      closedWith.complete(code);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
      events.add(null, "message", message, "");
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
      events.add(null, "error", String.valueOf(ex), "");
    }

    @Override
    public void onStart() {
      started.complete(null);
    }

    /** A connection that records its decodes. */
    private final class ProbeConnection extends WebSocketImpl {
      ProbeConnection(WebSocketAdapter listener, List<Draft> drafts) {
        super(listener, drafts);
      }

      @Override
      public void decode(ByteBuffer socketBuffer) {
        events.add(null, "decode", "", String.valueOf(System.identityHashCode(socketBuffer)));
        super.decode(socketBuffer);
      }
    }
  }

  /** A draft that records the library's calls into it. */
  private static final class ProbeDraft extends Draft_6455 {
    private final Events events;

    ProbeDraft(Events events) {
      this.events = events;
    }

    @Override
    public Draft copyInstance() {
      return new ProbeDraft(events);
    }

    @Override
    public List<Framedata> translateFrame(ByteBuffer buffer) throws InvalidDataException {
      String kind =
          buffer.hasArray() && !buffer.isReadOnly()
              ? "writable heap"
              : "not a writable heap buffer";
      List<Framedata> frames = super.translateFrame(buffer);
      record("translate", frames.size() + " frames, " + kind);
      return frames;
    }

    @Override
    public void processFrame(WebSocketImpl ws, Framedata frame) throws InvalidDataException {
      String text = StandardCharsets.UTF_8.decode(frame.getPayloadData().duplicate()).toString();
      record("process", text);
      super.processFrame(ws, frame);
      record("processed", text);
    }

    private void record(String what, String detail) {
      if (events != null) {
        events.add(null, what, detail, "");
      }
    }
  }

  /** A plain socket as the library sees it, recording each call; its answers set by the test. */
  private static final class ProbeChannel implements WrappedByteChannel {
    final SocketChannel socket;
    final SelectionKey key;
    final Events events;
    final String name;
    final List<ByteBuffer> written = new ArrayList<>();
    final AtomicInteger isNeedWriteAsks = new AtomicInteger();
    final AtomicInteger writeMoreCalls = new AtomicInteger();
    volatile AtomicInteger needReadYes = new AtomicInteger();
    volatile boolean needWrite;
    volatile int takeAtMost = Integer.MAX_VALUE;

    ProbeChannel(SocketChannel socket, SelectionKey key, Events events, String name) {
      this.socket = socket;
      this.key = key;
      this.events = events;
      this.name = name;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      int n = socket.read(dst);
      StringBuilder selected = new StringBuilder();
      if (key != null) {
        for (SelectionKey k : key.selector().selectedKeys()) {
          if (k != key
              && k.attachment() instanceof WebSocketImpl w
              && w.getChannel() instanceof ProbeChannel p) {
            selected.append(p.name).append(' ');
          }
        }
      }
      events.add(
          this, "read", n > 0 ? "data " + n : String.valueOf(n), "others selected: " + selected);
      return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      written.add(src);
      String head =
          StandardCharsets.ISO_8859_1
              .decode(src.duplicate().limit(Math.min(src.limit(), src.position() + 12)))
              .toString();
      String hex = src.hasRemaining() ? String.format("%02x", src.get(src.position())) : "";
      int n;
      if (src.remaining() > takeAtMost) {
        ByteBuffer part = src.duplicate();
        part.limit(src.position() + takeAtMost);
        n = socket.write(part);
        src.position(part.position());
      } else {
        n = socket.write(src);
      }
      events.add(this, "write", head, hex);
      return n;
    }

    @Override
    public boolean isNeedWrite() {
      isNeedWriteAsks.incrementAndGet();
      return needWrite;
    }

    @Override
    public void writeMore() {
      writeMoreCalls.incrementAndGet();
    }

    @Override
    public boolean isNeedRead() {
      boolean yes = needReadYes.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
      events.add(this, "isNeedRead", yes ? "yes" : "no", "");
      return yes;
    }

    @Override
    public int readMore(ByteBuffer dst) {
      events.add(this, "readMore", "", "");
      return 0;
    }

    @Override
    public boolean isBlocking() {
      return socket.isBlocking();
    }

    @Override
    public boolean isOpen() {
      return socket.isOpen();
    }

    @Override
    public void close() throws IOException {
      events.add(this, "close", "", "");
      socket.close();
    }
  }

  /** A channel whose every read returns {@code n} and reads nothing. */
  private record FixedRead(int n) implements ByteChannel {
    @Override
    public int read(ByteBuffer dst) {
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      return 0;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  /**
   * The library's TLS channel on the server end of a loopback connection (its engine's tasks run
   * inline, as {@link TlsChannel} runs them), and a client engine the test drives by hand.
   */
  private static final class TlsPair {
    final SSLSocketChannel2 server;
    final SSLEngine serverEngine;
    final SSLEngine clientEngine;
    final LoopbackPair sockets;

    private TlsPair(
        SSLSocketChannel2 server,
        SSLEngine serverEngine,
        SSLEngine clientEngine,
        LoopbackPair sockets) {
      this.server = server;
      this.serverEngine = serverEngine;
      this.clientEngine = clientEngine;
      this.sockets = sockets;
    }

    static TlsPair open(TestCertificates certs, List<AutoCloseable> toClose) throws Exception {
      LoopbackPair sockets = LoopbackPair.open();
      toClose.add(sockets);
      SSLEngine serverEngine = certs.serverContextFromPem().createSSLEngine();
      serverEngine.setUseClientMode(false);
      ExecutorService unused = Executors.newSingleThreadExecutor();
      toClose.add(unused::shutdownNow);
      SSLSocketChannel2 server =
          new SSLSocketChannel2(sockets.server, serverEngine, unused, null) {
            @Override
            protected void consumeDelegatedTasks() {
              Runnable task;
              while ((task = sslEngine.getDelegatedTask()) != null) {
                task.run();
              }
            }
          };
      SSLEngine clientEngine =
          TlsContexts.clientTrusting(certs.certPem()).createSSLEngine("localhost", 443);
      clientEngine.setUseClientMode(true);
      return new TlsPair(server, serverEngine, clientEngine, sockets);
    }

    void clientSendsHello() throws IOException {
      ByteBuffer out = ByteBuffer.allocate(clientEngine.getSession().getPacketBufferSize());
      clientEngine.beginHandshake();
      clientEngine.wrap(ByteBuffer.allocate(0), out);
      out.flip();
      OutputStream os = sockets.client.socket().getOutputStream();
      os.write(out.array(), 0, out.limit());
      os.flush();
    }
  }
}
