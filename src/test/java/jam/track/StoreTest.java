package jam.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.ExitCode;
import jam.JamException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  @TempDir Path dir;

  @Test
  void locatesTheStoreByOptionThenEnvironment() {
    String home = "/home/u";
    assertEquals(Paths.get("x.json"), Store.locate("x.json", Map.of("JAM_STORE", "/j.json"), home));
    assertEquals(
        Paths.get("/j.json"),
        Store.locate(null, Map.of("JAM_STORE", "/j.json", "XDG_DATA_HOME", "/xdg"), home));
    assertEquals(
        Paths.get("/xdg/jam/tracks.json"),
        Store.locate(null, Map.of("JAM_STORE", "", "XDG_DATA_HOME", "/xdg"), home));
    assertEquals(
        Paths.get("/home/u/.local/share/jam/tracks.json"),
        Store.locate(null, Map.of("XDG_DATA_HOME", "rel"), home));
    assertEquals(
        Paths.get("/home/u/.local/share/jam/tracks.json"), Store.locate(null, Map.of(), home));
    assertEquals(
        Paths.get("/h/.local/share/jam/tracks.json"),
        Store.locate(null, Map.of("HOME", "/h"), home));
  }

  @Test
  void aMissingOrEmptyStoreHasNoTracks() throws IOException {
    assertEquals(List.of(), new Store(dir.resolve("none/tracks.json")).read());
    Files.writeString(dir.resolve("empty.json"), "\n");
    assertEquals(List.of(), new Store(dir.resolve("empty.json")).read());
  }

  @Test
  void addCreatesFoldersWritesAnArrayAndAssignsIds() throws IOException {
    Store store = new Store(dir.resolve("a/b/tracks.json"));
    Track riff = Track.parse(TrackTest.RIFF);
    Track withId = Track.parse("{\"id\":\"mine\",\"trackname\":\"b\",\"x\":1e400}");
    Store.Added added = store.add(List.of(riff, withId));

    assertEquals(2, added.added().size());
    String id = added.added().get(0).id().orElseThrow();
    assertTrue(id.matches("[0-9a-f]{16}"), id);
    assertEquals(riff.key(), id); // derived from the content: the same on every machine
    assertEquals(withId, added.added().get(1));
    assertEquals(added.added(), store.read());
    String text = Files.readString(store.path());
    assertEquals(
        "[\n"
            + riff.withId(id).toJson()
            + ",\n{\"id\":\"mine\",\"trackname\":\"b\",\"x\":1e400}\n]\n",
        text);
    assertTrue(Files.exists(dir.resolve("a/b/tracks.json.lock")));
    try (var files = Files.list(dir.resolve("a/b"))) {
      assertEquals(
          Set.of("tracks.json", "tracks.json.lock"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
  }

  @Test
  void aTrackAlreadyStoredIsNotStoredTwice() {
    Store store = new Store(dir.resolve("tracks.json"));
    Track riff = Track.parse(TrackTest.RIFF);
    Track stored = store.add(List.of(riff)).added().get(0);
    Track withId = Track.parse("{\"id\":\"mine\",\"trackname\":\"b\"}");
    store.add(List.of(withId));

    // the same file again (no id: same content), the same id with other content, and a copy within
    // one input
    Track riffRewritten =
        Track.parse(
            "{\"data\":[[440,null,580,332],[220,null,null,709.0]],\"trackname\":\"riff\",\"countryCode\":\"gb\",\"city\":\"London\"}");
    Track newOne = Track.parse("{\"trackname\":\"new\"}");
    Store.Added again =
        store.add(
            List.of(
                riffRewritten,
                Track.parse("{\"id\":\"mine\",\"trackname\":\"other\"}"),
                newOne,
                newOne));

    assertEquals(1, again.added().size());
    assertEquals("new", again.added().get(0).name());
    assertEquals(3, again.duplicates().size());
    assertEquals(stored, again.duplicates().get(0).existing());
    assertEquals(withId, again.duplicates().get(1).existing());
    assertEquals(again.added().get(0), again.duplicates().get(2).existing());
    assertEquals(3, store.read().size());
  }

  @Test
  void aCorruptStoreIsRefusedAndLeftIntact() throws IOException {
    Path file = dir.resolve("tracks.json");
    byte[] corrupt = "[\n{\"trackname\":\"a\"},\n{\"trackname\":".getBytes(StandardCharsets.UTF_8);
    Files.write(file, corrupt);
    Store store = new Store(file);

    JamException read = assertThrows(JamException.class, store::read);
    assertEquals(ExitCode.DATA, read.exitCode());
    assertTrue(
        read.getMessage().startsWith("corrupt store " + file + ":3:14: "), read.getMessage());
    JamException add =
        assertThrows(
            JamException.class, () -> store.add(List.of(Track.parse("{\"trackname\":\"b\"}"))));
    assertEquals(ExitCode.DATA, add.exitCode());
    assertArrayEquals(corrupt, Files.readAllBytes(file));
  }

  @Test
  void aStoreThatIsNotAnArrayOfTracksIsRefused() throws IOException {
    for (String content : List.of("{\"trackname\":\"a\"}", "[1]", "[] []", "\"x\"")) {
      Path file = dir.resolve("tracks.json");
      Files.writeString(file, content);
      JamException e =
          assertThrows(JamException.class, () -> new Store(file).add(List.of(Track.parse("{}"))));
      assertEquals(ExitCode.DATA, e.exitCode(), content);
      assertEquals(content, Files.readString(file));
    }
  }

  @Test
  void twoThreadsAddingAtOnceLoseNoTrack() throws Exception {
    Path file = dir.resolve("tracks.json");
    int threads = 4;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String prefix = "t" + t;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  Store store =
                      new Store(file); // a Store of its own, as separate commands would have
                  for (int i = 0; i < each; i++) {
                    store.add(List.of(Track.parse("{\"trackname\":\"" + prefix + "-" + i + "\"}")));
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threads * each, names(new Store(file).read()).size());
  }

  @Test
  void twoProcessesAddingAtOnceLoseNoTrack() throws Exception {
    Path file = dir.resolve("tracks.json");
    int each = 15;
    List<Process> processes = new ArrayList<>();
    for (String prefix : List.of("p", "q")) {
      processes.add(
          new ProcessBuilder(
                  Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  StoreWriterMain.class.getName(),
                  file.toString(),
                  prefix,
                  Integer.toString(each))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve(prefix + ".log").toFile())
              .start());
    }
    for (Process p : processes) {
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "writer process still running");
      assertEquals(0, p.exitValue(), () -> "writer failed: " + log(dir));
    }
    Set<String> names = names(new Store(file).read());
    assertEquals(2 * each, names.size());
    assertTrue(names.contains("p-0") && names.contains("q-" + (each - 1)), names::toString);
  }

  @Test
  void watchCallsWhenAnotherWriterChangesTheStore() throws Exception {
    Path file = dir.resolve("sub/tracks.json");
    Store store = new Store(file);
    Semaphore changes = new Semaphore(0);
    try (Store.Watch w = store.watch(changes::release)) {
      store.add(List.of(Track.parse("{\"trackname\":\"one\"}"))); // creates the folder too
      assertTrue(changes.tryAcquire(10, TimeUnit.SECONDS), "no change seen");
      changes.drainPermits();
      new Store(file).add(List.of(Track.parse("{\"trackname\":\"two\"}")));
      assertTrue(changes.tryAcquire(10, TimeUnit.SECONDS), "no change seen");
    }
  }

  private static Set<String> names(List<Track> tracks) {
    Set<String> names = new HashSet<>();
    for (Track t : tracks) {
      assertTrue(names.add(t.name()), "stored twice: " + t.name());
    }
    return names;
  }

  private static String log(Path dir) {
    StringBuilder s = new StringBuilder();
    for (String p : List.of("p", "q")) {
      try {
        s.append(Files.readString(dir.resolve(p + ".log"))).append(File.separator);
      } catch (IOException e) {
        s.append(e);
      }
    }
    return s.toString();
  }
}
