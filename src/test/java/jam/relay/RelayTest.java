package jam.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.protocol.Wire;
import jam.testing.RecordingClient;
import jam.testing.RelayHarness;
import jam.testing.TestFrames;
import jam.websocket.WebSocketProtocol;
import jam.websocket.WebSocketUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The relay on loopback, driven by real WebSocket clients. */
class RelayTest {
  @RegisterExtension final RelayHarness harness = new RelayHarness("joined", "left", "dropped");
  private final BlockingQueue<String> log = harness.log();

  private static final RelayConfig TUTORIAL = RelayConfig.builder().collectAll(true).build();

  @Test
  void withCollectPeersJoiningInTurnReceiveThreeTwoAndOneCollect() {
    Relay relay = harness.relay(TUTORIAL);
    RecordingClient a = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    RecordingClient b = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    b.assertText(Wire.COLLECT);
    RecordingClient c = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    b.assertText(Wire.COLLECT);
    c.assertText(Wire.COLLECT);
    a.assertExhausted();
    b.assertExhausted();
    c.assertExhausted();
    assertEquals(3, relay.peers());
  }

  @ParameterizedTest(name = "collect all: {0}")
  @ValueSource(booleans = {true, false})
  void collectIsANewcomersFirstFrameWhileAnotherPeerSendsWithoutPause(boolean collectAll)
      throws Exception {
    Relay relay = harness.relay(RelayConfig.builder().collectAll(collectAll).build());
    RecordingClient sender = harness.peer(relay);
    sender.assertText(Wire.COLLECT);
    java.util.concurrent.atomic.AtomicBoolean sending =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread loop =
        new Thread(
            () -> {
              while (sending.get()) {
                sender.send("m");
              }
            });
    loop.start();
    try {
      for (int i = 0; i < 60; i++) {
        try (RecordingClient newcomer = harness.peer(relay)) {
          assertEquals(Wire.COLLECT, newcomer.nextText(), "newcomer " + i + "'s first frame");
        }
      }
    } finally {
      sending.set(false);
      loop.join();
    }
  }

  @Test
  void byDefaultOnlyTheNewcomerIsAskedAndIsHandedWhatTheOthersShared() {
    Relay relay = harness.relay(RelayConfig.loopback());
    RecordingClient a = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    a.send("[{\"trackname\":\"a\"}]");
    a.assertText("[{\"trackname\":\"a\"}]");
    a.send("[{\"trackname\":\"a\"}]"); // the same array again: kept once
    a.assertText("[{\"trackname\":\"a\"}]");
    a.send(Wire.TRIGGER_INPUT); // not an array: never replayed
    a.assertText(Wire.TRIGGER_OUTPUT);

    RecordingClient b = harness.peer(relay);
    b.assertText(Wire.COLLECT);
    b.assertText("[{\"trackname\":\"a\"}]");
    a.assertExhausted();
    b.send(" [{\"trackname\":\"b\"}]");
    a.assertText(" [{\"trackname\":\"b\"}]");
    b.assertText(" [{\"trackname\":\"b\"}]");

    RecordingClient c = harness.peer(relay);
    c.assertText(Wire.COLLECT);
    c.assertText("[{\"trackname\":\"a\"}]");
    c.assertText(" [{\"trackname\":\"b\"}]");
    c.assertExhausted();
    a.assertExhausted();
    b.assertExhausted();

    a.close(); // what a peer shared leaves with it
    RelayHarness.awaitPeers(relay, 2);
    RecordingClient d = harness.peer(relay);
    d.assertText(Wire.COLLECT);
    d.assertText(" [{\"trackname\":\"b\"}]");
    d.assertExhausted();
  }

  /**
   * A store larger than one message, shared as several arrays (as jam join sends it), reaches a
   * newcomer whole while few peers are connected: the relay keeps more than one message per peer
   * then.
   */
  @Test
  void aStoreSharedInPartsLargerThanOneMessageReachesANewcomerWhole() {
    Relay relay = harness.relay(RelayConfig.loopback().toBuilder().maxMessage(4096).build());
    RecordingClient a = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      parts.add("[{\"trackname\":\"part " + i + "\",\"pad\":\"" + "x".repeat(3000) + "\"}]");
      a.send(parts.get(i));
      a.assertText(parts.get(i));
    }
    RecordingClient b = harness.peer(relay);
    b.assertText(Wire.COLLECT);
    for (String part : parts) {
      b.assertText(part);
    }
    b.assertExhausted();
  }

  /**
   * What a peer shares again is kept as its latest: jam shares its whole store again when it
   * changes, so a part that did not change is not the one dropped when the relay keeps at most 8
   * arrays.
   */
  @Test
  void anArraySharedAgainIsKeptAsTheLatest() {
    Relay relay = harness.relay(RelayConfig.loopback());
    RecordingClient a = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    List<String> arrays = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      arrays.add("[{\"trackname\":\"t" + i + "\"}]");
    }
    for (int i = 0; i < 8; i++) { // t1 .. t8
      a.send(arrays.get(i));
      a.assertText(arrays.get(i));
    }
    a.send(arrays.get(0)); // t1 again: now the latest
    a.assertText(arrays.get(0));
    a.send(arrays.get(8)); // t9: the ninth, so the least recent goes, t2
    a.assertText(arrays.get(8));

    RecordingClient b = harness.peer(relay);
    b.assertText(Wire.COLLECT);
    for (int i : new int[] {2, 3, 4, 5, 6, 7, 0, 8}) {
      b.assertText(arrays.get(i));
    }
    b.assertExhausted();
  }

  @Test
  void everyOtherMessageGoesVerbatimToEveryPeerSenderIncluded() {
    Relay relay = harness.relay(TUTORIAL);
    RecordingClient a = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    RecordingClient b = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    b.assertText(Wire.COLLECT);

    String tracks = "[{\"trackname\":\"riff é ♪\",\"data\":[[440,null,580,332]],\"x\":1e400}]  ";
    a.send(tracks);
    a.assertText(tracks);
    b.assertText(tracks);
    b.send("collect");
    a.assertText("collect");
    b.assertText("collect");
    String big = "x".repeat(70_000);
    b.send(big);
    assertEquals(big, a.nextText());
    assertEquals(big, b.nextText());
    a.assertExhausted();
    b.assertExhausted();
  }

  @Test
  void triggerInputBecomesTriggerOutputForEveryPeer() {
    Relay relay = harness.relay(TUTORIAL);
    RecordingClient a = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    RecordingClient b = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    b.assertText(Wire.COLLECT);

    b.send(Wire.TRIGGER_INPUT);
    a.assertText(Wire.TRIGGER_OUTPUT);
    b.assertText(Wire.TRIGGER_OUTPUT);
    a.assertExhausted();
    b.assertExhausted();
  }

  @Test
  void theRootPathIsAnEndpointAndPathsThatNameNoRoomAreRefused() {
    Relay relay = harness.relay(RelayConfig.loopback());
    String root = relay.url().replace("/socket", "/");
    try (RecordingClient a = RecordingClient.connect(root)) {
      a.assertText(Wire.COLLECT);
    }
    CompletableFuture<RecordingClient> other =
        RecordingClient.connectAsync(relay.url().replace("/socket", "/other/deeper"));
    Throwable failure = other.handle((c, t) -> t).join();
    assertTrue(failure != null, "a handshake on /other/deeper must fail");
  }

  @Test
  void aMessageOverTheLimitClosesItsSenderWith1009AndNobodyElse() {
    Relay relay = harness.relay(TUTORIAL.toBuilder().maxMessage(1024).build());
    RecordingClient a = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    RecordingClient b = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    b.assertText(Wire.COLLECT);

    a.send("y".repeat(1025));
    a.assertClosed(1009);
    b.send("still here");
    b.assertText("still here");
    b.assertExhausted();
    String fits = "z".repeat(1024);
    b.send(fits);
    b.assertText(fits);
  }

  @Test
  void binaryFramesAreIgnoredAndHarmNobody() {
    Relay relay = harness.relay(TUTORIAL);
    RecordingClient a = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    RecordingClient b = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    b.assertText(Wire.COLLECT);
    WebSocket raw = rawJdkSocket(relay);
    a.assertText(Wire.COLLECT);
    b.assertText(Wire.COLLECT);
    raw.sendBinary(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff}), true).join();
    a.send("after");
    a.assertText("after");
    b.assertText("after");
    a.assertExhausted();
    b.assertExhausted();
    assertEquals(3, relay.peers());
  }

  @Test
  void invalidUtf8ClosesItsSenderWith1007AndHarmsNobodyElse() throws Exception {
    Relay relay = harness.relay(TUTORIAL);
    RecordingClient a = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    Socket raw = handshake(relay);
    a.assertText(Wire.COLLECT);
    byte[] invalid = {(byte) 0xc3, (byte) 0x28, 'x'};
    writeMaskedFrame(raw.getOutputStream(), 0x81, invalid);
    InputStream in = raw.getInputStream();
    assertEquals(0x81, in.read(), "the collect frame");
    in.readNBytes(1 + Wire.COLLECT.length());
    assertEquals(0x88, in.read(), "a close frame");
    int length = in.read();
    byte[] body = in.readNBytes(length);
    assertEquals(1007, ((body[0] & 0xff) << 8) | (body[1] & 0xff));
    a.send("fine");
    a.assertText("fine");
    a.assertExhausted();
  }

  @Test
  void aPeerThatClosesAndShutsItsSocketAtOnceIsLoggedWithItsOwnCode() throws Exception {
    Relay relay = harness.relay(RelayConfig.loopback());
    for (int i = 0; i < 20; i++) {
      Socket raw = handshake(relay);
      log.clear();
      writeMaskedFrame(raw.getOutputStream(), 0x88, new byte[] {0x03, (byte) 0xe8}); // close 1000
      raw.shutdownOutput();
      String left;
      while ((left = log.poll(10, TimeUnit.SECONDS)) != null && !left.startsWith("left")) {
        // joined lines of this round
      }
      assertEquals("left 0 1000", left, "round " + i);
      raw.close();
    }
  }

  @Test
  void closingTheRelayTellsEveryPeerItIsGoingAway() {
    Relay relay =
        harness.relay(
            RelayConfig.loopback()); // closing it twice (here and after the test) is harmless
    RecordingClient a = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    relay.close();
    a.assertClosed(1001);
  }

  /** Reads and discards what a raw socket receives, until it closes. */
  private static void drain(Socket socket) {
    Thread t =
        new Thread(
            () -> {
              try {
                socket.getInputStream().transferTo(OutputStream.nullOutputStream());
              } catch (IOException e) {
                // closed at the end of the test
              }
            });
    t.setDaemon(true);
    t.start();
  }

  private static void writeMaskedFrame(OutputStream out, int firstByte, byte[] payload)
      throws IOException {
    out.write(TestFrames.masked(firstByte, payload, 0x01020304));
    out.flush();
  }

  private WebSocket rawJdkSocket(Relay relay) {
    WebSocket ws =
        java.net.http.HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(java.net.URI.create(relay.url()), new WebSocket.Listener() {})
            .join();
    harness.closeLater(ws::abort);
    return ws;
  }

  @Test
  void aPeerThatStopsReadingIsDroppedWhileTheOthersReceiveEverything() throws Exception {
    Relay relay = harness.relay(TUTORIAL.toBuilder().maxQueue(1 << 20).build());
    RecordingClient a = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    RecordingClient b = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    b.assertText(Wire.COLLECT);
    Socket stuck = stuckPeer(relay);
    a.assertText(Wire.COLLECT);
    b.assertText(Wire.COLLECT);
    log.clear();

    // a sends at most 8 messages (512 KiB) ahead of what a and b have read: however slowly their
    // clients run, the two that read stay far below --max-queue, while the stuck one falls 12 MB
    // behind
    String chunk = "m".repeat(64 * 1024 - 8);
    int messages = 200;
    int window = 8;
    for (int i = 0; i < messages + window; i++) {
      if (i < messages) {
        a.send(String.format("%07d", i) + chunk);
      }
      if (i >= window) {
        String expected = String.format("%07d", i - window);
        assertEquals(expected, a.nextText().substring(0, 7));
        assertEquals(expected, b.nextText().substring(0, 7));
      }
    }
    a.assertExhausted();
    b.assertExhausted();
    String dropped = log.poll(10, TimeUnit.SECONDS);
    assertTrue(dropped != null && dropped.startsWith("dropped too slow"), "log: " + dropped);
    String left = log.poll(10, TimeUnit.SECONDS); // the relay counts it out after it logs the drop
    assertTrue(left != null && left.startsWith("left 2 "), "log: " + left);
    assertEquals(2, relay.peers());
    stuck.close();
  }

  /** A peer that completes the handshake, then never reads: a tiny receive buffer, nothing read. */
  private Socket stuckPeer(Relay relay) throws IOException {
    return handshake(relay);
  }

  /**
   * A raw socket with a 4 KiB receive buffer that has done the WebSocket handshake and read the 101
   * response, nothing more.
   */
  private Socket handshake(Relay relay) throws IOException {
    return handshake(relay, 4096);
  }

  /** The same, with this receive buffer size (0: the system's). */
  private Socket handshake(Relay relay, int receiveBuffer) throws IOException {
    Socket s = new Socket();
    if (receiveBuffer > 0) {
      s.setReceiveBufferSize(receiveBuffer);
    }
    s.connect(new InetSocketAddress("127.0.0.1", relay.port()));
    harness.closeLater(s);
    OutputStream out = s.getOutputStream();
    out.write(
        WebSocketProtocol.upgradeRequest(
            WebSocketUrl.of(URI.create(relay.url())), "dGhlIHNhbXBsZSBub25jZQ=="));
    out.flush();
    InputStream in = s.getInputStream();
    String head = "";
    while (!head.endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed during handshake");
      }
      head += (char) c;
    }
    assertTrue(head.startsWith("HTTP/1.1 101"), head);
    return s;
  }

  /**
   * A burst of frames in one write is decoded as one batch (several reads, see FanOutBatch), and
   * queued for each receiver before it is written: those frames must not count against the
   * receiver's --max-queue as a backlog, even at the smallest queue the relay allows.
   */
  @Test
  void aBurstInOneWriteReachesEveryPeerThatReadsEvenWithTheSmallestQueue() throws Exception {
    Relay relay =
        harness.relay(RelayConfig.loopback().toBuilder().maxMessage(1024).maxQueue(1024).build());
    RecordingClient b = harness.peer(relay);
    b.assertText(Wire.COLLECT);
    Socket sender = handshake(relay, 0);
    log.clear();
    java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
    int messages = 100;
    String filler = "b".repeat(600);
    for (int i = 0; i < messages; i++) {
      writeMaskedFrame(
          burst, 0x81, (String.format("%03d", i) + filler).getBytes(StandardCharsets.US_ASCII));
    }
    sender.getOutputStream().write(burst.toByteArray()); // 60 KB: several reads of the relay's
    for (int i = 0; i < messages; i++) {
      assertEquals(String.format("%03d", i) + filler, b.nextText());
    }
    b.assertExhausted();
    assertEquals(null, log.poll(200, TimeUnit.MILLISECONDS), "nobody is dropped");
  }

  /**
   * Listeners' keys, selected once to write their handshake responses, are swept out of the
   * selector's selected set when a peer sends (StaleKeys): the library's extra-read hook is where
   * that happens, and this shows the library calls it as the relay expects.
   */
  @Test
  void listenersKeysAreSweptFromTheSelectedSetWhenAPeerSends() {
    Relay relay = harness.relay(RelayConfig.loopback());
    List<RecordingClient> listeners = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      RecordingClient c = harness.peer(relay);
      c.assertText(Wire.COLLECT);
      listeners.add(c);
    }
    long before = relay.staleKeySweeps();
    RecordingClient sender = listeners.get(0);
    for (int m = 0; m < 5; m++) {
      sender.send("m" + m);
      for (RecordingClient c : listeners) {
        c.assertText("m" + m);
      }
    }
    assertTrue(
        relay.staleKeySweeps() > before, "no sweep in " + relay.staleKeySweeps() + " - " + before);
  }

  /**
   * 1.2 MB in one write: many batches of many messages (about 100 to a 64 KiB read), some ending on
   * their read limit. Every receiver gets every message once and in order. (Batches this busy are
   * always queued, then flushed: the read-ahead is the next test's.)
   */
  @Test
  void aLongBurstReachesEveryPeerInOrderAcrossManyBatches() throws Exception {
    Relay relay = harness.relay(RelayConfig.loopback());
    RecordingClient b = harness.peer(relay);
    b.assertText(Wire.COLLECT);
    RecordingClient c = harness.peer(relay);
    c.assertText(Wire.COLLECT);
    Socket sender = handshake(relay, 0);
    java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
    int messages = 2000;
    String filler = "l".repeat(600);
    for (int i = 0; i < messages; i++) {
      writeMaskedFrame(
          burst, 0x81, (String.format("%04d", i) + filler).getBytes(StandardCharsets.US_ASCII));
    }
    drain(sender); // the sender receives the burst too
    sender.getOutputStream().write(burst.toByteArray());
    for (RecordingClient peer : List.of(b, c)) {
      for (int i = 0; i < messages; i++) {
        assertEquals(String.format("%04d", i) + filler, peer.nextText());
      }
      peer.assertExhausted();
    }
  }

  /**
   * A bang and a large message in one write: the relay's first read ends inside the large one, and
   * it reads the rest ahead (see BatchingConnection) before it relays the bang. Both arrive, in
   * order.
   */
  @Test
  void aSmallMessageFollowedByALargeOneInOneWriteArrivesWholeAndInOrder() throws Exception {
    Relay relay = harness.relay(RelayConfig.loopback());
    RecordingClient b = harness.peer(relay);
    b.assertText(Wire.COLLECT);
    Socket sender = handshake(relay, 0);
    drain(sender);
    String large =
        "[" + "\"x\",".repeat(40_000) + "\"end\"]"; // 160 KB: more than the relay reads at once
    for (int round = 0; round < 3; round++) {
      java.io.ByteArrayOutputStream both = new java.io.ByteArrayOutputStream();
      writeMaskedFrame(both, 0x81, Wire.TRIGGER_INPUT.getBytes(StandardCharsets.US_ASCII));
      writeMaskedFrame(both, 0x81, large.getBytes(StandardCharsets.US_ASCII));
      sender.getOutputStream().write(both.toByteArray());
      assertEquals(Wire.TRIGGER_OUTPUT, b.nextText(), "round " + round);
      assertEquals(large, b.nextText(), "round " + round);
      Thread.sleep(
          5); // a pause, not a wait: each round's write must find the relay idle, as the first did
    }
    b.assertExhausted();
  }

  @Test
  void concurrentSendersReachEveryPeerCompleteAndInEachSendersOrder() throws Exception {
    Relay relay = harness.relay(RelayConfig.loopback());
    int receivers = 20;
    int senders = 4;
    int messages = 200;
    List<RecordingClient> all = new ArrayList<>();
    for (int i = 0; i < receivers + senders; i++) {
      all.add(harness.peer(relay));
    }
    RelayHarness.awaitPeers(relay, all.size());
    String filler = "f".repeat(2000);
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      RecordingClient sender = all.get(receivers + s);
      String name = "s" + s;
      Thread t =
          new Thread(
              () -> {
                for (int m = 0; m < messages; m++) {
                  sender.send(name + ":" + m + ":" + filler);
                }
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    for (RecordingClient c : all) {
      int[] next = new int[senders];
      int got = 0;
      while (got < senders * messages) {
        String text = c.nextText();
        if (text.equals(Wire.COLLECT)) {
          continue;
        }
        String[] parts = text.split(":", 3);
        int s = Integer.parseInt(parts[0].substring(1));
        assertEquals(next[s], Integer.parseInt(parts[1]), "order of sender " + s);
        assertEquals(filler, parts[2]);
        next[s]++;
        got++;
      }
      c.assertExhausted();
    }
  }

  @ParameterizedTest(name = "collect all: {0}")
  @ValueSource(booleans = {true, false})
  void threeHundredPeersConnectingAtOnceAllGetCollectAndThenABroadcast(boolean collectAll) {
    Relay relay = harness.relay(RelayConfig.builder().collectAll(collectAll).build());
    int n = 300;
    List<CompletableFuture<RecordingClient>> pending = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pending.add(RecordingClient.connectAsync(relay.url()));
    }
    List<RecordingClient> peers = new ArrayList<>();
    for (CompletableFuture<RecordingClient> f : pending) {
      RecordingClient c = f.join();
      harness.closeLater(c);
      peers.add(c);
    }
    // all have joined once the relay counts them; from then on no more collects are sent
    RelayHarness.awaitPeers(relay, n);
    peers.get(0).send("hello, 300");
    int collects = 0;
    for (RecordingClient c : peers) {
      int mine = 0;
      String text;
      while ((text = c.nextText()).equals(Wire.COLLECT)) {
        mine++;
      }
      assertEquals("hello, 300", text);
      assertTrue(mine >= 1, "every peer gets at least its own collect");
      if (!collectAll) {
        assertEquals(1, mine, "by default only the newcomer is asked");
      }
      collects += mine;
    }
    if (collectAll) {
      assertEquals(n * (n + 1) / 2, collects, "one collect per connected peer per join");
    }
  }
}
