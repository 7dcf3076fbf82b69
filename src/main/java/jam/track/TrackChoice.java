package jam.track;

import jam.ExitCode;
import jam.JamException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The one track that a name on the command line means ({@code jam play NAME}): {@code -} is stdin,
 * an existing file is read, else a stored track is found by id, else by name (a name shared by
 * several tracks is an error that lists their ids). Errors are a {@link JamException}: a file or
 * stdin that does not hold exactly one track ({@link ExitCode#DATA}), a path that cannot be read
 * ({@link ExitCode#IO}, as add-track says it), no such track ({@link ExitCode#USAGE}). Stateless.
 */
public final class TrackChoice {
  private TrackChoice() {}

  /** The track {@code name} (null: stdin) means; {@code stdin} is read only when it is meant. */
  public static Track find(String name, Store store, Supplier<byte[]> stdin) {
    if (name == null || name.equals("-")) {
      return one("stdin", TrackInput.parse("stdin", stdin.get()));
    }
    Path file = Paths.get(name);
    if (Files.isRegularFile(file)) {
      return one(name, TrackInput.parse(name, TrackInput.readFile(file)));
    }
    List<Track> stored = store.read();
    List<Track> byId = stored.stream().filter(t -> t.id().map(name::equals).orElse(false)).toList();
    if (!byId.isEmpty()) {
      return byId.get(0);
    }
    List<Track> byName = stored.stream().filter(t -> name.equals(t.name())).toList();
    if (byName.size() == 1) {
      return byName.get(0);
    }
    if (byName.size() > 1) {
      String ids = byName.stream().map(t -> t.id().orElse("?")).collect(Collectors.joining(", "));
      throw new JamException(
          ExitCode.USAGE,
          byName.size()
              + " tracks in "
              + store.path()
              + " are called '"
              + name
              + "'; name one by id: "
              + ids);
    }
    if (name.contains("/")
        || name.toLowerCase(Locale.ROOT).endsWith(".json")
        || Files.exists(file)) {
      TrackInput.readFile(
          file); // a file that is missing or unreadable: the same error (and exit 5) as add-track's
    }
    throw new JamException(
        ExitCode.USAGE,
        "no file '" + name + "', and no track in " + store.path() + " with that id or name");
  }

  private static Track one(String source, List<Track> tracks) {
    if (tracks.size() != 1) {
      throw new JamException(
          ExitCode.DATA, source + " holds " + tracks.size() + " tracks; jam play plays one");
    }
    return tracks.get(0);
  }
}
