package jam.cli;

import jam.ExitCode;
import jam.Reporter;
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
      "  jam tracks                          the table",
      "  jam tracks --json | jq -r .trackname",
      "                                      just the names",
      "  jam tracks --names                  names for jam play and jam rm"
    })
final class TracksCommand implements Callable<Integer> {
  @ParentCommand JamCommand root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;

  @Option(names = "--json", description = "One JSON object per line instead of the table.")
  boolean json;

  @Option(
      names = "--names",
      description =
          "Only what jam play and jam rm take, one per line: each track's name, or its id where the name is missing, shared by another track, or not plain text. Shell completion uses it.")
  boolean names;

  @Override
  public Integer call() {
    return run(root.reporter(), spec.commandLine().getOut());
  }

  /** The command itself, on the options as set; {@link FastPath} calls it without picocli. */
  int run(Reporter reporter, PrintWriter out) {
    Store store = storeOption.open();
    List<Track> tracks = store.read();
    if (tracks.isEmpty()) {
      reporter.info("no tracks in " + store.path());
    } else if (names) {
      for (String name : TrackLines.handles(tracks)) {
        out.println(name);
      }
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
