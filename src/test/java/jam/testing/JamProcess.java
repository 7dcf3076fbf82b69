package jam.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code bin/jam} (or a bash script with {@code jam} on its PATH) run as a separate process, the
 * way a user runs it: in a folder the test gives, which is also its HOME, with stdin from
 * /dev/null, in a clean environment: this JVM's without the JAM_* and XDG_* variables, bin/ first
 * on the PATH, and then what the test gives (JAVA_HOME, JAM_URL, JAM_JAVA_OPTS...). So a
 * developer's own JAM_URL, JAM_TOKEN, JAM_STORE or XDG_DATA_HOME reaches no test, and java is still
 * found as the developer's shell finds it.
 *
 * <p>stdout and stderr are pipes, each read from the start by a thread of its own into text that
 * only grows: the test takes stdout line by line, waits for a line on stderr, or reads all of
 * either. Reading at once is deliberate. A pipe holds 64 KiB, and a process that writes more (a JVM
 * under -Xlog) stops until it is read. When the process exits, the JDK's reaper drains what is left
 * in a pipe into memory and closes it; a thread that has been reading all along takes turns with it
 * on the stream's lock and misses nothing. The "Stream closed" that once made this class write to
 * files came from {@link Process#destroy}, which closes this end of the pipes: {@link #terminate}
 * signals through the {@link ProcessHandle} instead, which leaves them open, so what the process
 * writes as it stops is read.
 *
 * <p>Every wait is bounded and fails the test, with stderr in its message, when it runs out.
 * Closing kills the process and everything it started. Thread safe.
 */
public final class JamProcess implements AutoCloseable {
  /** The project folder (Maven runs the tests from it). */
  public static final Path PROJECT = Path.of("").toAbsolutePath();

  public static final Path LAUNCHER = PROJECT.resolve("bin/jam");

  /**
   * Long enough for a start on a busy two-core machine; short enough that a hang fails its test,
   * not the build.
   */
  private static final long WAIT_SECONDS = 120;

  private final Process process;
  private final Output out;
  private final Output err;

  private JamProcess(Process process) {
    this.process = process;
    out = Output.pump(process.getInputStream(), "jam-test-stdout");
    err = Output.pump(process.getErrorStream(), "jam-test-stderr");
  }

  /**
   * Starts {@code bin/jam args...} in {@code dir}, with {@code env} added to the clean environment.
   */
  public static JamProcess jam(Path dir, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(LAUNCHER.toString());
    command.addAll(List.of(args));
    return start(dir, env, command);
  }

  /**
   * Starts a bash script (pipelines, redirections) in {@code dir}, where {@code jam} is {@code
   * bin/jam}.
   */
  public static JamProcess shell(Path dir, Map<String, String> env, String script) {
    return start(dir, env, List.of("bash", "-c", script));
  }

  /**
   * Runs {@code bin/jam args...} as {@link #jam} does, to its exit (bounded), and returns what it
   * printed.
   */
  public static Result run(Path dir, Map<String, String> env, String... args) {
    try (JamProcess p = jam(dir, env, args)) {
      int code = p.exitCode();
      return new Result(code, p.out(), p.err());
    }
  }

  /** What a finished run printed. */
  public record Result(int exitCode, String out, String err) {}

  private static JamProcess start(Path dir, Map<String, String> env, List<String> command) {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectInput(new File("/dev/null"));
    Map<String, String> e = pb.environment();
    e.keySet().removeIf(k -> k.startsWith("JAM_") || k.startsWith("XDG_"));
    e.put("HOME", dir.toString());
    e.put(
        "PATH", LAUNCHER.getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    e.putAll(env);
    try {
      return new JamProcess(pb.start());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  public Process process() {
    return process;
  }

  /** The next stdout line (waiting for it), or null when stdout ends without one. */
  public String readLine() {
    return line(out, deadline(), "stdout");
  }

  /** The next stdout line; fails when stdout ends first. */
  public String nextLine() {
    String line = readLine();
    assertNotNull(line, "stdout ended; stderr: " + err());
    return line;
  }

  /**
   * Reads stderr on from the line last awaited until a line contains {@code text}; returns that
   * line.
   */
  public String awaitErr(String text) {
    long deadline = deadline();
    while (true) {
      String line = line(err, deadline, "stderr (waiting for '" + text + "')");
      assertNotNull(line, "stderr ended without '" + text + "': " + err());
      if (line.contains(text)) {
        return line;
      }
    }
  }

  /** Everything written to stdout so far. */
  public String out() {
    return out.text();
  }

  /** Everything written to stderr so far. */
  public String err() {
    return err.text();
  }

  /** Sends SIGTERM (what {@code kill PID} sends). */
  public void terminate() {
    process.toHandle().destroy();
  }

  /** Sends SIGINT, as Ctrl-C would. */
  public void interrupt() {
    try {
      Process kill =
          new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
      assertTrue(kill.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "kill -INT still running");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Waits (bounded) for the exit and for the end of the output, which {@link #out} and {@link #err}
   * then hold in full; returns the exit code.
   */
  public int exitCode() {
    return exitCode(WAIT_SECONDS);
  }

  /** As {@link #exitCode()}, failing when the process is still running after {@code seconds}. */
  public int exitCode(long seconds) {
    try {
      assertTrue(
          process.waitFor(seconds, TimeUnit.SECONDS),
          "still running after " + seconds + " s; stderr: " + err());
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    long deadline = deadline();
    assertTrue(
        out.awaitEnd(deadline) && err.awaitEnd(deadline),
        "exited, but a process it started still holds its output");
    return process.exitValue();
  }

  /**
   * Kills the process and every process under it (the commands of a pipeline), and waits (bounded)
   * for it.
   */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String line(Output output, long deadline, String what) {
    try {
      return output.nextLine(deadline);
    } catch (TimeoutException e) {
      return fail("no line on " + what + " within " + WAIT_SECONDS + " s; stderr: " + err());
    }
  }

  /** When a wait that starts now runs out, in {@link System#nanoTime}'s terms. */
  private static long deadline() {
    return System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
  }

  /**
   * One of the process's output streams: the text read so far, and how far the test has taken it
   * line by line.
   */
  private static final class Output {
    private final StringBuilder text = new StringBuilder();
    private int taken;
    private boolean ended;

    /** An Output filled from {@code in}, to its end, by a thread of its own. */
    static Output pump(InputStream in, String name) {
      Output output = new Output();
      Thread t = new Thread(() -> output.readAll(in), name);
      t.setDaemon(true);
      t.start();
      return output;
    }

    private void readAll(InputStream in) {
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        char[] buf = new char[8192];
        for (int n; (n = r.read(buf)) != -1; ) {
          synchronized (this) {
            text.append(buf, 0, n);
            notifyAll();
          }
        }
      } catch (IOException e) {
        // closed by close(): the test is done with it
      } finally {
        synchronized (this) {
          ended = true;
          notifyAll();
        }
      }
    }

    synchronized String text() {
      return text.toString();
    }

    /**
     * The next line not yet taken, without its newline (the last may lack one), or null when the
     * stream ended without one.
     *
     * @throws TimeoutException when neither happens before {@code deadline} (of {@link
     *     System#nanoTime})
     */
    synchronized String nextLine(long deadline) throws TimeoutException {
      try {
        while (true) {
          int nl = text.indexOf("\n", taken);
          if (nl >= 0 || (ended && taken < text.length())) {
            int end = nl >= 0 ? nl : text.length();
            String line = text.substring(taken, end);
            taken = Math.min(end + 1, text.length());
            return line;
          }
          if (ended) {
            return null;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new TimeoutException();
          }
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    /** Waits until the stream has ended or {@code deadline} has passed; true if it ended. */
    synchronized boolean awaitEnd(long deadline) {
      try {
        for (long left; !ended && (left = deadline - System.nanoTime()) > 0; ) {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return ended;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
