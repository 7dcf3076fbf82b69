package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.testing.Needs;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed man pages (man/man1) are the ones the build generates before the integration tests
 * (target/man/man1: jam.cli.ManPages, then Asciidoctor), there is one per command, and groff
 * renders each without a warning.
 */
class ManPagesIT {
  private static final Path GENERATED = Path.of("target/man/man1");
  private static final Path COMMITTED = Path.of("man/man1");
  private static final String REFRESH =
      "refresh them: mvn -DskipTests verify && cp target/man/man1/* man/man1/";

  static Stream<String> pages() {
    List<String> pages = new ArrayList<>(List.of("jam.1"));
    CommandLineFactory.commandNames().forEach(name -> pages.add("jam-" + name + ".1"));
    return pages.stream();
  }

  @Test
  void theBuildGeneratedThePagesOfEveryCommandAndNoOthers() throws IOException {
    assertTrue(
        Files.isDirectory(GENERATED), "the build (pre-integration-test) generates " + GENERATED);
    assertEquals(new TreeSet<>(pages().toList()), names(GENERATED));
    assertEquals(
        names(GENERATED),
        names(COMMITTED),
        "man/man1 holds other pages than the build makes: " + REFRESH);
  }

  @ParameterizedTest
  @MethodSource("pages")
  void committedPageIsUpToDate(String page) throws IOException {
    assertTrue(
        Files.exists(COMMITTED.resolve(page)), COMMITTED.resolve(page) + " is missing: " + REFRESH);
    assertEquals(
        Files.readString(GENERATED.resolve(page)),
        Files.readString(COMMITTED.resolve(page)),
        COMMITTED.resolve(page) + " is stale: " + REFRESH);
  }

  @ParameterizedTest
  @MethodSource("pages")
  void groffRendersThePageWithoutWarnings(String page) throws Exception {
    Needs.programs("groff");
    Process p =
        new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", COMMITTED.resolve(page).toString())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    // small pages: both streams fit the pipes, so read them one after the other
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "groff did not finish");
    assertEquals("", err, page);
    assertEquals(0, p.exitValue(), page);
    String name = page.substring(0, page.length() - 2);
    String plain = out.replaceAll(".\b", ""); // no overstriking
    assertTrue(plain.contains("NAME\n       " + name + " - "), plain);
    assertTrue(plain.contains("SYNOPSIS\n       " + name.replaceFirst("^jam-", "jam ")), plain);
  }

  /** At 80 columns, as man renders at a terminal of that width, examples included. */
  @ParameterizedTest
  @MethodSource("pages")
  void everyLineFitsEightyColumns(String page) throws Exception {
    Needs.programs("groff");
    Process p =
        new ProcessBuilder(
                "groff", "-man", "-Tutf8", "-rLL=80n", COMMITTED.resolve(page).toString())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "groff did not finish");
    for (String line : out.replaceAll(".\b", "").lines().toList()) {
      assertTrue(
          line.codePointCount(0, line.length()) <= 80, page + ": a line over 80 columns:\n" + line);
    }
  }

  private static TreeSet<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return new TreeSet<>(files.map(f -> f.getFileName().toString()).toList());
    }
  }
}
