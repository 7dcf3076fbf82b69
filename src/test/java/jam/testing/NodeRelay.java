package jam.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * The tutorials' Node relay (../shared/bench/anchors/node-ws-relay.js) running on a free loopback
 * port, for tests that check jam against what users would otherwise run. It needs {@code node} and
 * the harness's {@code ws} module ({@code npm ci} in ../shared/bench, or {@code NODE_PATH}; {@code
 * .ci/run} installs it); without them the test is skipped, or fails under {@code CI=true} ({@link
 * Needs}). Closing it stops the relay.
 */
public final class NodeRelay implements AutoCloseable {
  private static final Path SCRIPT =
      Paths.get(System.getProperty("jam.nodeRelay", "../shared/bench/anchors/node-ws-relay.js"))
          .toAbsolutePath()
          .normalize();

  private final Process process;
  private final int port;

  private NodeRelay(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the relay and waits for its "listening" line. */
  public static NodeRelay start() throws IOException {
    Needs.that(Files.exists(SCRIPT), "no Node relay at " + SCRIPT);
    Needs.that(nodeRuns(), "node is not installed");
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Process node =
        new ProcessBuilder("node", SCRIPT.toString(), Integer.toString(port))
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    NodeRelay relay = new NodeRelay(node, port);
    BufferedReader log =
        new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    String first = log.readLine();
    if (first == null || !first.contains("listening")) {
      StringBuilder rest = new StringBuilder(String.valueOf(first));
      for (String line; rest.length() < 2000 && (line = log.readLine()) != null; ) {
        rest.append('\n').append(line);
      }
      relay.close();
      Needs.that(
          !rest.toString().contains("Cannot find module 'ws'"),
          "the Node relay needs the ws module: run npm ci in " + SCRIPT.getParent().getParent());
      fail("node relay did not start: " + rest);
    }
    // drain its log so that it never blocks on a full pipe
    Thread drain =
        new Thread(
            () -> {
              try {
                node.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
              } catch (IOException ignored) {
                // the relay ended
              }
            },
            "node-relay-log");
    drain.setDaemon(true);
    drain.start();
    return relay;
  }

  public URI url() {
    return URI.create("ws://127.0.0.1:" + port + "/socket");
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static boolean nodeRuns() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
