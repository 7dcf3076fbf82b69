package jam.cli;

import jam.ExitCode;
import jam.text.Printable;
import java.io.FileDescriptor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ParameterException;

/**
 * Builds the {@code jam} command line: UTF-8 streams whatever the locale, one-line errors on
 * stderr, stack traces only with {@code -v}, and the exit codes of {@link ExitCode}.
 *
 * <p>Subcommands are registered here rather than in the root's annotation, and when the arguments
 * name one, only that one: picocli reflects over every registered command (and loads its option
 * types) before running any, which a short command like {@code add-track} should not pay for.
 */
public final class CommandLineFactory {
  /** Every subcommand, in the order help lists them. */
  private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("serve", ServeCommand::new);
    COMMANDS.put("join", JoinCommand::new);
    COMMANDS.put("trigger", TriggerCommand::new);
    COMMANDS.put("send", SendCommand::new);
    COMMANDS.put("sync", SyncCommand::new);
    COMMANDS.put("tempo", TempoCommand::new);
    COMMANDS.put("who", WhoCommand::new);
    COMMANDS.put("midi", MidiCommand::new);
    COMMANDS.put("play", PlayCommand::new);
    COMMANDS.put("add-track", AddTrackCommand::new);
    COMMANDS.put("tracks", TracksCommand::new);
    COMMANDS.put("rm", RmCommand::new);
    COMMANDS.put("bench", BenchCommand::new);
    COMMANDS.put("completion", CompletionCommand::new);
    COMMANDS.put("help", HelpCommand::new);
  }

  private CommandLineFactory() {}

  /** The subcommands' names, in the order help lists them. */
  static java.util.Set<String> commandNames() {
    return java.util.Collections.unmodifiableSet(COMMANDS.keySet());
  }

  /** The command line for {@code args}, on the process's own stdout and stderr, in UTF-8. */
  public static CommandLine create(String... args) {
    return create(Main.utf8(FileDescriptor.out), Main.utf8(FileDescriptor.err), args);
  }

  /**
   * The command line writing to {@code out} (data, help) and {@code err} (people). With {@code
   * args} naming a subcommand (other than help and completion, which need them all) only that one
   * is registered; without, all are.
   */
  public static CommandLine create(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new JamCommand());
    String only = onlyCommand(args);
    COMMANDS.forEach(
        (name, command) -> {
          if (only == null || only.equals(name)) {
            cl.addSubcommand(name, command.get());
            // their -V/--version (from the standard help options) prints what jam --version does
            cl.getSubcommands()
                .get(name)
                .getCommandSpec()
                .versionProvider(new JamCommand.Version());
          }
        });
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(CommandLineFactory::onFailure);
    cl.setParameterExceptionHandler(CommandLineFactory::onUsageError);
    return cl;
  }

  /** The subcommand {@code args} name after the global options, if it can run alone; else null. */
  private static String onlyCommand(String[] args) {
    for (String a : args) {
      if (!a.startsWith("-")) {
        return COMMANDS.containsKey(a) && !a.equals("help") && !a.equals("completion") ? a : null;
      }
    }
    return null;
  }

  private static int onFailure(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    if (ex instanceof ParameterException pe) {
      return onUsageError(pe, new String[0]);
    }
    return Failures.report(ex, cl.getErr(), root(cl).verbose());
  }

  private static int onUsageError(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    String message = ex.getMessage() == null ? "invalid arguments" : ex.getMessage();
    if (message.endsWith(
        ".")) { // picocli's "Unknown subcommand 'x'." reads badly before "(see ...)"
      message = message.substring(0, message.length() - 1);
    }
    if (!message.isEmpty()) {
      message = message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
    message = choices(message);
    if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      if (first.startsWith("-") && first.length() > 1) {
        // picocli lists the misspelt option with what followed it ("unknown options: '--cont',
        // '3'"): the
        // option alone, and the one it resembles
        String option =
            first.startsWith("--") && first.contains("=")
                ? first.substring(0, first.indexOf('='))
                : first;
        List<String> names = new ArrayList<>();
        for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
          for (String name : o.names()) {
            names.add(name);
            if (o.negatable() && name.startsWith("--")) {
              names.add("--no-" + name.substring(2)); // --[no-]warmup
            }
          }
        }
        String like = resembling(option, names);
        message =
            "unknown option '"
                + option
                + "'"
                + (like == null ? "" : "; did you mean " + like + "?");
      } else if (cl.getParent() == null && !first.startsWith("-")) {
        message = "unknown command '" + first + "'";
      } else if (!first.startsWith("-")) {
        // picocli: "unmatched argument at index 1: 'extra'"
        message =
            cl.getCommandSpec().positionalParameters().isEmpty()
                ? "unexpected argument '"
                    + first
                    + "': "
                    + cl.getCommandSpec().qualifiedName()
                    + " takes none"
                : "one argument too many: '" + first + "'";
      }
    }
    // picocli says "subcommand" where jam's help and README say "command"
    message = message.replace("unknown subcommand", "unknown command");
    if (message.startsWith("unknown command '") && message.endsWith("'")) { // also 'jam help joinn'
      String typed = message.substring("unknown command '".length(), message.length() - 1);
      String like = resemblingWord(typed, new ArrayList<>(COMMANDS.keySet()));
      message += like == null ? "" : "; did you mean " + like + "?";
    }
    // the arguments are quoted back as typed: escaped, as anything that may hold control characters
    err.println(
        "jam: "
            + Printable.escape(message)
            + " (see '"
            + cl.getCommandSpec().qualifiedName()
            + " --help')");
    err.flush();
    return ExitCode.USAGE.code();
  }

  /**
   * The long option of {@code names} that {@code typed} (a long option) is most likely a
   * misspelling of: one typo away (a letter missing, extra, wrong or two swapped), two for names of
   * more than 4 letters; null when none is that close. picocli's own suggestions list loosely
   * similar names in declaration order: {@code --interva} would get "did you mean --insecure?".
   */
  static String resembling(String typed, List<String> names) {
    if (!typed.startsWith("--") || typed.length() < 4) {
      return null;
    }
    List<String> longNames = new ArrayList<>();
    for (String name : names) {
      if (name.startsWith("--")) {
        longNames.add(name.substring(2));
      }
    }
    String like = resemblingWord(typed.substring(2), longNames);
    return like == null ? null : "--" + like;
  }

  /**
   * The word of {@code names} that {@code word} is most likely a misspelling of, by the same
   * measure as {@link #resembling}: a command name for {@code jam joinn}; null when none is close.
   */
  static String resemblingWord(String word, List<String> names) {
    if (word.length() < 2) {
      return null;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : names) {
      int distance = typos(word, candidate);
      int allowed = Math.min(word.length(), candidate.length()) <= 4 ? 1 : 2;
      if (distance <= allowed && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
  static int typos(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /**
   * picocli's "expected one of [AUTO, TEXT, JSON] (case-insensitive) but was 'xml'" as help spells
   * the values: "expected auto, text or json, not 'xml'".
   */
  static String choices(String message) {
    String start = "expected one of [";
    String end = "] (case-insensitive) but was '";
    int from = message.indexOf(start);
    int to = from < 0 ? -1 : message.indexOf(end, from);
    if (to < 0) {
      return message;
    }
    String[] values =
        message.substring(from + start.length(), to).toLowerCase(Locale.ROOT).split(", ");
    String list =
        values.length == 1
            ? values[0]
            : String.join(", ", Arrays.copyOf(values, values.length - 1))
                + " or "
                + values[values.length - 1];
    return message.substring(0, from)
        + "expected "
        + list
        + ", not '"
        + message.substring(to + end.length());
  }

  private static JamCommand root(CommandLine cl) {
    return (JamCommand) cl.getCommandSpec().root().userObject();
  }
}
