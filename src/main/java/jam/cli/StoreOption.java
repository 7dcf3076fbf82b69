package jam.cli;

import jam.track.Store;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --store FILE} option, shared by every command that reads or writes the track store.
 * Not thread safe.
 */
final class StoreOption {
  @Option(
      names = "--store",
      paramLabel = "FILE",
      // a line each: picocli may break a line after any '.' or '/', inside a path
      description = {
        "Track store (a JSON array of tracks). Default:",
        "$JAM_STORE, else $XDG_DATA_HOME/jam/tracks.json,",
        "else ~/.local/share/jam/tracks.json."
      })
  Path store; // a Path, so that completion offers file names

  Store open() {
    return new Store(
        Store.locate(
            store == null ? null : store.toString(),
            System.getenv(),
            System.getProperty("user.home")));
  }
}
