package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line in process: exit codes and exact output. */
class CommandLineTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int jam(String... args) {
    return CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void versionIsThePomVersion() {
    assertEquals(0, jam("--version"));
    assertTrue(out.toString().matches("jam \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n"), out.toString());
  }

  /** Every command's help lists -V, --version: each prints the version, not nothing. */
  @Test
  void everyCommandPrintsTheVersion() {
    for (String command : CommandLineFactory.commandNames()) {
      if (command.equals("help")) {
        continue; // help's own words are command names: 'jam help --version' is help for jam
      }
      for (String option : new String[] {"--version", "-V"}) {
        out.getBuffer().setLength(0);
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        assertEquals(
            0,
            CommandLineFactory.create(o, e, command, option).execute(command, option),
            command + " " + option);
        assertTrue(
            out.toString().matches("jam \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n"),
            command + " " + option + ": '" + out + "'");
      }
    }
    assertEquals("", err.toString());
  }

  @Test
  void helpListsCommandsAndExamples() {
    assertEquals(0, jam("--help"));
    assertTrue(out.toString().contains("serve"), out.toString());
    assertTrue(out.toString().contains("Examples:"), out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void noCommandIsAUsageError() {
    assertEquals(2, jam());
    assertEquals("jam: missing command (see 'jam --help')\n", err.toString());
  }

  @Test
  void anUnknownOptionIsOneLineAndExitTwo() {
    assertEquals(2, jam("serve", "--bogus"));
    assertEquals("jam: unknown option '--bogus' (see 'jam serve --help')\n", err.toString());
    assertEquals("", out.toString());
  }

  /**
   * The misspelt option alone (picocli also lists the value after it), and the option it resembles.
   */
  @Test
  void aMisspeltOptionIsNamedWithTheOneItResembles() {
    assertEquals(2, jam("trigger", "--cont", "3", "ws://127.0.0.1:1/socket"));
    assertEquals(
        "jam: unknown option '--cont'; did you mean --count? (see 'jam trigger --help')\n",
        err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, jam("serve", "--max-mesage=3"));
    assertEquals(
        "jam: unknown option '--max-mesage'; did you mean --max-message? (see 'jam serve --help')\n",
        err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, jam("serve", "--\u001b[31m"));
    assertEquals("jam: unknown option '--\\e[31m' (see 'jam serve --help')\n", err.toString());
    err.getBuffer().setLength(0);
    assertEquals(
        2,
        jam(
            "trigger",
            "--interva",
            "1s",
            "ws://127.0.0.1:1/socket")); // picocli's first guess: --insecure
    assertEquals(
        "jam: unknown option '--interva'; did you mean --interval? (see 'jam trigger --help')\n",
        err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, jam("bench", "--no-warmu")); // the negated form of --[no-]warmup
    assertEquals(
        "jam: unknown option '--no-warmu'; did you mean --no-warmup? (see 'jam bench --help')\n",
        err.toString());
  }

  /** One typo away (two for longer names), else no guess: a wrong guess misleads more than none. */
  @Test
  void aGuessIsOnlyWhatATypoAwayResembles() {
    List<String> names =
        List.of(
            "-h",
            "--help",
            "--host",
            "--port",
            "--path",
            "--max-queue",
            "--max-message",
            "--max-peers");
    assertEquals("--port", CommandLineFactory.resembling("--prot", names)); // two letters swapped
    assertEquals("--port", CommandLineFactory.resembling("--prt", names));
    assertEquals("--max-peers", CommandLineFactory.resembling("--max-peer", names));
    assertEquals("--max-queue", CommandLineFactory.resembling("--max-queu", names));
    assertEquals("--max-message", CommandLineFactory.resembling("--max-mesage", names));
    assertEquals(null, CommandLineFactory.resembling("--bogus", names));
    assertEquals(null, CommandLineFactory.resembling("--hp", names)); // two typos in a short name
    assertEquals(null, CommandLineFactory.resembling("-x", names)); // short options: no guess
    assertEquals(0, CommandLineFactory.typos("abc", "abc"));
    assertEquals(1, CommandLineFactory.typos("abc", "acb"));
    assertEquals(3, CommandLineFactory.typos("", "abc"));
  }

  /** Whatever a usage error quotes back from the command line is escaped. */
  @Test
  void usageErrorsQuoteArgumentsEscaped() {
    assertEquals(2, jam("join", "--format=\u001b[2J"));
    assertEquals(
        "jam: invalid value for option '--format': expected auto, text or json, not '\\e[2J' (see 'jam join --help')\n",
        err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, jam("trigger", "ws://127.0.0.1:1/socket", "\u001b[31mred"));
    assertTrue(
        err.toString().contains("'\\e[31mred'") && !err.toString().contains("\u001b"),
        err.toString());
  }

  @Test
  void badOptionValuesAreUsageErrors() {
    assertEquals(2, jam("serve", "--port", "70000"));
    assertEquals("jam: port must be 0 to 65535, not 70000\n", err.toString());
  }

  @Test
  void triggersNameIsANameAHelloCouldGiveOnABangObject() {
    assertEquals(2, jam("trigger", "--sound", "kick", "--name", " ", "ws://127.0.0.1:1/socket"));
    assertEquals("jam: --name must have 1 to 32 characters\n", err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, jam("trigger", "--name", "ana", "ws://127.0.0.1:1/socket"));
    assertEquals(
        "jam: --name needs --sound or a time: trigger-input cannot say who sent it\n",
        err.toString());
  }

  @Test
  void badUnitsAreUsageErrors() {
    assertEquals(2, jam("serve", "--max-message", "lots"));
    assertTrue(
        err.toString().startsWith("jam: invalid value for option '--max-message'"), err.toString());
    assertEquals(1, err.toString().lines().count(), err.toString());
  }

  @Test
  void aBadChoiceListsTheValuesAsHelpSpellsThem() {
    assertEquals(2, jam("join", "--format", "xml"));
    assertEquals(
        "jam: invalid value for option '--format': expected auto, text or json, not 'xml' (see 'jam join --help')\n",
        err.toString());
    assertEquals(2, jam("completion", "fish"));
    assertTrue(
        err.toString().endsWith("expected bash or zsh, not 'fish' (see 'jam completion --help')\n"),
        err.toString());
  }

  @Test
  void rateLimitsParseMessagesAndBytes() {
    ServeCommand.RateLimitConverter c = new ServeCommand.RateLimitConverter();
    assertEquals(
        new jam.relay.RelayConfig.RateLimit(50, Double.POSITIVE_INFINITY), c.convert("50/s"));
    assertEquals(
        new jam.relay.RelayConfig.RateLimit(Double.POSITIVE_INFINITY, 1 << 20),
        c.convert("1MiB/s"));
    assertEquals(new jam.relay.RelayConfig.RateLimit(50, 256 * 1024), c.convert("50/s,256KiB/s"));
    assertEquals(2, jam("serve", "--rate-limit", "fast"));
    assertEquals(
        "jam: invalid value for option '--rate-limit': 'fast' is not a rate: messages and/or bytes per second,"
            + " e.g. 50/s, 256KiB/s or 50/s,256KiB/s (see 'jam serve --help')\n",
        err.toString());
  }

  @Test
  void tlsCertWithoutKeyIsAUsageError() {
    assertEquals(2, jam("serve", "--port", "0", "--tls-cert", "cert.pem"));
    assertEquals("jam: --tls-cert and --tls-key go together\n", err.toString());
  }

  @Test
  void globalOptionsAreAcceptedAfterTheSubcommand() {
    assertEquals(0, jam("serve", "-q", "-v", "--help"));
  }
}
