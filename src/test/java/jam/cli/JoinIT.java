package jam.cli;

import static jam.testing.JamProcess.jam;
import static jam.testing.JamProcess.shell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.Reporter;
import jam.peer.Session;
import jam.peer.TrackPeer;
import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.testing.JamProcess;
import jam.testing.Needs;
import jam.testing.NodeRelay;
import jam.testing.RecordingClient;
import jam.testing.RecordingSink;
import jam.track.Store;
import jam.track.Track;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jam join through bin/jam against a real relay (jam's own, in this JVM, and the tutorials' Node
 * relay).
 */
class JoinIT {
  static final String RIFF =
      "{\"trackname\":\"riff\",\"data\":[[440,null,580,332],[220,null,null,709]],\"city\":\"London\",\"countryCode\":\"gb\","
          + "\"tempo\":329.6275569128699,\"gain\":0.1,\"far\":1e400,\"extra\":{\"anything\":[true,null,\"x\"]}}";
  static final String BASS =
      "{\"trackname\":\"bass\",\"data\":[[110,null,null,null]],\"id\":\"bass-1\"}";

  @TempDir Path dir;
  Relay relay;
  final BlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();

  @BeforeEach
  void startRelay() {
    relay = Relay.start(RelayConfig.loopback(), new CloseCodes());
  }

  @AfterEach
  void stopRelay() {
    relay.close();
  }

  @Test
  void unknownFieldsSurviveAddTrackThenJoinThenJoinJson() throws Exception {
    Files.writeString(dir.resolve("riff.json"), RIFF);
    try (JamProcess add = jam(dir, Map.of(), "add-track", "--store", "a.json", "riff.json")) {
      assertEquals(0, add.exitCode(), add.err());
    }
    String stored = new Store(dir.resolve("a.json")).read().get(0).toJson();
    try (JamProcess a = jam(dir, Map.of(), "join", "--mute", "--store", "a.json", relay.url())) {
      assertEquals(
          "riff (2 steps, from London, gb)", a.nextLine()); // its own track, back from the relay
      try (JamProcess b =
          jam(
              dir,
              Map.of(),
              "join",
              "--mute",
              "--json",
              "--count",
              "1",
              "--store",
              "b.json",
              relay.url())) {
        assertEquals(stored, b.nextLine());
        assertEquals(0, b.exitCode(), b.err());
        assertEquals("jam: connected to " + relay.url() + "\n", b.err());
      }
      a.terminate();
      assertEquals(0, a.exitCode(), a.err());
      assertEquals("riff (2 steps, from London, gb)\n", a.out());
    }
    assertEquals(1000, closeCodes.poll(10, TimeUnit.SECONDS));
    assertEquals(1000, closeCodes.poll(10, TimeUnit.SECONDS));
  }

  @Test
  void pipedJoinWritesOnlyJsonWithoutEscapeCodesOrTerminalWarnings() throws Exception {
    new Store(dir.resolve("a.json")).add(List.of(Track.parse(RIFF)));
    // the pipeline: stdin is not a terminal, stdout a pipe; no JLine terminal is built at
    // all
    String script = "jam join --json --mute --store a.json " + relay.url() + " < /dev/null | cat";
    try (JamProcess p = shell(dir, Map.of(), script)) {
      String line = p.nextLine();
      assertTrue(line.startsWith("{\"trackname\":\"riff\""), line);
      p.process()
          .descendants()
          .filter(JoinIT::isJava)
          .forEach(ProcessHandle::destroy); // SIGTERM to jam join; cat then ends
      assertEquals(0, p.exitCode(), p.err());
      assertFalse((p.out() + p.err()).contains("\u001b"), "an escape code: " + p.out() + p.err());
      for (String out : p.out().lines().toList()) {
        assertEquals(out, Track.parse(out).toJson()); // nothing but tracks, exactly
      }
      assertEquals("jam: connected to " + relay.url() + "\n", p.err());
    }
  }

  @Test
  void ctrlCClosesWith1000AndExitsZero() throws Exception {
    try (JamProcess join =
        jam(dir, Map.of("JAM_URL", relay.url()), "join", "--mute", "--store", "a.json")) {
      join.awaitErr("connected to " + relay.url());
      join.interrupt();
      assertEquals(0, join.exitCode(), join.err());
    }
    assertEquals(1000, closeCodes.poll(10, TimeUnit.SECONDS));
  }

  @Test
  void joinJsonThroughJq() throws Exception {
    Needs.programs("jq");
    Files.writeString(dir.resolve("riff.json"), RIFF);
    // the README's pipeline, with the default store (under HOME) and the relay from $JAM_URL; jq's
    // output
    // is a pipe here, not a terminal, so it needs --unbuffered to pass each name on at once
    String script =
        "jam add-track riff.json >/dev/null && jam join --mute --json | jq --unbuffered -r .trackname";
    try (JamProcess p = shell(dir, Map.of("JAM_URL", relay.url()), script)) {
      assertEquals("riff", p.nextLine());
      p.process()
          .descendants()
          .filter(JoinIT::isJava)
          .forEach(ProcessHandle::destroy); // SIGTERM to jam join
      assertEquals(0, p.exitCode(), p.err());
      assertEquals("riff\n", p.out());
    }
  }

  @Test
  void aClosedStdoutEndsJoinQuietly() throws Exception {
    new Store(dir.resolve("a.json")).add(List.of(Track.parse(RIFF)));
    String script =
        "jam join --mute --json --store a.json "
            + relay.url()
            + " | head -1; echo \"join exited ${PIPESTATUS[0]}\" >&2";
    try (JamProcess p = shell(dir, Map.of(), script);
        RecordingClient browser = RecordingClient.connect(relay.url())) {
      assertTrue(p.nextLine().startsWith("{\"trackname\":\"riff\""));
      // head is gone: join notices at its next line, so keep sharing new tracks until it has
      for (int i = 0; i < 300 && p.process().isAlive(); i++) {
        browser.send("[{\"trackname\":\"more-" + i + "\"}]");
        p.process().waitFor(100, TimeUnit.MILLISECONDS);
      }
      assertEquals(0, p.exitCode());
      assertEquals("jam: connected to " + relay.url() + "\njoin exited 0\n", p.err());
    }
  }

  @Test
  void countAndExitAfterForScripts() throws Exception {
    new Store(dir.resolve("a.json")).add(List.of(Track.parse(RIFF)));
    try (JamProcess p =
        shell(
            dir,
            Map.of("JAM_URL", relay.url()),
            "jam join --mute --json --count 1 --exit-after 10s --store a.json > first.json")) {
      assertEquals(0, p.exitCode(), p.err());
    }
    assertEquals(
        new Store(dir.resolve("a.json")).read().get(0).toJson() + "\n",
        Files.readString(dir.resolve("first.json")));
    try (JamProcess p =
        jam(
            dir,
            Map.of(),
            "join",
            "--mute",
            "-q",
            "--exit-after",
            "500ms",
            "--store",
            "empty.json",
            relay.url())) {
      assertEquals(0, p.exitCode(), p.err());
      assertEquals("", p.out() + p.err());
    }
  }

  @Test
  void sharesATrackAddedFromAnotherTerminal() throws Exception {
    Files.writeString(dir.resolve("riff.json"), RIFF);
    try (RecordingClient browser = RecordingClient.connect(relay.url());
        JamProcess join =
            jam(dir, Map.of(), "join", "--mute", "--json", "--store", "a.json", relay.url())) {
      join.awaitErr("connected to");
      try (JamProcess add = jam(dir, Map.of(), "add-track", "--store", "a.json", "riff.json")) {
        assertEquals(0, add.exitCode(), add.err());
      }
      String line = join.nextLine();
      assertTrue(line.startsWith("{\"trackname\":\"riff\""), line);
      assertEquals(line, browser.awaitTrack("riff").toJson());
      join.terminate();
      assertEquals(0, join.exitCode(), join.err());
    }
  }

  @Test
  void acceptsEveryPayloadShapeAndNamesWhatItIgnoresUnderVerbose() throws Exception {
    try (JamProcess join =
            jam(dir, Map.of(), "join", "--mute", "-v", "--json", "--store", "a.json", relay.url());
        RecordingClient browser = RecordingClient.connect(relay.url())) {
      join.awaitErr("connected to");
      browser.send("[\"" + BASS.replace("\"", "\\\"") + "\"]");
      assertEquals(BASS, join.nextLine());
      browser.send("{\"riff\":" + RIFF + "}");
      assertEquals(RIFF, join.nextLine());
      browser.send("hello \u001b[31m");
      assertEquals(
          "jam: ignored a message that is not JSON (1:1: unexpected character 'h' (expected a value)): hello \\e[31m",
          join.awaitErr("ignored a message"));
      join.terminate();
      assertEquals(0, join.exitCode(), join.err());
    }
  }

  @Test
  void reconnectsWhenTheRelayComesBack() throws Exception {
    new Store(dir.resolve("a.json")).add(List.of(Track.parse(BASS)));
    int port = relay.port();
    try (JamProcess join = jam(dir, Map.of(), "join", "--mute", "--store", "a.json", relay.url())) {
      join.awaitErr("connected to");
      relay.close();
      String lost = join.awaitErr("lost");
      // the relay says 1001 "going away" as it stops; on a busy machine the socket may break first
      // (1006)
      assertTrue(
          lost.startsWith("jam: connection to " + relay.url() + " lost (")
              && lost.endsWith("); reconnecting"),
          lost);
      relay = Relay.start(RelayConfig.builder().port(port).build(), new CloseCodes());
      assertEquals("jam: reconnected to " + relay.url(), join.awaitErr("reconnected"));
      try (RecordingClient newcomer = RecordingClient.connect(relay.url())) {
        assertEquals(BASS, newcomer.awaitTrack("bass").toJson());
      }
      join.terminate();
      assertEquals(0, join.exitCode(), join.err());
    }
  }

  @Test
  void withoutReconnectALostRelayExits4() {
    try (JamProcess join =
        jam(dir, Map.of(), "join", "--mute", "--no-reconnect", "--store", "a.json", relay.url())) {
      join.awaitErr("connected to");
      relay.close();
      assertEquals(4, join.exitCode());
      String last = join.err().lines().reduce((a, b) -> b).orElse("");
      assertTrue(last.startsWith("jam: connection to " + relay.url() + " lost: "), join.err());
    }
  }

  @Test
  void withoutReconnectingAnUnreachableRelayIsOneLineNamingTheUrl() throws IOException {
    String nowhere = "ws://127.0.0.1:" + freePort() + "/socket";
    // without --no-reconnect it waits for the relay: JoinStartIT
    try (JamProcess join =
        jam(dir, Map.of(), "join", "--mute", "--no-reconnect", "--store", "a.json", nowhere)) {
      assertEquals(4, join.exitCode());
      assertEquals("jam: cannot connect to " + nowhere + ": connection refused\n", join.err());
      assertEquals("", join.out());
    }
    try (JamProcess join = jam(dir, Map.of(), "join", "--mute", "http://example.org")) {
      assertEquals(2, join.exitCode());
      assertTrue(join.err().startsWith("jam: 'http://example.org' is not a relay URL"), join.err());
    }
  }

  @Test
  void worksAgainstTheTutorialsNodeRelay() throws Exception {
    try (NodeRelay node = NodeRelay.start()) {
      URI url = node.url();
      new Store(dir.resolve("a.json")).add(List.of(Track.parse(RIFF)));
      Store storeB = new Store(dir.resolve("b.json"));
      storeB.add(List.of(Track.parse(BASS)));
      RecordingSink seenByB = new RecordingSink();
      try (JamProcess a =
              jam(
                  dir,
                  Map.of(),
                  "join",
                  "--mute",
                  "--json",
                  "--count",
                  "2",
                  "--store",
                  "a.json",
                  url.toString());
          TrackPeer b =
              TrackPeer.start(url, Session.Options.defaults(), storeB, seenByB, Reporter.SILENT)) {
        assertEquals(Set.of("riff", "bass"), Set.of(name(a.nextLine()), name(a.nextLine())));
        assertEquals(0, a.exitCode(), a.err());
        assertEquals(
            Set.of("riff", "bass"),
            seenByB.take(2).stream().map(Track::name).collect(Collectors.toSet()));
      }
    }
  }

  private static String name(String json) {
    return Track.parse(json).name();
  }

  private static boolean isJava(ProcessHandle p) {
    return p.info().command().map(c -> c.endsWith("/java")).orElse(false);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  private final class CloseCodes implements RelayListener {
    @Override
    public void left(InetSocketAddress peer, int peers, int code, String reason) {
      closeCodes.add(code);
    }
  }
}
