package jam.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.testing.RecordingClient;
import jam.testing.RecordingReporter;
import jam.testing.RecordingSink;
import jam.testing.Wait;
import jam.track.Store;
import jam.track.Track;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Peers on a real relay on loopback, with real stores. */
class TrackPeerTest {
  static final String RIFF =
      "{\"trackname\":\"riff\",\"data\":[[440,null,580,332],[220,null,null,709]],\"city\":\"London\",\"countryCode\":\"gb\","
          + "\"id\":\"riff-1\",\"x-unknown\":{\"deep\":[329.6275569128699,0.1,1e400]}}";
  static final String BASS =
      "{\"trackname\":\"bass\",\"data\":[[110,null,null,null]],\"id\":\"bass-1\"}";
  static final Session.Options FAST = Session.Options.defaults();

  @TempDir Path dir;
  Relay relay;
  final BlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();

  @BeforeEach
  void startRelay() {
    relay = Relay.start(RelayConfig.loopback(), new CloseRecorder());
  }

  @AfterEach
  void stopRelay() {
    relay.close();
  }

  @Test
  void twoPeersWithDifferentStoresSeeEachOthersTracks() {
    RecordingSink seenByA = new RecordingSink();
    RecordingSink seenByB = new RecordingSink();
    try (TrackPeer a = start(store("a.json", RIFF), seenByA);
        TrackPeer b = start(store("b.json", BASS), seenByB)) {
      assertEquals(Set.of("riff", "bass"), names(seenByA.take(2)));
      assertEquals(Set.of("riff", "bass"), names(seenByB.take(2)));
      seenByA.assertExhausted();
      seenByB.assertExhausted();
    }
  }

  @Test
  void unknownFieldsAndExactNumbersReachOtherPeersUnchanged() {
    RecordingSink seenByB = new RecordingSink();
    try (TrackPeer a = start(store("a.json", RIFF), new RecordingSink());
        TrackPeer b = start(store("b.json"), seenByB)) {
      assertEquals(RIFF, seenByB.take().toJson());
    }
  }

  @Test
  void answersCollectWithTheWholeStoreAsOneArray() {
    RecordingSink seenByA = new RecordingSink();
    try (TrackPeer a = start(store("a.json", RIFF, BASS), seenByA)) {
      seenByA.take(
          2); // a's answer to its own collect went round: it cannot reach the browser below
      try (RecordingClient browser = RecordingClient.connect(relay.url())) {
        // the browser's connect made the relay send collect to everyone, and a answered it
        browser.assertText("collect");
        assertEquals("[" + RIFF + "," + BASS + "]", browser.nextText());
        browser.assertExhausted();
      }
    }
  }

  @Test
  void printsTracksInEveryPayloadShapeOnceEach() {
    RecordingSink seen = new RecordingSink();
    try (TrackPeer a = start(store("a.json"), seen);
        RecordingClient browser = RecordingClient.connect(relay.url())) {
      browser.send("[" + quote(RIFF) + "]"); // the reference client's array of JSON strings
      assertEquals(RIFF, seen.take().toJson());
      browser.send("{\"bass\":" + BASS + ",\"riff\":" + RIFF + "}");
      assertEquals(BASS, seen.take().toJson());
      browser.send("[" + BASS + "]");
      browser.send("not json at all");
      browser.send("{\"trackname\":\"late\",\"id\":\"late-1\"}"); // a bare track is not a payload
      browser.send("[{\"trackname\":\"last\"}]");
      assertEquals("last", seen.take().name());
      seen.assertExhausted();
    }
  }

  @Test
  void sharesATrackAddedToItsStoreWhileRunning() {
    Store storeA = store("a.json", RIFF);
    RecordingSink seenByA = new RecordingSink();
    RecordingSink seenByB = new RecordingSink();
    try (TrackPeer a = start(storeA, seenByA);
        TrackPeer b = start(store("b.json"), seenByB)) {
      assertEquals("riff", seenByB.take().name());
      new Store(storeA.path())
          .add(List.of(Track.parse(BASS))); // as jam add-track in another terminal
      assertEquals(BASS, seenByB.take().toJson());
      assertEquals(List.of("riff", "bass"), seenByA.take(2).stream().map(Track::name).toList());
      seenByB.assertExhausted();
    }
  }

  @Test
  void reconnectsAfterTheRelayRestartsAndItsTracksReachANewPeer() {
    int port = relay.port();
    RecordingSink seen = new RecordingSink();
    try (TrackPeer a = start(store("a.json", RIFF), seen)) {
      assertEquals("riff", seen.take().name());
      relay.close();
      relay = Relay.start(RelayConfig.builder().port(port).build(), new CloseRecorder());
      try (RecordingClient newcomer = RecordingClient.connect(relay.url())) {
        assertEquals(RIFF, newcomer.awaitTrack("riff").toJson());
      }
      seen.assertExhausted(); // riff came back, but it was seen already
    }
  }

  @Test
  void withoutReconnectALostConnectionEndsThePeer() throws InterruptedException {
    try (TrackPeer a =
        TrackPeer.start(
            url(),
            FAST.withReconnect(false),
            store("a.json", RIFF),
            new RecordingSink(),
            Reporter.SILENT)) {
      relay.close();
      JamException e = assertThrows(JamException.class, () -> a.await(RecordingClient.WAIT));
      assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
      assertTrue(
          e.getMessage().startsWith("connection to " + relay.url() + " lost"), e.getMessage());
    }
  }

  @Test
  void anUnreachableRelayIsAnErrorNamingTheUrl() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      port = s.getLocalPort();
    }
    URI nowhere = URI.create("ws://127.0.0.1:" + port + "/socket");
    JamException e =
        assertThrows(
            JamException.class,
            () ->
                TrackPeer.start(
                    nowhere, FAST, store("a.json"), new RecordingSink(), Reporter.SILENT));
    assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
    assertEquals("cannot connect to " + nowhere + ": connection refused", e.getMessage());
  }

  @Test
  void aStoreThatIsNotJsonJoinsSharingNoneOfItUntilItReadsAgain() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "[\n" + RIFF + ",\n{");
    byte[] before = Files.readAllBytes(file);
    String problem = assertThrows(JamException.class, () -> new Store(file).read()).getMessage();
    RecordingReporter lines = RecordingReporter.verbose();
    RecordingSink seenByA = new RecordingSink();
    try (TrackPeer a = TrackPeer.start(url(), FAST, new Store(file), seenByA, lines)) {
      assertEquals(problem + "; sharing none of its tracks until it reads again", lines.next());
      assertTrue(problem.startsWith("corrupt store " + file + ":3:2: "), problem);
      lines.await("collect: shared 0 tracks"); // it answered its collect with nothing
      try (RecordingClient browser = RecordingClient.connect(relay.url())) {
        browser.assertText("collect");
        browser.send("[" + BASS + "]");
        // what the relay hands the newcomer from a holds no track: at most a's empty array, then
        // bass's echo
        String m = browser.nextText();
        assertEquals("[" + BASS + "]", m.equals("[]") ? browser.nextText() : m);
        assertEquals(BASS, seenByA.take().toJson());
        assertArrayEquals(before, Files.readAllBytes(file), "the store was written");

        Path fixed = dir.resolve("fixed.json");
        Files.writeString(fixed, "[\n" + RIFF + "\n]\n");
        Files.move(fixed, file, StandardCopyOption.ATOMIC_MOVE); // as an editor saves it
        assertEquals(RIFF, browser.awaitTrack("riff").toJson());
        assertEquals(RIFF, seenByA.take().toJson());
        assertEquals(
            "the store " + file + " reads again: sharing 1 track", lines.await("reads again"));
        seenByA.assertExhausted();
      }
    }
  }

  @Test
  void aStoreThatCannotBeReadAtAllStopsItBeforeConnecting() {
    JamException e =
        assertThrows(
            JamException.class,
            () ->
                TrackPeer.start(url(), FAST, new Store(dir), new RecordingSink(), Reporter.SILENT));
    assertEquals(ExitCode.IO, e.exitCode()); // a folder, not a file
    assertEquals(0, relay.peers());
  }

  @Test
  void endsWhenTheSinkHasHadEnoughAndClosesWith1000() throws InterruptedException {
    TrackPeer.Sink one = t -> false;
    try (TrackPeer a = TrackPeer.start(url(), FAST, store("a.json", RIFF), one, Reporter.SILENT)) {
      assertTrue(a.await(RecordingClient.WAIT));
    }
    assertEquals(1000, closeCodes.poll(10, TimeUnit.SECONDS));
  }

  /**
   * A store over the relay's message limit reaches other peers in parts, and a track too big for
   * any one message is named once and left out, rather than the relay closing every answer with
   * 1009 and the peer reconnecting and sending it again, for good, so that none of its tracks
   * reaches anyone.
   */
  @Test
  void aStoreOverTheRelaysLimitGoesInPartsAndATrackTooBigIsLeftOut() throws Exception {
    restartRelay(64 << 10);
    List<String> small = tracks(300, 12); // ~150 KB in all: three messages of 64 KiB
    String huge =
        "{\"trackname\":\"huge\",\"data\":" + steps(3000) + ",\"id\":\"huge-1\"}"; // ~100 KB
    List<String> all = new java.util.ArrayList<>(small);
    all.add(150, huge);
    java.io.StringWriter warnings = new java.io.StringWriter();
    Reporter reporter =
        new jam.StreamReporter(new java.io.PrintWriter(warnings, true), false, false);
    Session.Options quick =
        new Session.Options(
            Duration.ofSeconds(10),
            true,
            Duration.ofMillis(20),
            Duration.ofMillis(200),
            jam.tls.ClientTrust.defaults());
    RecordingSink seenByB = new RecordingSink();
    try (TrackPeer a =
            TrackPeer.start(
                url(),
                quick,
                store("a.json", all.toArray(new String[0])),
                new RecordingSink(),
                reporter);
        TrackPeer b = start(store("b.json"), seenByB)) {
      Set<String> names = names(seenByB.take(300));
      assertEquals(300, names.size());
      assertTrue(!names.contains("huge"), "the huge track arrived");
      Thread.sleep(
          500); // time for a loop of 1009s to show itself: what must not happen has no event to
      // wait for
      seenByB.assertExhausted();
      String said = warnings.toString();
      List<String> named = said.lines().filter(l -> l.contains("\"huge\"")).toList();
      assertEquals(1, named.size(), "named once:\n" + said);
      assertTrue(
          named
              .get(0)
              .matches(
                  "jam: \"huge\" is 8\\d KiB as JSON, over the \\d+ KiB jam sends this relay in one message"
                      + " \\(it refused more\\): not shared"),
          said);
      assertTrue(said.contains("(1009); sharing in messages of at most "), said);
    }
  }

  /**
   * A newcomer gets the whole of a store that went out in parts before it joined, from the relay,
   * which asks only the newcomer: before, the relay kept one message's worth per peer, so the
   * newcomer got the last part only.
   */
  @Test
  void aNewcomerGetsAllOfAStoreSharedInPartsBeforeItJoined() throws Exception {
    restartRelay(64 << 10);
    List<String> tracks = tracks(300, 12); // ~150 KB in all: three messages of 64 KiB
    RecordingSink seenByA = new RecordingSink();
    RecordingSink seenByB = new RecordingSink();
    try (TrackPeer a = start(store("a.json", tracks.toArray(new String[0])), seenByA)) {
      assertEquals(300, names(seenByA.take(300)).size()); // every part went out, and came back
      try (TrackPeer b = start(store("b.json"), seenByB)) {
        assertEquals(300, names(seenByB.take(300)).size());
      }
    }
  }

  /**
   * A relay that refuses even 16 KiB: the peer stops sharing with it, says so once, and stays
   * connected.
   */
  @Test
  void aRelayThatRefusesEvenSmallMessagesEndsTheSharingNotTheConnection() throws Exception {
    restartRelay(8 << 10);
    List<String> tracks = tracks(100, 24); // ~70 KB, each track ~700 bytes
    java.io.StringWriter warnings = new java.io.StringWriter();
    Reporter reporter =
        new jam.StreamReporter(new java.io.PrintWriter(warnings, true), false, false);
    Session.Options quick =
        new Session.Options(
            Duration.ofSeconds(10),
            true,
            Duration.ofMillis(20),
            Duration.ofMillis(200),
            jam.tls.ClientTrust.defaults());
    RecordingSink seenByA = new RecordingSink();
    try (TrackPeer a =
            TrackPeer.start(
                url(), quick, store("a.json", tracks.toArray(new String[0])), seenByA, reporter);
        RecordingClient other = RecordingClient.connect(relay.url())) {
      Wait.atMost(Duration.ofSeconds(30))
          .until(() -> warnings.toString().contains("not sharing this store"));
      Thread.sleep(
          1000); // time for a loop of 1009s to show itself: what must not happen has no event to
      // wait for
      String said = warnings.toString();
      assertEquals(
          1,
          said.lines()
              .filter(
                  l ->
                      l.contains(
                          "the relay refuses even messages of 16 KiB (1009): not sharing this store"))
              .count(),
          said);
      long lost = said.lines().filter(l -> l.contains(" lost ")).count();
      other.send("[" + BASS + "]"); // the peer is connected and still hears the others
      assertEquals(BASS, seenByA.take().toJson());
      assertEquals(
          lost,
          warnings.toString().lines().filter(l -> l.contains(" lost ")).count(),
          "reconnected again:\n" + warnings);
    }
  }

  /** This test's relay replaced by one that takes messages of at most {@code maxMessage} bytes. */
  private void restartRelay(int maxMessage) {
    relay.close();
    relay =
        Relay.start(
            RelayConfig.loopback().toBuilder().maxMessage(maxMessage).build(), new CloseRecorder());
  }

  /** {@code n} tracks "t0", "t1", ... (ids "t-0", ...) of {@code steps} steps each, as JSON. */
  private static List<String> tracks(int n, int steps) {
    List<String> tracks = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      tracks.add(
          "{\"trackname\":\"t" + i + "\",\"data\":" + steps(steps) + ",\"id\":\"t-" + i + "\"}");
    }
    return tracks;
  }

  /** {@code n} steps of four frequencies. */
  private static String steps(int n) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      s.append(i == 0 ? "" : ",").append("[440.25,null,580.5,332.125]");
    }
    return s.append(']').toString();
  }

  private TrackPeer start(Store store, TrackPeer.Sink sink) {
    return TrackPeer.start(url(), FAST, store, sink, Reporter.SILENT);
  }

  private URI url() {
    return URI.create(relay.url());
  }

  private Store store(String name, String... tracks) {
    Store store = new Store(dir.resolve(name));
    if (tracks.length > 0) {
      store.add(java.util.Arrays.stream(tracks).map(Track::parse).toList());
    }
    return store;
  }

  private static Set<String> names(List<Track> tracks) {
    return tracks.stream().map(Track::name).collect(Collectors.toSet());
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""; // as JSON.stringify(track)
  }

  private final class CloseRecorder implements RelayListener {
    @Override
    public void left(InetSocketAddress peer, int peers, int code, String reason) {
      closeCodes.add(code);
    }
  }
}
