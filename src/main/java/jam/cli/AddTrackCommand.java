package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.track.Payload;
import jam.track.Store;
import jam.track.Track;
import jam.track.TrackInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jam add-track}: validates every input, then adds the new tracks to the store in one write.
 * Runs on the calling thread.
 */
@Command(
    name = "add-track",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Add tracks to your store.",
    description = {
      "Each input holds a track (a JSON object) or an array of tracks, or several of those one after the other. A track needs \"data\": an array of steps, each an array of frequencies in Hz, where null is silence. Every input is checked before anything is written: on any error nothing is written and the error names the file and line:column. Unknown fields and exact numbers are kept. A track without a string \"id\" gets one derived from its content, so the same track added on two machines is one track. A track already in the store is reported on stderr and not stored twice. With --replace, each input is a new version of a stored track instead.",
      "",
      "Prints the id of each added track, one per line, in input order."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam add-track riff.json      add one track, print its id",
      "  jam add-track a.json b.json  several files, all or nothing",
      "  jam add-track < riff.json    from stdin (also: jam add-track -)",
      "  jam add-track --replace riff.json",
      "                               the stored riff becomes this version",
      "  jam tracks --json --store a.json | jam add-track --store b.json",
      "                               copy tracks from one store to another"
    })
final class AddTrackCommand implements Callable<Integer> {
  /** The FILE that means stdin. */
  static final Path STDIN = Path.of("-");

  @ParentCommand JamCommand root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;

  @Option(
      names = "--replace",
      description =
          "Replace stored tracks instead of adding: an input with an \"id\" replaces the track with that id, one without the only track of its \"trackname\". The new version keeps the old id and place; a running jam join shares it at once. When an input matches no track, or a name several tracks share, nothing is written (exit 2).")
  boolean replace;

  @Parameters(
      paramLabel = "FILE",
      arity = "0..*",
      description = "JSON files; '-' (or none at all) reads stdin.")
  List<Path> inputs = new ArrayList<>(); // Paths, so that completion offers file names

  @Override
  public Integer call() {
    return run(root.reporter(), spec.commandLine().getOut());
  }

  /** The command itself, on the options as set; {@link FastPath} calls it without picocli. */
  int run(Reporter reporter, PrintWriter out) {
    List<Path> names = inputs.isEmpty() ? List.of(STDIN) : inputs;
    List<Track> all = new ArrayList<>();
    Map<Track, String> sourceOf = new IdentityHashMap<>();
    Warnings warnings = new Warnings();
    for (Path name : names) {
      boolean stdin = name.equals(STDIN);
      String source = stdin ? "stdin" : name.toString();
      byte[] bytes = stdin ? stdin(reporter) : TrackInput.readFile(name);
      List<Track> tracks = TrackInput.parse(source, bytes, warnings);
      for (int i = 0; i < tracks.size(); i++) {
        Track t = tracks.get(i);
        if (t.fields().containsKey(Track.ID) && t.id().isEmpty()) {
          reporter.warn(
              source
                  + ": track "
                  + (i + 1)
                  + " has an \"id\" that is not a non-empty string; it gets a new one");
        }
        sourceOf.put(t, source);
        all.add(t);
      }
    }
    for (String w : warnings) { // once every input reads: an error says it alone
      reporter.warn(w);
    }
    Store store = storeOption.open();
    if (replace) {
      return replace(store, all, reporter, out);
    }
    Store.Added result = store.add(all);
    Set<Track> skipped = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Store.Duplicate d : result.duplicates()) {
      skipped.add(d.input());
      reporter.info(
          sourceOf.get(d.input())
              + ": "
              + quoted(d.existing())
              + " is already in the store"
              + d.existing().id().map(id -> " (id " + id + ")").orElse("")
              + "; not added again");
    }
    int stored =
        0; // the inputs not skipped are stored in order, each as result.added()'s next, with an id
    for (Track input : all) {
      if (skipped.contains(input)) {
        continue;
      }
      Track t = result.added().get(stored++);
      long size = Payload.size(t);
      if (size > Payload.RELAY_DEFAULT_MAX) {
        reporter.warn(
            sourceOf.get(input)
                + ": "
                + quoted(t)
                + " is "
                + Payload.sizeOver(size, Payload.RELAY_DEFAULT_MAX)
                + " as JSON, over the "
                + Payload.sizeText(Payload.RELAY_DEFAULT_MAX)
                + " a relay takes in one message by default: jam join will not share it");
      }
    }
    for (Store.Duplicate d : result.namesakes()) {
      reporter.info(
          quoted(d.input())
              + " is stored as a new track (id "
              + d.input().key()
              + "); a track of that name was there already (id "
              + d.existing().key()
              + "): to make a file a new version of it instead, jam add-track --replace FILE");
    }
    for (Track t : result.added()) {
      out.println(t.id().orElseThrow());
    }
    out.flush();
    return ExitCode.OK.code();
  }

  private static int replace(Store store, List<Track> all, Reporter reporter, PrintWriter out) {
    Store.Replaced result = store.replace(all);
    for (Track t : result.unchanged()) {
      reporter.info(
          quoted(t) + " (id " + t.key() + ") is already stored as it is; nothing to replace");
    }
    for (Track t : result.replaced()) {
      out.println(t.key());
    }
    out.flush();
    return ExitCode.OK.code();
  }

  /** What will not play, kept to be said. (A class, not a lambda: see {@link Store}'s lock.) */
  private static final class Warnings extends ArrayList<String> implements Consumer<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public void accept(String warning) {
      add(warning);
    }
  }

  /** "riff", quoted, or "a track" when it has no name. */
  private static String quoted(Track t) {
    return t.name() == null ? "a track" : "\"" + t.name() + "\"";
  }

  private static byte[] stdin(Reporter reporter) {
    if (StatusLine.isTerminal(0)) { // as cat-like tools do: not a silent wait at a terminal
      reporter.info("reading tracks from stdin (Ctrl-D to end; jam add-track --help for files)");
    }
    try {
      return System.in.readAllBytes();
    } catch (IOException e) {
      throw new JamException(ExitCode.IO, "cannot read stdin: " + e.getMessage(), e);
    }
  }
}
