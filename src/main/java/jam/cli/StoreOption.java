package jam.cli;

import jam.track.Store;
import picocli.CommandLine.Option;

/** The {@code --store FILE} option, shared by every command that reads or writes the track store. Not thread safe. */
final class StoreOption {
  @Option(
      names = "--store",
      paramLabel = "FILE",
      description =
          "Track store (a JSON array of tracks). Default: $JAM_STORE, else "
              + "$XDG_DATA_HOME/jam/tracks.json, else ~/.local/share/jam/tracks.json.")
  String store;

  Store open() {
    return new Store(Store.locate(store, System.getenv(), System.getProperty("user.home")));
  }
}
