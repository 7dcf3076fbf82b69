package jam.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Debian's {@code nats-server} for the cluster's tests: one server, or a cluster of servers joined
 * by routes, each on free loopback ports, each a process that can be killed and started again on
 * the same ports. Logs go to files in the test's folder. Not thread safe.
 */
public final class NatsServers implements AutoCloseable {
  private static final long READY_MILLIS = 10_000;

  private final Path dir;
  private final int[] ports;
  private final int[] routePorts;
  private final Process[] processes;

  /** Debian installs it in /usr/sbin, which a user's PATH may lack. */
  private static final Path SBIN = Path.of("/usr/sbin/nats-server");

  private final String program;

  private NatsServers(Path dir, int n) {
    if (Files.isExecutable(SBIN)) {
      program = SBIN.toString();
    } else {
      Needs.programs("nats-server");
      program = "nats-server";
    }
    this.dir = dir;
    this.ports = new int[n];
    this.routePorts = new int[n];
    this.processes = new Process[n];
    for (int i = 0; i < n; i++) {
      ports[i] = freePort();
      routePorts[i] = n > 1 ? freePort() : 0;
    }
  }

  /** One NATS server, started. */
  public static NatsServers one(Path dir) {
    NatsServers s = new NatsServers(dir, 1);
    s.start(0);
    return s;
  }

  /** A cluster of {@code n} NATS servers with routes to each other, started and routed. */
  public static NatsServers cluster(Path dir, int n) {
    NatsServers s = new NatsServers(dir, n);
    for (int i = 0; i < n; i++) {
      s.start(i);
    }
    s.awaitRoutes();
    return s;
  }

  /** {@code nats://127.0.0.1:PORT} of server {@code i}. */
  public String url(int i) {
    return "nats://127.0.0.1:" + ports[i];
  }

  /** The process id of server {@code i}, to read its CPU time from /proc. */
  public long pid(int i) {
    return processes[i].pid();
  }

  /** Every server's URL, comma-separated, as {@code --cluster} takes them. */
  public String urls() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < ports.length; i++) {
      all.add(url(i));
    }
    return String.join(",", all);
  }

  /** The index of the server listening on {@code port}, or -1. */
  public int indexOf(int port) {
    for (int i = 0; i < ports.length; i++) {
      if (ports[i] == port) {
        return i;
      }
    }
    return -1;
  }

  /** Starts server {@code i} (again) on its ports and waits until it accepts connections. */
  public void start(int i) {
    List<String> cmd = new ArrayList<>(List.of(program, "-a", "127.0.0.1", "-p", "" + ports[i]));
    if (routePorts.length > 1) {
      cmd.addAll(
          List.of("--cluster_name", "jam-test", "--cluster", "nats://127.0.0.1:" + routePorts[i]));
      String routes =
          java.util.stream.IntStream.range(0, routePorts.length)
              .filter(j -> j != i)
              .mapToObj(j -> "nats://127.0.0.1:" + routePorts[j])
              .collect(Collectors.joining(","));
      cmd.addAll(List.of("--routes", routes));
    }
    File log = dir.resolve("nats-" + i + ".log").toFile();
    try {
      processes[i] =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.currentTimeMillis() + READY_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", ports[i]), 200);
        return;
      } catch (IOException notYet) {
        sleep(20);
      }
    }
    fail("nats-server " + i + " did not start: " + log(i));
  }

  /** Kills server {@code i} (SIGKILL) and waits for it to be gone. */
  public void kill(int i) {
    Process p = processes[i];
    p.destroyForcibly();
    try {
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What server {@code i} logged. */
  public String log(int i) {
    try {
      return Files.readString(dir.resolve("nats-" + i + ".log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void awaitRoutes() {
    long deadline = System.currentTimeMillis() + READY_MILLIS;
    int want = ports.length - 1;
    while (System.currentTimeMillis() < deadline) {
      boolean all = true;
      for (int i = 0; i < ports.length; i++) {
        all &= log(i).split("Route connection created", -1).length - 1 >= want;
      }
      if (all) {
        return;
      }
      sleep(50);
    }
    fail("the NATS servers did not route to each other: " + log(0));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      if (p != null) {
        p.destroyForcibly();
      }
    }
  }
}
