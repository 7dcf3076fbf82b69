package jam.cli;

import static jam.testing.JamProcess.jam;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.JamException;
import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.testing.JamProcess;
import jam.testing.RecordingClient;
import jam.track.Store;
import jam.track.Track;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jam join through bin/jam started in any order: before its relay (it waits, then joins), and with
 * a store that is not valid JSON (it joins, shares none of it, never writes it).
 */
class JoinStartIT {
  static final String ALPHA =
      "{\"trackname\":\"alpha\",\"data\":[[440,null,null,null]],\"id\":\"a-1\"}";
  static final String BETA =
      "{\"trackname\":\"beta\",\"data\":[[220,null,null,null]],\"id\":\"b-1\"}";

  @TempDir Path dir;

  @Test
  void aJoinStartedBeforeItsRelayWaitsWithOneLineThenJoinsWhenItIsUp() throws Exception {
    Files.writeString(dir.resolve("a.json"), "[\n" + ALPHA + "\n]\n");
    Files.writeString(dir.resolve("b.json"), "[\n" + BETA + "\n]\n");
    int port = freePort();
    String url = "ws://127.0.0.1:" + port + "/socket";
    try (JamProcess join =
        jam(dir, Map.of(), "join", "--mute", "--json", "--store", "a.json", url)) {
      assertEquals("jam: waiting for " + url + " (connection refused)", join.awaitErr("waiting"));
      try (JamProcess relay = serve(port)) {
        join.awaitErr("connected to " + url);
        // it works: its own track goes round, and it gets another peer's, which gets its
        try (JamProcess other =
            jam(
                dir, Map.of(), "join", "--mute", "--json", "--count", "2", "--store", "b.json",
                url)) {
          assertEquals(Set.of("alpha", "beta"), names(other, 2));
          assertEquals(0, other.exitCode(), other.err());
        }
        assertEquals(Set.of("alpha", "beta"), names(join, 2));
        join.terminate();
        assertEquals(0, join.exitCode(), join.err());
      }
      // one line for the waiting however many attempts failed, one when it connected
      assertEquals(
          "jam: waiting for " + url + " (connection refused)\njam: connected to " + url + "\n",
          join.err());
    }
  }

  @Test
  void exitAfterBoundsTheWait() throws IOException {
    String nowhere = "ws://127.0.0.1:" + freePort() + "/socket";
    try (JamProcess join =
        jam(dir, Map.of(), "join", "--mute", "--exit-after", "1s", "--store", "a.json", nowhere)) {
      assertEquals(0, join.exitCode(), join.err());
      assertEquals("jam: waiting for " + nowhere + " (connection refused)\n", join.err());
    }
  }

  @Test
  void aHostThatDoesNotResolveIsExit4AtOnceNotAWait() {
    String nowhere = "ws://no-such-host.invalid:8080/socket"; // .invalid never resolves (RFC 6761)
    // waiting would end with --exit-after, exit 0
    try (JamProcess join =
        jam(dir, Map.of(), "join", "--mute", "--exit-after", "60s", "--store", "a.json", nowhere)) {
      assertEquals(4, join.exitCode(), join.err());
      assertEquals(
          "jam: cannot connect to " + nowhere + ": unknown host no-such-host.invalid\n",
          join.err());
    }
  }

  @Test
  void aStoreThatIsNotJsonJoinsAnywaySharesNoneOfItAndIsNeverWritten() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "[\n" + ALPHA + ",\n{\"trackname\":");
    byte[] before = Files.readAllBytes(bad);
    String problem = assertThrows(JamException.class, () -> new Store(bad).read()).getMessage();
    assertTrue(problem.startsWith("corrupt store " + bad + ":3:14: "), problem);
    try (Relay relay = Relay.start(RelayConfig.loopback(), new RelayListener() {});
        JamProcess join =
            jam(
                dir,
                Map.of(),
                "-v",
                "join",
                "--mute",
                "--json",
                "--store",
                bad.toString(),
                relay.url())) {
      assertEquals(
          "jam: " + problem + "; sharing none of its tracks until it reads again",
          join.awaitErr("corrupt store"));
      join.awaitErr("collect: shared 0 tracks"); // it answered its collect, with nothing
      try (RecordingClient newcomer = RecordingClient.connect(relay.url());
          RecordingClient browser = RecordingClient.connect(relay.url())) {
        newcomer.assertText("collect");
        browser.send("[" + JoinIT.BASS + "]");
        // all the relay hands the newcomer from join holds no track: at most its empty array, then
        // bass
        String m = newcomer.nextText();
        assertEquals("[" + JoinIT.BASS + "]", m.equals("[]") ? newcomer.nextText() : m);
        assertEquals(
            JoinIT.BASS, join.nextLine()); // tracks from others arrive; the store stays as it was
        assertArrayEquals(before, Files.readAllBytes(bad), "the store was written");

        // fixed while join runs (saved whole, as an editor does): shared at once
        Path fixed = dir.resolve("fixed.json");
        Files.writeString(fixed, "[\n" + ALPHA + "\n]\n");
        Files.move(fixed, bad, StandardCopyOption.ATOMIC_MOVE);
        assertEquals(
            "jam: the store " + bad + " reads again: sharing 1 track",
            join.awaitErr("reads again"));
        assertEquals(ALPHA, newcomer.awaitTrack("alpha").toJson());
        assertEquals(ALPHA, join.nextLine());
      }
      join.terminate();
      assertEquals(0, join.exitCode(), join.err());
      assertEquals(
          1, join.err().lines().filter(l -> l.contains("corrupt store")).count(), join.err());
      assertEquals(JoinIT.BASS + "\n" + ALPHA + "\n", join.out());
      assertEquals(
          "[\n" + ALPHA + "\n]\n", Files.readString(bad)); // what the user saved, untouched
    }
  }

  /** bin/jam serve on {@code port}, once it accepts connections (its first line, the URL). */
  private JamProcess serve(int port) {
    JamProcess p =
        jam(dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", Integer.toString(port));
    assertEquals("ws://127.0.0.1:" + port + "/socket", p.readLine(), p.err());
    return p;
  }

  private static Set<String> names(JamProcess join, int n) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < n; i++) {
      names.add(Track.parse(join.nextLine()).name());
    }
    return names;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }
}
