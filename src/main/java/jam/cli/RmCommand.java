package jam.cli;

import jam.ExitCode;
import jam.Reporter;
import jam.track.Store;
import jam.track.Track;
import jam.track.TrackLines;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jam rm}: removes tracks from the store in one write. Runs on the calling thread. */
@Command(
    name = "rm",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Remove tracks from your store.",
    description = {
      "Each argument is a track's id, or its name where exactly one track has that name. All or nothing: when one names no track, or a name several tracks share, nothing is removed (exit 2) and the error lists their ids. A running jam join stops sharing the tracks at once and tells the other jam peers; the tutorials' clients keep what they were sent.",
      "",
      "Prints the id of each removed track, one per line."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam rm riff                       remove the track called riff",
      "  jam rm 3f2a9c1e0b7d4e55 bass      by id and by name, all or nothing",
      "  jam tracks --json | jq -r 'select(.data == []) .id' | xargs jam rm",
      "                                    remove the tracks without steps"
    })
final class RmCommand implements Callable<Integer> {
  @ParentCommand JamCommand root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;

  @Parameters(
      paramLabel = "ID|NAME",
      arity = "1..*",
      description = "The tracks to remove: an id, or a name only one track has.")
  List<String> names = new ArrayList<>();

  @Override
  public Integer call() {
    return run(root.reporter(), spec.commandLine().getOut());
  }

  int run(Reporter reporter, PrintWriter out) {
    Store store = storeOption.open();
    for (Track t : store.remove(names)) {
      reporter.info("removed " + TrackLines.line(t) + " from " + store.path());
      out.println(t.key());
    }
    out.flush();
    return ExitCode.OK.code();
  }
}
