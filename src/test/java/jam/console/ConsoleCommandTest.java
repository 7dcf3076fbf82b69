package jam.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleCommandTest {
  @Test
  void commandsAndTheirArguments() {
    assertEquals(new ConsoleCommand.Bang(null), ConsoleCommand.parse(""));
    assertEquals(new ConsoleCommand.Bang(null), ConsoleCommand.parse("bang"));
    assertEquals(new ConsoleCommand.Bang("hat"), ConsoleCommand.parse("  bang   hat "));
    assertEquals(
        new ConsoleCommand.Add("my riff.json"),
        ConsoleCommand.parse(List.of("add", "my riff.json")));
    assertEquals(new ConsoleCommand.Tracks(), ConsoleCommand.parse("tracks"));
    assertEquals(new ConsoleCommand.Rm(List.of("riff", "b2")), ConsoleCommand.parse("rm riff b2"));
    assertEquals(
        new ConsoleCommand.Replace("riff.json"), ConsoleCommand.parse("replace riff.json"));
    assertEquals(new ConsoleCommand.Play("riff", false), ConsoleCommand.parse("PLAY riff"));
    assertEquals(
        new ConsoleCommand.Play("riff", true), ConsoleCommand.parse("play --together riff"));
    assertEquals(new ConsoleCommand.Tempo(null), ConsoleCommand.parse("tempo"));
    assertEquals(new ConsoleCommand.Tempo(96.0), ConsoleCommand.parse("tempo 96"));
    assertEquals(new ConsoleCommand.Mute(true), ConsoleCommand.parse("mute"));
    assertEquals(new ConsoleCommand.Mute(false), ConsoleCommand.parse("unmute"));
    assertEquals(new ConsoleCommand.Help(), ConsoleCommand.parse("help"));
    assertEquals(new ConsoleCommand.Quit(), ConsoleCommand.parse("quit"));
  }

  @Test
  void mistakesAreOneLineForPeople() {
    assertEquals(
        "unknown command 'frob' (try help)",
        assertThrows(IllegalArgumentException.class, () -> ConsoleCommand.parse("frob"))
            .getMessage());
    assertEquals(
        "add takes one FILE",
        assertThrows(IllegalArgumentException.class, () -> ConsoleCommand.parse("add"))
            .getMessage());
    assertEquals(
        "add takes one FILE (quote one with spaces)",
        assertThrows(IllegalArgumentException.class, () -> ConsoleCommand.parse("add a b"))
            .getMessage());
    assertEquals(
        "bang takes at most one SOUND",
        assertThrows(IllegalArgumentException.class, () -> ConsoleCommand.parse("bang a b"))
            .getMessage());
    assertEquals(
        "tracks takes no arguments",
        assertThrows(IllegalArgumentException.class, () -> ConsoleCommand.parse("tracks x"))
            .getMessage());
    assertEquals(
        "rm takes one or more IDs or NAMEs",
        assertThrows(IllegalArgumentException.class, () -> ConsoleCommand.parse("rm"))
            .getMessage());
    assertEquals(
        "tempo must be from 20 to 999 bpm, not 0",
        assertThrows(IllegalArgumentException.class, () -> ConsoleCommand.parse("tempo 0"))
            .getMessage());
    assertEquals(
        "tempo must be from 20 to 999 bpm, not fast",
        assertThrows(IllegalArgumentException.class, () -> ConsoleCommand.parse("tempo fast"))
            .getMessage());
  }

  @Test
  void helpListsEveryCommand() {
    for (String name : ConsoleCommand.NAMES) {
      assertEquals(
          1,
          ConsoleCommand.HELP.stream()
              .filter(line -> line.matches("(.*[ ,])?" + name + "\\b.*"))
              .limit(1)
              .count(),
          name);
    }
  }
}
