package jam.cli;

import jam.ExitCode;
import jam.track.Store;
import jam.track.Track;
import jam.track.TrackLines;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jam tracks}: lists the store, as a table or as one JSON object per line. Runs on the
 * calling thread.
 */
@Command(
    name = "tracks",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "List the tracks in your store.",
    description = {
      "A table (name, steps, city/country, id), or with --json one compact JSON object per line, exactly as stored."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam tracks                                          the table",
      "  jam tracks --json | jq -r .trackname                just the names"
    })
final class TracksCommand implements Callable<Integer> {
  @ParentCommand JamCommand root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;

  @Option(names = "--json", description = "One JSON object per line instead of the table.")
  boolean json;

  @Override
  public Integer call() {
    Store store = storeOption.open();
    List<Track> tracks = store.read();
    PrintWriter out = spec.commandLine().getOut();
    if (tracks.isEmpty()) {
      root.reporter().info("no tracks in " + store.path());
    } else if (json) {
      for (Track t : tracks) {
        out.println(t.toJson());
      }
    } else {
      out.print(TrackLines.table(tracks));
    }
    out.flush();
    return ExitCode.OK.code();
  }
}
