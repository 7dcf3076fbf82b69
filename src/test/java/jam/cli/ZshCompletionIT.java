package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jam.sound.SoundNames;
import jam.testing.Needs;
import jam.testing.Wait;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * completions/_jam in a real interactive zsh (inside tmux, on a socket of its own), both ways the
 * README installs it: autoloaded from $fpath by compinit, and sourced after compinit. Needs zsh and
 * tmux.
 */
class ZshCompletionIT {
  private static final Path SCRIPT = Path.of("completions/_jam").toAbsolutePath();

  @TempDir Path home;

  /**
   * A tmux server of each test's own: kill-server returns before the server is gone, and a new
   * session on the same socket meanwhile fails with "server exited unexpectedly".
   */
  private final String socket = "jam-zsh-it-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void killServer() throws Exception {
    try {
      tmux("kill-server");
    } catch (IOException e) {
      // no tmux here: the test was skipped before it started a server
    }
  }

  @Test
  void autoloadedFromFpathCompletesSoundsOnTheFirstTab() throws Exception {
    Path functions = Files.createDirectories(home.resolve("functions"));
    Files.copy(SCRIPT, functions.resolve("_jam"));
    String screen =
        zshCompletes(
            "fpath=(" + functions + " $fpath)\nautoload -U compinit && compinit -u\n",
            "jam trigger --sound ",
            SoundNames.ALL);
    for (String sound : SoundNames.ALL) {
      assertTrue(screen.contains(sound), sound + " offered in\n" + screen);
    }
  }

  @Test
  void autoloadedFromFpathCompletesFilesForOptionsThatTakeOne() throws Exception {
    Path functions = Files.createDirectories(home.resolve("functions"));
    Files.copy(SCRIPT, functions.resolve("_jam"));
    Files.writeString(home.resolve("ca-only-file.pem"), "");
    String screen =
        zshCompletes(
            "fpath=(" + functions + " $fpath)\nautoload -U compinit && compinit -u\n",
            "jam join --cacert " + home + "/ca-",
            List.of("ca-only-file.pem"));
    assertTrue(screen.contains("ca-only-file.pem"), screen);
    assertFalse(screen.contains("not found"), screen);
  }

  @Test
  void sourcedAfterCompinitCompletesSubcommands() throws Exception {
    List<String> others =
        CommandLineFactory.commandNames().stream().filter(c -> !c.equals("help")).toList();
    String screen =
        zshCompletes(
            "autoload -U compinit && compinit -u\nsource " + SCRIPT + "\n", "jam help ", others);
    for (String command : CommandLineFactory.commandNames()) {
      if (!command.equals("help")) {
        assertTrue(screen.contains(command), command + " offered in\n" + screen);
      }
    }
    assertFalse(screen.contains("not found"), screen);
  }

  /**
   * The screen after typing {@code line} and Tab in an interactive zsh started with {@code zshrc},
   * once it shows every one of {@code offered} (or as it is after 15 s, for the caller's assertions
   * to fail on).
   */
  private String zshCompletes(String zshrc, String line, List<String> offered) throws Exception {
    Needs.programs("zsh", "tmux");
    Files.writeString(home.resolve(".zshrc"), zshrc + "PS1='READY> '\n");
    assertEquals(
        0,
        tmux(
            "new-session",
            "-d",
            "-x",
            "150",
            "-y",
            "40",
            "env -i HOME="
                + home
                + " ZDOTDIR="
                + home
                + " PATH="
                + System.getenv("PATH")
                + " TERM=xterm zsh -i"));
    if (!shows(List.of("READY>"))) { // capture-pane drops trailing blanks
      fail("zsh did not show its prompt:\n" + capture());
    }
    assertEquals(0, tmux("send-keys", "-t", "0", "-l", line));
    assertEquals(0, tmux("send-keys", "-t", "0", "Tab"));
    shows(offered); // completion lists appear below the prompt: wait for what the test looks for
    return capture();
  }

  /** Waits until the screen shows every one of {@code texts}; false if it does not within 15 s. */
  private boolean shows(List<String> texts) {
    try {
      Wait.atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(100))
          .until(this::capture, s -> texts.stream().allMatch(s::contains));
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  private String capture() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command("capture-pane", "-p", "-t", "0"))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  private int tmux(String... args) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command(args))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "tmux " + String.join(" ", args));
    return p.exitValue();
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
    command.addAll(Arrays.asList(args));
    return command;
  }
}
