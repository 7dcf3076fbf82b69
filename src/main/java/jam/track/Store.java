package jam.track;

import jam.ExitCode;
import jam.JamException;
import jam.file.Replacement;
import jam.text.JsonReader;
import jam.text.MalformedJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local track store: one file holding a JSON array of tracks, the value the browser app keeps
 * in localStorage under "tracks". Reads need no lock (writes replace the file by an atomic rename);
 * writes hold an exclusive lock on {@code FILE.lock} (and a lock per file within this JVM), write a
 * temporary file in the same folder, fsync it and rename it over the store, so concurrent writers
 * never lose a track and a failed write leaves the old store whole. A store that is not valid JSON
 * is never overwritten. Thread safe.
 */
public final class Store {
  /** The store's file name in the default locations. */
  public static final String FILE_NAME = "tracks.json";

  /** One lock per lock file within this JVM: file locks are held per process, not per thread. */
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path file;

  public Store(Path file) {
    this.file = file;
  }

  /**
   * Where the store is: {@code option} (from {@code --store}) when given, else {@code $JAM_STORE},
   * else {@code $XDG_DATA_HOME/jam/tracks.json}, else {@code ~/.local/share/jam/tracks.json}, where
   * {@code ~} is {@code $HOME} as in a shell, or {@code userHome} without one.
   */
  public static Path locate(String option, Map<String, String> env, String userHome) {
    if (option != null && !option.isEmpty()) {
      return Paths.get(option);
    }
    String jamStore = env.get("JAM_STORE");
    if (jamStore != null && !jamStore.isEmpty()) {
      return Paths.get(jamStore);
    }
    String xdg = env.get("XDG_DATA_HOME");
    if (xdg != null
        && !xdg.isEmpty()
        && Paths.get(xdg).isAbsolute()) { // the spec says relative ones are ignored
      return Paths.get(xdg, "jam", FILE_NAME);
    }
    String home = env.get("HOME");
    return Paths.get(
        home == null || home.isEmpty() ? userHome : home, ".local", "share", "jam", FILE_NAME);
  }

  public Path path() {
    return file;
  }

  /** The tracks in the store, in order; none when the file does not exist or is empty. */
  public List<Track> read() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new JamException(
          ExitCode.IO, "cannot read the store " + file + ": " + JamException.reason(e), e);
    }
    return parse(bytes);
  }

  private List<Track> parse(byte[] bytes) {
    try {
      return TrackInput.read(JsonReader.utf8(bytes), true);
    } catch (MalformedJson e) {
      throw new JamException(
          ExitCode.DATA,
          "corrupt store "
              + file
              + ":"
              + e.where()
              + " (jam will not overwrite it: fix or move it)");
    }
  }

  /**
   * What {@link #add} did.
   *
   * @param added the tracks written, in input order, each with its {@code "id"}
   * @param duplicates the inputs that were already in the store (or earlier in the input), skipped
   * @param namesakes the added tracks (as {@code input}) whose name a track stored before has
   *     ({@code existing}): an edited file added again, perhaps meant as {@code --replace}
   */
  public record Added(List<Track> added, List<Duplicate> duplicates, List<Duplicate> namesakes) {
    public Added {
      added = List.copyOf(added);
      duplicates = List.copyOf(duplicates);
      namesakes = List.copyOf(namesakes);
    }
  }

  /** An input track that was already stored as {@code existing}. */
  public record Duplicate(Track input, Track existing) {}

  /**
   * Adds the tracks that are not in the store yet, all in one atomic write under the lock. A track
   * with an {@code "id"} is a duplicate when a stored track has that id; a track without one is a
   * duplicate when a stored track has the same content apart from its id (so adding a file twice
   * stores it once), else it gets the {@code "id"} derived from its content ({@link Track#key()}),
   * the same on every machine. Nothing is written when nothing is new.
   */
  @SuppressWarnings("try") // held only to be released
  public Added add(List<Track> inputs) {
    try (Held held = lock()) {
      List<Track> all = new ArrayList<>(read());
      Map<String, Track> byIdentity = new HashMap<>();
      Map<String, Track> byContent = new HashMap<>();
      Map<String, Track> byName = new HashMap<>();
      for (Track t : all) {
        byIdentity.putIfAbsent(t.identity(), t);
        byContent.putIfAbsent(t.content(), t);
        if (t.name() != null) {
          byName.putIfAbsent(t.name(), t);
        }
      }
      List<Track> added = new ArrayList<>();
      List<Duplicate> duplicates = new ArrayList<>();
      List<Duplicate> namesakes = new ArrayList<>();
      for (Track input : inputs) {
        Track existing =
            input.id().isPresent()
                ? byIdentity.get(input.identity())
                : byContent.getOrDefault(input.content(), byIdentity.get(input.key()));
        if (existing != null) {
          duplicates.add(new Duplicate(input, existing));
          continue;
        }
        Track stored = input.id().isPresent() ? input : input.withId(input.key());
        Track namesake = stored.name() == null ? null : byName.get(stored.name());
        if (namesake != null) {
          namesakes.add(new Duplicate(stored, namesake));
        }
        byIdentity.put(stored.identity(), stored);
        byContent.putIfAbsent(stored.content(), stored);
        all.add(stored);
        added.add(stored);
      }
      if (!added.isEmpty()) {
        write(all);
      }
      return new Added(added, duplicates, namesakes);
    }
  }

  /**
   * Removes the tracks {@code idsOrNames} name (see {@link #named}), all in one atomic write under
   * the lock; the tracks removed, in store order. Nothing is written when one of them names no
   * track, or a name is shared by several ({@link ExitCode#USAGE}, naming it).
   */
  @SuppressWarnings("try") // held only to be released
  public List<Track> remove(List<String> idsOrNames) {
    try (Held held = lock()) {
      List<Track> all = new ArrayList<>(read());
      List<Track> gone = new ArrayList<>();
      for (String name : idsOrNames) {
        Track t = named(all, name);
        if (gone.stream().noneMatch(g -> g == t)) {
          gone.add(t);
        }
      }
      List<Track> kept = new ArrayList<>(all);
      kept.removeIf(t -> gone.stream().anyMatch(g -> g == t));
      if (!gone.isEmpty()) {
        write(kept);
      }
      List<Track> inOrder = new ArrayList<>(all);
      inOrder.removeIf(t -> gone.stream().noneMatch(g -> g == t));
      return inOrder;
    }
  }

  /**
   * What {@link #replace} did.
   *
   * @param replaced the new versions written, in input order, each with the id of the track it
   *     replaced
   * @param unchanged the stored tracks the input held already as they are
   */
  public record Replaced(List<Track> replaced, List<Track> unchanged) {
    public Replaced {
      replaced = List.copyOf(replaced);
      unchanged = List.copyOf(unchanged);
    }
  }

  /**
   * Replaces stored tracks with new versions, all in one atomic write under the lock: an input with
   * an {@code "id"} replaces the stored track with that id, one without the only stored track of
   * its {@code trackname}; the new version keeps the old one's id and place. Nothing is written
   * when an input matches no track or several ({@link ExitCode#USAGE}), when two inputs match one
   * track, or when nothing changes.
   */
  @SuppressWarnings("try") // held only to be released
  public Replaced replace(List<Track> inputs) {
    try (Held held = lock()) {
      List<Track> all = new ArrayList<>(read());
      List<Track> replaced = new ArrayList<>();
      List<Track> unchanged = new ArrayList<>();
      List<Track> matched = new ArrayList<>();
      for (Track input : inputs) {
        Track old;
        if (input.id().isPresent()) {
          String id = input.id().get();
          old =
              all.stream()
                  .filter(t -> t.id().map(id::equals).orElse(false))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new JamException(
                              ExitCode.USAGE,
                              "no track in "
                                  + file
                                  + " has the id "
                                  + id
                                  + "; nothing replaced (add a new track without --replace)"));
        } else if (input.name() == null) {
          throw new JamException(
              ExitCode.USAGE,
              "a track without \"id\" or \"trackname\" names no track to replace; nothing replaced");
        } else {
          try {
            old = byName(all, input.name());
          } catch (JamException e) {
            throw new JamException(
                e.exitCode(),
                e.getMessage() + "; nothing replaced (add a new track without --replace)");
          }
        }
        if (matched.stream().anyMatch(m -> m == old)) {
          throw new JamException(
              ExitCode.USAGE,
              "two inputs replace the same track (id "
                  + old.id().orElse("?")
                  + "); nothing replaced");
        }
        matched.add(old);
        Track next = input.withId(old.key());
        if (next.content().equals(old.content())) {
          unchanged.add(old);
          continue;
        }
        all.set(indexOf(all, old), next);
        replaced.add(next);
      }
      if (!replaced.isEmpty()) {
        write(all);
      }
      return new Replaced(replaced, unchanged);
    }
  }

  /**
   * The track of {@code tracks} that {@code idOrName} names: the one with that id, else the only
   * one with that {@code trackname}; {@link ExitCode#USAGE} when there is none, or several.
   */
  Track named(List<Track> tracks, String idOrName) {
    for (Track t : tracks) {
      if (t.id().map(idOrName::equals).orElse(false)) {
        return t;
      }
    }
    return byName(tracks, idOrName);
  }

  private Track byName(List<Track> tracks, String name) {
    List<Track> called = tracks.stream().filter(t -> name.equals(t.name())).toList();
    if (called.size() == 1) {
      return called.get(0);
    }
    if (called.isEmpty()) {
      throw new JamException(
          ExitCode.USAGE, "no track in " + file + " with the id or name '" + name + "'");
    }
    StringBuilder ids = new StringBuilder();
    for (Track t : called) {
      ids.append(ids.length() == 0 ? "" : ", ").append(t.id().orElse("?"));
    }
    throw new JamException(
        ExitCode.USAGE,
        called.size()
            + " tracks in "
            + file
            + " are called '"
            + name
            + "'; name one by id: "
            + ids);
  }

  private static int indexOf(List<Track> tracks, Track t) {
    for (int i = 0; i < tracks.size(); i++) {
      if (tracks.get(i) == t) {
        return i;
      }
    }
    throw new IllegalStateException("not in the list");
  }

  /** The store as written: a JSON array, one compact track per line. */
  static byte[] encode(List<Track> tracks) {
    StringBuilder out = new StringBuilder(256 * (tracks.size() + 1));
    out.append('[');
    for (int i = 0; i < tracks.size(); i++) {
      out.append(i == 0 ? "\n" : ",\n");
      TrackJson.write(tracks.get(i).fields(), out, false);
    }
    out.append(tracks.isEmpty() ? "]\n" : "\n]\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The store's two locks, held until closed: this JVM's for the lock file, then the file lock
   * itself. (A try-with-resources rather than a lambda: the first lambda of a process costs
   * add-track ~10 ms.)
   */
  private Held lock() {
    Path dir = folder();
    Path lockFile;
    try {
      Files.createDirectories(dir);
      lockFile = dir.toRealPath().resolve(file.getFileName() + ".lock");
    } catch (IOException e) {
      throw new JamException(
          ExitCode.IO,
          "cannot create the store's folder " + dir + ": " + JamException.reason(e),
          e);
    }
    ReentrantLock jvmLock = JVM_LOCKS.get(lockFile);
    if (jvmLock == null) {
      ReentrantLock fresh = new ReentrantLock();
      ReentrantLock raced = JVM_LOCKS.putIfAbsent(lockFile, fresh);
      jvmLock = raced == null ? fresh : raced;
    }
    jvmLock.lock();
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      channel.lock();
      return new Held(jvmLock, channel);
    } catch (IOException e) {
      closeQuietly(channel); // and with it the file lock, if it was taken
      jvmLock.unlock();
      throw new JamException(
          ExitCode.IO, "cannot lock the store " + lockFile + ": " + JamException.reason(e), e);
    } catch (RuntimeException | Error e) {
      closeQuietly(channel);
      jvmLock.unlock();
      throw e;
    }
  }

  /** Both locks on the store; closing the channel releases the file lock. */
  private record Held(ReentrantLock jvmLock, FileChannel channel) implements AutoCloseable {
    @Override
    public void close() {
      try {
        closeQuietly(channel);
      } finally {
        jvmLock.unlock();
      }
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // the lock goes with the channel's descriptor all the same
      }
    }
  }

  private Path folder() {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? file.toAbsolutePath().getRoot() : parent;
  }

  /**
   * A {@link Replacement}: temp file, fsync, rename over the store; on failure the old store stays.
   */
  private void write(List<Track> tracks) {
    ByteBuffer buffer = ByteBuffer.wrap(encode(tracks));
    try (Replacement replacement = Replacement.start(file)) {
      FileChannel out = replacement.channel();
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      replacement.commit();
    } catch (IOException e) {
      throw new JamException(
          ExitCode.IO,
          "cannot write the store "
              + file
              + ": "
              + JamException.reason(e)
              + " (the store is unchanged)",
          e);
    }
  }

  /**
   * Calls {@code onChange} (on a daemon thread of its own) each time the store file changes, e.g.
   * when {@code jam add-track} writes it from another terminal. Close the result to stop.
   */
  public Watch watch(Runnable onChange) {
    return StoreWatch.start(file, onChange);
  }

  /** A running {@link #watch}; closing it stops the calls. */
  public interface Watch extends AutoCloseable {
    @Override
    void close();
  }
}
