package jam.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/jam} run as a separate process, the way a user runs it. stdout and stderr go to files
 * (reading a pipe while the JDK's reaper drains it on exit fails with "Stream closed"); stdout is
 * read back line by line. Not thread safe.
 */
public final class JamProcess implements AutoCloseable {
  /** The project folder (Maven runs tests from it). */
  public static final Path HOME = Path.of("").toAbsolutePath();

  private static final long LINE_WAIT_MILLIS = 120_000;

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private int consumed;

  private JamProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts {@code bin/jam args...} with stdin from /dev/null. */
  public static JamProcess start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(HOME.resolve("bin/jam").toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("jam-stdout", ".txt");
    Path err = Files.createTempFile("jam-stderr", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(new File("/dev/null"));
    pb.environment().putAll(env);
    return new JamProcess(pb.start(), out, err);
  }

  public static JamProcess start(String... args) throws IOException {
    return start(Map.of(), args);
  }

  /** Runs to completion (bounded) and returns the exit code; stdout and stderr stay readable. */
  public static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    try (JamProcess p = start(env, args)) {
      int code = p.waitFor(120);
      return new Result(code, p.readRest(), p.stderr());
    }
  }

  public static Result run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), args);
  }

  /** What a finished run printed. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /** The next stdout line (waiting for it), or null if the process exits without writing one. */
  public String readLine() throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + LINE_WAIT_MILLIS;
    while (true) {
      boolean exited = !process.isAlive();
      String all = Files.readString(stdout, StandardCharsets.UTF_8);
      int nl = all.indexOf('\n', consumed);
      if (nl >= 0) {
        String line = all.substring(consumed, nl);
        consumed = nl + 1;
        return line;
      }
      if (exited || System.currentTimeMillis() > deadline) {
        return null;
      }
      Thread.sleep(20);
    }
  }

  /** Everything on stdout after the lines read so far, once the process has exited. */
  public String readRest() throws IOException, InterruptedException {
    if (!process.waitFor(LINE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
      return Files.readString(stdout, StandardCharsets.UTF_8).substring(consumed);
    }
    String all = Files.readString(stdout, StandardCharsets.UTF_8);
    String rest = all.substring(consumed);
    consumed = all.length();
    return rest;
  }

  public String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /** Sends SIGTERM (what {@code kill PID} sends). */
  public void terminate() {
    process.destroy();
  }

  /** Sends SIGINT (Ctrl-C). */
  public void interrupt() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
  }

  /** Waits at most {@code seconds} for the exit; returns the code, or -1 if still running. */
  public int waitFor(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  public Process process() {
    return process;
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(stdout);
    Files.deleteIfExists(stderr);
  }
}
