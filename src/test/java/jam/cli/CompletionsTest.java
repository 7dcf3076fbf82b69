package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.sound.SoundNames;
import jam.testing.Needs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The committed completion scripts are the ones the build generates from the command model, and
 * they complete every subcommand, option and sound name when a real bash runs them.
 */
class CompletionsTest {
  private static final Path BASH_SCRIPT = Path.of("completions/jam.bash");

  @ParameterizedTest
  @ValueSource(strings = {"jam.bash", "_jam"})
  void committedCompletionsAreUpToDate(String name) throws IOException {
    Path generated = Path.of("target/completions", name);
    Path committed = Path.of("completions", name);
    assertTrue(Files.exists(generated), "the build (process-classes) generates " + generated);
    assertTrue(
        Files.exists(committed), committed + " is missing: cp target/completions/* completions/");
    assertEquals(
        Files.readString(generated),
        Files.readString(committed),
        committed + " is stale: run 'mvn process-classes && cp target/completions/* completions/'");
    assertTrue(Files.readString(committed).contains("serve"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jam.bash", "_jam"})
  void scriptsNameEverySubcommandAndSound(String name) throws IOException {
    String script = Files.readString(Path.of("completions", name));
    String commands =
        "local commands=\"" + String.join(" ", CommandLineFactory.commandNames()) + "\"";
    assertTrue(script.contains(commands), name + " lacks " + commands);
    for (String command : CommandLineFactory.commandNames()) {
      assertTrue(
          script.contains("function _picocli_jam_" + command.replace("-", "") + "()"),
          name + ": " + command);
    }
    String sounds = "(\"" + String.join("\" \"", SoundNames.ALL) + "\") # --sound values";
    assertTrue(script.contains(sounds), name + " lacks " + sounds);
  }

  @Test
  void zshScriptIsACompdefFunctionThatCompletesItsFirstTab() throws IOException {
    String script = Files.readString(Path.of("completions/_jam"));
    assertTrue(
        script.startsWith("#compdef jam\n"), "compinit autoloads only files starting #compdef");
    assertTrue(script.contains("_bash_complete -o default -F _complete_jam"), script);
    assertTrue(script.contains("complete -F _complete_jam -o default jam"), script);
  }

  @Test
  void bashCompletesTheSubcommands() throws Exception {
    assertEquals(new ArrayList<>(CommandLineFactory.commandNames()), bashCompletes("jam", ""));
    assertEquals(List.of("trigger", "tracks"), bashCompletes("jam", "tr"));
    assertEquals(List.of("add-track"), bashCompletes("jam", "-q", "add"));
  }

  @Test
  void bashCompletesSoundNames() throws Exception {
    assertEquals(SoundNames.ALL, bashCompletes("jam", "trigger", "--sound", ""));
    assertEquals(List.of("kick"), bashCompletes("jam", "trigger", "--count", "4", "--sound", "k"));
  }

  @Test
  void bashCompletesEveryOptionOfEveryCommand() throws Exception {
    CommandLine jam =
        CommandLineFactory.create(); // the full model, as the build's generator sees it
    List<String> rootOptions = bashCompletes("jam", "-");
    for (OptionSpec option : jam.getCommandSpec().options()) {
      assertTrue(
          rootOptions.containsAll(Arrays.asList(option.names())), "jam: " + option.longestName());
    }
    for (String command : CommandLineFactory.commandNames()) {
      List<String> offered = bashCompletes("jam", command, "-");
      for (OptionSpec option : jam.getSubcommands().get(command).getCommandSpec().options()) {
        assertTrue(
            offered.containsAll(Arrays.asList(option.names())),
            "jam "
                + command
                + " offers "
                + offered
                + ", not all of "
                + Arrays.toString(option.names()));
      }
    }
  }

  @Test
  void bashCompletesHelpTopicsAndShells() throws Exception {
    List<String> topics = new ArrayList<>(CommandLineFactory.commandNames());
    topics.remove("help");
    assertEquals(topics, bashCompletes("jam", "help", ""));
    assertEquals(List.of("bash", "zsh"), bashCompletes("jam", "completion", ""));
    assertEquals(
        List.of("broadcast", "trigger", "storm"), bashCompletes("jam", "bench", "--mode", ""));
  }

  /** File names for add-track's FILEs and every --store; --format's values as help spells them. */
  @Test
  void bashCompletesFileNamesAndFormats() throws Exception {
    assertEquals(
        List.of("pom.xml"), bashCompletes("jam", "add-track", "pom")); // in the project folder
    assertEquals(List.of("pom.xml"), bashCompletes("jam", "add-track", "--store", "x.json", "pom"));
    for (String command : List.of("add-track", "join", "play", "tracks")) {
      assertEquals(List.of("pom.xml"), bashCompletes("jam", command, "--store", "pom"), command);
    }
    assertEquals(List.of("auto", "text", "json"), bashCompletes("jam", "join", "--format", ""));
  }

  /** What the committed bash script offers for the last of {@code words}, run by a real bash. */
  private static List<String> bashCompletes(String... words) throws Exception {
    Needs.programs("bash");
    StringBuilder array = new StringBuilder();
    for (String word : words) {
      array.append(" '").append(word.replace("'", "'\\''")).append('\'');
    }
    String line = String.join(" ", words);
    String program =
        "source "
            + BASH_SCRIPT
            + "\n"
            + "COMP_WORDS=("
            + array
            + ")\n"
            + "COMP_CWORD="
            + (words.length - 1)
            + "\n"
            + "COMP_LINE='"
            + line.replace("'", "'\\''")
            + "'\n"
            + "COMP_POINT=${#COMP_LINE}\n"
            + "_complete_jam\n"
            + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process p =
        new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program)
            .redirectError(
                ProcessBuilder.Redirect.DISCARD) // compopt complains outside a real completion
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "bash did not finish");
    assertEquals(0, p.exitValue(), "bash exit status for " + line);
    return out.lines().filter(s -> !s.isEmpty()).toList();
  }
}
