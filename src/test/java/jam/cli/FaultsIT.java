package jam.cli;

import static jam.testing.JamProcess.jam;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jam.testing.JamProcess;
import jam.testing.Wait;
import jam.track.Store;
import jam.track.Track;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults through the real launcher: a relay killed with SIGKILL and started again, add-track killed
 * at random moments, a full disk. The long versions are scripts (scripts/kill-add-track.sh,
 * bench/soak.sh); see docs/reliability.md.
 */
class FaultsIT {
  private static final String SECRET = "faults-secret";

  /** Runs of the kill -9 loop in CI; scripts/kill-add-track.sh does 1,000. */
  private static final int KILL_RUNS = 24;

  @TempDir Path dir;

  @Test
  void everyJoinReconnectsAfterTheRelayIsKilledAndRestartedAndNoTrackIsLost() throws Exception {
    Path a =
        store("a.json", "{\"trackname\":\"alpha\",\"data\":[[440,null,null,null]],\"id\":\"a-1\"}");
    Path b =
        store("b.json", "{\"trackname\":\"beta\",\"data\":[[220,null,null,null]],\"id\":\"b-1\"}");
    byte[] bBefore = Files.readAllBytes(b);
    int port = freePort();
    String url = "ws://127.0.0.1:" + port + "/socket";
    Map<String, String> env = Map.of("JAM_TOKEN", SECRET);
    JamProcess relay = serve(env, port);
    try (JamProcess joinA = jam(dir, env, "join", "--json", "--store", a.toString(), url);
        JamProcess joinB =
            jam(dir, Map.of(), "join", "--json", "--token", SECRET, "--store", b.toString(), url)) {
      assertEquals(Set.of("alpha", "beta"), names(joinA, 2));
      assertEquals(Set.of("alpha", "beta"), names(joinB, 2));

      relay.close(); // SIGKILL: no close frames, the sockets just break
      joinA.awaitErr("lost");
      joinB.awaitErr("lost");
      relay = serve(env, port);
      joinA.awaitErr("reconnected to " + url + "?token=***");
      joinB.awaitErr("reconnected to " + url + "?token=***");

      // re-shared: a peer that arrives after the restart gets both tracks from the reconnected
      // joins
      try (JamProcess late =
          jam(
              dir,
              env,
              "join",
              "--json",
              "--count",
              "2",
              "--store",
              dir.resolve("c.json").toString(),
              url)) {
        assertEquals(Set.of("alpha", "beta"), names(late, 2));
        assertEquals(0, late.exitCode(30), late.err());
      }
      // and a track added after the restart still travels
      Path gamma = dir.resolve("gamma.json");
      Files.writeString(
          gamma, "{\"trackname\":\"gamma\",\"data\":[[330,null,null,null]],\"id\":\"g-1\"}");
      assertEquals(
          0,
          JamProcess.run(dir, Map.of(), "add-track", "--store", a.toString(), gamma.toString())
              .exitCode());
      assertEquals(Set.of("gamma"), names(joinB, 1));

      joinA.terminate();
      joinB.terminate();
      assertEquals(0, joinA.exitCode(30), joinA.err());
      assertEquals(0, joinB.exitCode(30), joinB.err());
      assertTrue(
          !joinA.err().contains(SECRET) && !joinB.err().contains(SECRET), "the token was printed");
    } finally {
      relay.close();
    }
    assertArrayEquals(bBefore, Files.readAllBytes(b), "b's store changed");
    List<Track> aTracks = new Store(a).read();
    assertEquals(List.of("alpha", "gamma"), aTracks.stream().map(Track::name).toList());
  }

  @Test
  void addTrackKilledAtRandomMomentsLeavesTheOldOrTheNewStore() throws Exception {
    Path s = store("s.json", "{\"trackname\":\"t0\",\"data\":[[1,2,3,4]]}");
    Random random = new Random(7);
    // kill moments are drawn over 0 to 2 times one whole run, however fast this machine is today
    long started = System.nanoTime();
    Path first = dir.resolve("t0b.json");
    Files.writeString(first, "{\"trackname\":\"t0b\",\"data\":[[1,2,3,4]]}");
    assertEquals(
        0,
        JamProcess.run(dir, Map.of(), "add-track", "--store", s.toString(), first.toString())
            .exitCode());
    int span = (int) Math.max(200, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) * 2);
    int completed = 0;
    for (int run = 1; run <= KILL_RUNS; run++) {
      byte[] before = Files.readAllBytes(s);
      int tracksBefore = new Store(s).read().size();
      Path in = dir.resolve("t" + run + ".json");
      Files.writeString(
          in,
          "{\"trackname\":\"t"
              + run
              + "\",\"data\":["
              + "[440,null,580,332],".repeat(200)
              + "[1,2,3,4]]}");
      long delay = random.nextInt(span);
      try (JamProcess add =
          jam(dir, Map.of(), "add-track", "--store", s.toString(), in.toString())) {
        if (!add.process().waitFor(delay, TimeUnit.MILLISECONDS)) {
          add.process().destroyForcibly(); // SIGKILL
        }
        add.process().waitFor(30, TimeUnit.SECONDS);
      }
      List<Track> after = new Store(s).read(); // a DATA JamException here means a broken store
      if (after.size() == tracksBefore) {
        assertArrayEquals(before, Files.readAllBytes(s), "run " + run + ": neither old nor new");
      } else {
        assertEquals(tracksBefore + 1, after.size(), "run " + run);
        assertEquals("t" + run, after.get(after.size() - 1).name(), "run " + run);
        completed++;
      }
      try (var files = Files.list(dir)) {
        files
            .filter(f -> f.getFileName().toString().endsWith(".tmp"))
            .forEach(f -> f.toFile().delete());
      }
    }
    System.out.println(
        "kill -9 loop: "
            + KILL_RUNS
            + " runs over 0-"
            + span
            + " ms, "
            + completed
            + " completed before the kill");
  }

  @Test
  void aFullDiskIsAClearErrorAndTheOldStoreStaysIntact() throws Exception {
    Path mount = Files.createDirectory(dir.resolve("tiny"));
    Process m =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString())
            .redirectErrorStream(true)
            .start();
    String why = new String(m.getInputStream().readAllBytes());
    Assumptions.assumeTrue(
        m.waitFor() == 0, "cannot mount a tmpfs here (needs root): " + why.strip());
    try {
      Path s = mount.resolve("s.json");
      Files.writeString(s, "[\n{\"trackname\":\"old\",\"data\":[[1,2,3,4]]}\n]\n");
      byte[] before = Files.readAllBytes(s);
      Path big = dir.resolve("big.json");
      Files.writeString(
          big,
          "{\"trackname\":\"big\",\"data\":["
              + "[440,null,null,null],".repeat(5000)
              + "[1,2,3,4]]}");
      JamProcess.Result r =
          JamProcess.run(dir, Map.of(), "add-track", "--store", s.toString(), big.toString());
      assertEquals(5, r.exitCode(), r.err());
      assertEquals(
          "jam: cannot write the store "
              + s
              + ": no space left on device (the store is unchanged)\n",
          r.err());
      assertArrayEquals(before, Files.readAllBytes(s));
      try (var files = Files.list(mount)) {
        assertTrue(
            files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")),
            "temp file left behind");
      }
    } finally {
      new ProcessBuilder("umount", mount.toString()).start().waitFor();
    }
  }

  private Path store(String name, String trackJson) throws IOException {
    Path s = dir.resolve(name);
    Files.writeString(s, "[\n" + trackJson + "\n]\n");
    return s;
  }

  /**
   * jam serve on {@code port}, once the port can be bound again (a killed relay's sockets close on
   * their own time).
   */
  private JamProcess serve(Map<String, String> env, int port) {
    Wait.atMost(Duration.ofSeconds(30))
        .alias("port " + port + " free to bind")
        .until(() -> canBind(port));
    JamProcess p = jam(dir, env, "serve", "--host", "127.0.0.1", "--port", Integer.toString(port));
    if (p.readLine() == null) {
      fail("jam serve on port " + port + " exited " + p.exitCode() + ": " + p.err());
    }
    return p;
  }

  /**
   * Whether a listening socket can be bound to 127.0.0.1:{@code port} as jam serve binds it
   * (address reuse on).
   */
  private static boolean canBind(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Set<String> names(JamProcess join, int n) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < n; i++) {
      names.add(Track.parse(join.nextLine()).name()); // fails, with stderr, if join ends early
    }
    return names;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
