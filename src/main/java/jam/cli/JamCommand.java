package jam.cli;

import jam.Reporter;
import jam.StreamReporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: global options; {@link CommandLineFactory} adds the subcommands. */
@Command(
    name = "jam",
    mixinStandardHelpOptions = true,
    versionProvider = JamCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Play music together over the network.",
    description = {
      "Start a relay, join it from several terminals or machines, share tracks and fire bangs. Data goes to stdout, messages for people to stderr."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam serve             start a relay on port 8080",
      "  jam serve --port 0 -q",
      "                        any free port, no join/leave lines",
      "  jam add-track riff.json",
      "                        add a track to your store, print its id",
      "  jam join              share your tracks with the relay here",
      "  jam join --json | jq -r .trackname",
      "                        print the names of everyone's tracks",
      "  jam trigger --sound kick",
      "                        every peer plays a kick drum",
      "  jam play riff         play a track from your store",
      "  jam bench --peers 1000",
      "                        measure a relay: 1,000 peers, max rate, 10 s",
      "  jam help serve        help for one command"
    },
    // jam.ExitCode's numbers; also the man page's "Exit status" section
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:unexpected failure (a bug: run with -v and report it)",
      "2:usage error: unknown option, bad value",
      "3:invalid data: malformed JSON, corrupt store",
      "4:network unavailable: cannot bind, cannot connect, connection lost",
      "5:local file error: permissions, disk full",
      "6:incomplete: jam bench lost messages, or its relay did not keep up",
      "130:stopped by Ctrl-C (SIGINT; 143: SIGTERM) before it was done (a command that runs until stopped exits 0)"
    })
public final class JamCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Show debug detail and stack traces on stderr.")
  boolean verbose;

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "Only errors and warnings on stderr.")
  boolean quiet;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  boolean verbose() {
    return verbose;
  }

  /** The reporter for this run, on the command line's stderr. */
  Reporter reporter() {
    return reporter(spec.commandLine().getErr());
  }

  /** The reporter for this run, writing to {@code err} (a console prints it above its prompt). */
  Reporter reporter(PrintWriter err) {
    return new StreamReporter(err, quiet, verbose);
  }

  /** The version from the build (Maven's project.version). */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = JamCommand.class.getResourceAsStream("/jam/version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"jam " + p.getProperty("version", "unknown")};
    }
  }
}
