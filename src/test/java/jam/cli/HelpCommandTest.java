package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jam help COMMAND}, built as {@link Main} builds it (from the arguments, so with the lazy
 * registration of subcommands): the command's own usage on stdout, exit 0.
 */
class HelpCommandTest {
  private record Result(int code, String out, String err) {}

  private static Result jam(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true), args)
            .execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  static java.util.stream.Stream<String> commands() {
    return CommandLineFactory.commandNames().stream().filter(name -> !name.equals("help"));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void helpCommandPrintsThatCommandsUsage(String command) {
    Result help = jam("help", command);
    assertEquals(0, help.code(), help.err());
    assertEquals("", help.err());
    assertTrue(help.out().contains("Usage: jam " + command), help.out());
    assertEquals(
        jam(command, "--help").out(),
        help.out(),
        "jam help " + command + " is jam " + command + " --help");
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommandsHelpHasADescriptionAndExamples(String command) {
    String usage = jam(command, "--help").out();
    String[] lines = usage.split("\n");
    assertTrue(
        !lines[0].startsWith("Usage:") && !lines[0].isBlank(),
        command + ": a one-line header first: " + lines[0]);
    assertTrue(usage.contains("\nExamples:\n  jam " + command), command + ": examples\n" + usage);
  }

  @Test
  void helpAfterGlobalOptionsToo() {
    Result help = jam("-q", "help", "add-track");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("Usage: jam add-track"), help.out());
  }

  @Test
  void helpAloneIsTheTopLevelUsage() {
    Result help = jam("help");
    assertEquals(0, help.code());
    assertEquals(jam("--help").out(), help.out());
    for (String command : CommandLineFactory.commandNames()) {
      assertTrue(help.out().contains("  " + command), command + " listed in\n" + help.out());
    }
  }

  @Test
  void helpForAnUnknownCommandIsAOneLineUsageError() {
    Result help = jam("help", "nosuch");
    assertEquals(2, help.code());
    assertEquals("jam: unknown command 'nosuch' (see 'jam --help')\n", help.err());
    assertEquals("", help.out());
  }

  @Test
  void anUnknownCommandIsTheSameOneLineUsageError() {
    Result run = jam("nosuch", "--flag");
    assertEquals(2, run.code());
    assertEquals("jam: unknown command 'nosuch' (see 'jam --help')\n", run.err());
    assertEquals("", run.out());
  }
}
