package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.protocol.Wire;
import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jam serve}: runs a relay until SIGINT or SIGTERM. */
@Command(
    name = "serve",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Run a relay that peers join.",
    description = {
      "Each time a peer connects, the relay sends 'collect' to every peer, the newcomer included;",
      "peers answer with their tracks. 'trigger-input' becomes 'trigger-output' to every peer.",
      "Every other text message goes verbatim to every peer, sender included. The relay keeps no",
      "tracks: they live on the peers.",
      "",
      "Endpoints: the --path (default /socket) and /, for clients that connect to the page's origin.",
      "Binary frames are ignored (not relayed); text that is not valid UTF-8 closes its sender",
      "(1007); a message over --max-message closes its sender (1009); a peer that stops reading is",
      "closed once --max-queue bytes wait for it (1008). Other peers are never affected.",
      "",
      "The first and only line on stdout is the relay's URL; joins and leaves go to stderr."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam serve                                relay on port 8080, every interface",
      "  jam serve --host 127.0.0.1 --port 0      this machine only, any free port",
      "  url=$(jam serve --port 0 -q | head -1)   (in a script: read the URL line)"
    })
final class ServeCommand implements Callable<Integer> {
  @ParentCommand JamCommand root;
  @Spec CommandSpec spec;

  @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}, every interface).")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--path", defaultValue = Wire.DEFAULT_PATH, description = "Endpoint path, besides / (default: ${DEFAULT-VALUE}).")
  String path;

  @Option(
      names = "--max-message",
      defaultValue = "1MiB",
      converter = Units.SizeConverter.class,
      paramLabel = "SIZE",
      description = "Largest message a peer may send (default: ${DEFAULT-VALUE}).")
  long maxMessage;

  @Option(
      names = "--max-queue",
      defaultValue = "16MiB",
      converter = Units.SizeConverter.class,
      paramLabel = "SIZE",
      description = "Unsent bytes a slow peer may have before it is dropped (default: ${DEFAULT-VALUE}).")
  long maxQueue;

  @Option(
      names = "--keepalive",
      defaultValue = "30s",
      converter = Units.DurationConverter.class,
      paramLabel = "DURATION",
      description = "Ping interval; peers silent for 1.5 intervals are dropped; 0 disables (default: ${DEFAULT-VALUE}).")
  Duration keepalive;

  @Override
  public Integer call() throws InterruptedException {
    RelayConfig config = config();
    Reporter reporter = root.reporter();
    ShutdownSignal signal = ShutdownSignal.install();
    try (Relay relay = Relay.start(config, new RelayLog(reporter))) {
      PrintWriter out = spec.commandLine().getOut();
      out.println(relay.url());
      out.flush();
      for (String lan : relay.lanUrls()) {
        reporter.info("also reachable at " + lan);
      }
      reporter.info("relay ready; Ctrl-C stops it");
      signal.await();
      reporter.info("stopping: closing " + relay.peers() + " peer(s)");
    }
    return ExitCode.OK.code();
  }

  private RelayConfig config() {
    if (maxMessage > Integer.MAX_VALUE) {
      throw new JamException(ExitCode.USAGE, "--max-message must be below 2 GiB");
    }
    try {
      return new RelayConfig(host, port, path, (int) maxMessage, maxQueue, (int) Math.ceil(keepalive.toMillis() / 1000.0));
    } catch (IllegalArgumentException e) {
      throw new JamException(ExitCode.USAGE, e.getMessage());
    }
  }

  /** Joins, leaves and drops as stderr lines. */
  private static final class RelayLog implements RelayListener {
    private final Reporter reporter;

    RelayLog(Reporter reporter) {
      this.reporter = reporter;
    }

    @Override
    public void joined(InetSocketAddress peer, int peers) {
      reporter.info(name(peer) + " joined (" + count(peers) + ")");
    }

    @Override
    public void left(InetSocketAddress peer, int peers, int code, String reason) {
      reporter.info(name(peer) + " left (" + count(peers) + ")");
    }

    @Override
    public void dropped(InetSocketAddress peer, String why) {
      reporter.warn("dropped " + name(peer) + ": " + why);
    }

    @Override
    public void ignored(InetSocketAddress peer, String what) {
      if (reporter.debugEnabled()) {
        reporter.debug(name(peer) + ": ignored " + what);
      }
    }

    private static String name(InetSocketAddress a) {
      return a == null ? "peer" : "peer " + a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static String count(int n) {
      return n == 1 ? "1 peer" : n + " peers";
    }
  }
}
