package jam.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine beyond Java: programs on the PATH (jq, tmux, zsh, node,
 * groff), ALSA's library. A test without it is skipped on a developer's machine and fails under
 * {@code CI=true}, so that CI cannot pass by skipping it; {@code .ci/run} installs everything these
 * tests need. Stateless.
 */
public final class Needs {
  private Needs() {}

  /**
   * Skips the test, or fails it under {@code CI=true}, unless {@code met}; {@code missing} says
   * what is not there.
   */
  public static void that(boolean met, String missing) {
    if (met) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      fail("under CI=true: " + missing);
    }
    Assumptions.abort(missing);
  }

  /** Every program named can be run from the PATH. */
  public static void programs(String... names) {
    for (String name : names) {
      that(onPath(name), name + " is not installed");
    }
  }

  /**
   * ALSA as javax.sound uses it: libasound2, with its configuration. Off Linux there is no ALSA to
   * install, and the test is skipped wherever it runs.
   */
  public static void alsa() {
    Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "ALSA is Linux only");
    that(Files.exists(Path.of("/usr/share/alsa/alsa.conf")), "libasound2 is not installed");
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
