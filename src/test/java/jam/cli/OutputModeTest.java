package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jam.ExitCode;
import jam.JamException;
import jam.cli.OutputMode.Format;
import org.junit.jupiter.api.Test;

class OutputModeTest {
  static final OutputMode CONSOLE = new OutputMode(true, false, true);
  static final OutputMode CONSOLE_NO_COLOUR = new OutputMode(true, false, false);

  @Test
  void autoIsTheConsoleOnlyWhenBothSidesAreTerminals() {
    assertEquals(CONSOLE, OutputMode.decide(null, false, true, null));
    assertEquals(CONSOLE, OutputMode.decide(Format.AUTO, false, true, null));
    assertEquals(OutputMode.TEXT, OutputMode.decide(null, false, false, null));
    assertEquals(OutputMode.TEXT, OutputMode.decide(Format.AUTO, false, false, null));
  }

  @Test
  void textAndJsonOverrideATerminal() {
    assertEquals(OutputMode.TEXT, OutputMode.decide(Format.TEXT, false, true, null));
    assertEquals(OutputMode.JSON, OutputMode.decide(Format.JSON, false, true, null));
    assertEquals(OutputMode.JSON, OutputMode.decide(null, true, true, null));
    assertEquals(OutputMode.JSON, OutputMode.decide(Format.JSON, true, false, null));
  }

  @Test
  void noColorWhenNoColorIsSetAndNotEmpty() {
    assertEquals(CONSOLE_NO_COLOUR, OutputMode.decide(null, false, true, "1"));
    assertEquals(CONSOLE, OutputMode.decide(null, false, true, ""));
  }

  @Test
  void jsonContradictingFormatIsAUsageError() {
    JamException e =
        assertThrows(JamException.class, () -> OutputMode.decide(Format.TEXT, true, true, null));
    assertEquals(ExitCode.USAGE, e.exitCode());
    assertEquals("--json contradicts --format text", e.getMessage());
  }
}
