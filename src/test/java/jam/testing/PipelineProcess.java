package jam.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code bin/jam} process (or a shell pipeline with {@code jam} on the PATH), the way a user runs
 * it: a clean environment (HOME in the test's folder, no JAM_* variables), stdout and stderr read line by
 * line into queues. Closing it kills whatever is still running. Thread safe.
 */
public final class PipelineProcess implements AutoCloseable {
  public static final Path LAUNCHER = Paths.get("bin", "jam").toAbsolutePath();
  private static final long WAIT_SECONDS = 30;
  private static final String EOF = "\u0000eof";

  private final Process process;
  private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> err = new LinkedBlockingQueue<>();
  private final List<String> allOut = new ArrayList<>();
  private final List<String> allErr = new ArrayList<>();
  private final Thread outPump;
  private final Thread errPump;

  private PipelineProcess(Process process) {
    this.process = process;
    outPump = pump(process.getInputStream(), out, allOut, "jam-it-stdout");
    errPump = pump(process.getErrorStream(), err, allErr, "jam-it-stderr");
  }

  /** {@code bin/jam args...} in {@code dir}, with {@code env} added to the clean environment. */
  public static PipelineProcess jam(Path dir, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(LAUNCHER.toString());
    command.addAll(List.of(args));
    return start(dir, env, command);
  }

  /** A bash script (pipelines, redirections) in {@code dir}, where {@code jam} is {@code bin/jam}. */
  public static PipelineProcess shell(Path dir, Map<String, String> env, String script) {
    return start(dir, env, List.of("bash", "-c", script));
  }

  private static PipelineProcess start(Path dir, Map<String, String> env, List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> e = pb.environment();
    e.keySet().removeIf(k -> k.startsWith("JAM_") || k.startsWith("XDG_"));
    e.put("HOME", dir.toString());
    e.put("PATH", LAUNCHER.getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    e.putAll(env);
    try {
      return new PipelineProcess(pb.start());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** True when {@code command} can be run here (for assumptions: node, jq). */
  public static boolean available(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static Thread pump(InputStream in, BlockingQueue<String> queue, List<String> all, String name) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (all) {
                    all.add(line);
                  }
                  queue.add(line);
                }
              } catch (IOException e) {
                // the process is gone
              } finally {
                queue.add(EOF);
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  public long pid() {
    return process.pid();
  }

  public Process process() {
    return process;
  }

  /** The next stdout line; fails when none comes in time or stdout ends. */
  public String nextLine() {
    return next(out, "stdout");
  }

  /** Reads stderr until a line contains {@code text}; returns that line. */
  public String awaitErr(String text) {
    while (true) {
      String line = next(err, "stderr (waiting for '" + text + "')");
      if (line.contains(text)) {
        return line;
      }
    }
  }

  private String next(BlockingQueue<String> queue, String what) {
    try {
      String line = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(line, "no line on " + what + " within " + WAIT_SECONDS + " s; stderr: " + err());
      assertTrue(line != EOF, what + " ended; stderr: " + err());
      return line;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Sends SIGTERM (what {@link Process#destroy} does on Unix). */
  public void terminate() {
    process.destroy();
  }

  /** Sends SIGINT, as Ctrl-C would. */
  public void interrupt() {
    signal("INT", process.toHandle());
  }

  /** Sends SIGTERM to every process under this one (e.g. the commands of a pipeline). */
  public void terminateChildren() {
    process.descendants().forEach(ProcessHandle::destroy);
  }

  private static void signal(String name, ProcessHandle p) {
    try {
      new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Waits for the exit (bounded) and returns its code. */
  public int exitCode() {
    try {
      assertTrue(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "still running after " + WAIT_SECONDS + " s; stderr: " + err());
      outPump.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS)); // everything the process wrote is read
      errPump.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      return process.exitValue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Everything written to stdout so far, one line each. */
  public String out() {
    synchronized (allOut) {
      return allOut.isEmpty() ? "" : String.join("\n", allOut) + "\n";
    }
  }

  public String err() {
    synchronized (allErr) {
      return allErr.isEmpty() ? "" : String.join("\n", allErr) + "\n";
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
