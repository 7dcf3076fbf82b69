package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed completion scripts are the ones the build generates from the command model. */
class CompletionsTest {
  @ParameterizedTest
  @ValueSource(strings = {"jam.bash", "_jam"})
  void committedCompletionsAreUpToDate(String name) throws IOException {
    Path generated = Path.of("target/completions", name);
    Path committed = Path.of("completions", name);
    assertTrue(Files.exists(generated), "the build (process-classes) generates " + generated);
    assertTrue(Files.exists(committed), committed + " is missing: cp target/completions/* completions/");
    assertEquals(
        Files.readString(generated),
        Files.readString(committed),
        committed + " is stale: run 'mvn process-classes && cp target/completions/* completions/'");
    assertTrue(Files.readString(committed).contains("serve"));
  }
}
