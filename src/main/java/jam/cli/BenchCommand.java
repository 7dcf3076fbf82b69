package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.bench.Bench;
import jam.bench.BenchConfig;
import jam.bench.BenchConfig.Arrival;
import jam.bench.BenchConfig.Mode;
import jam.bench.BenchResult;
import jam.bench.Progress;
import jam.bench.Target;
import jam.protocol.RelayUrls;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jam bench}: puts a measured load on a relay, jam's or any other that speaks the protocol.
 */
@Command(
    name = "bench",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Measure a relay: throughput, latency, join storms.",
    description = {
      "Opens --peers connections to the relay, all on one thread, and measures what the Node load generator of the benchmark harness (loadgen.js) measures, the same way, so that the two can be compared side by side:",
      "",
      "  broadcast  the senders send timestamped messages of --size bytes;",
      "             every peer counts them and their latency (one clock).",
      "             At max rate a window of messages stays in flight;",
      "             --rate R sends R messages/s.",
      "  trigger    'trigger-input' from one sender; peers count",
      "             'trigger-output'.",
      "  storm      peers that each own one track (--size bytes) join one",
      "             at a time (--arrival sequential) or all at once (burst)",
      "             and answer 'collect'; timed until every peer has every",
      "             peer's track. --duration is then the time limit.",
      "",
      "A status line on stderr while it runs; a summary on stdout, or one JSON object with --json (loadgen.js's field names). --server-pid reads the relay's CPU time and memory from /proc: CPU microseconds per delivery.",
      "",
      "A cluster: --sender-url puts the senders on one relay and the peers on URL, another; give --server-pid for each relay and the NATS server to read the CPU of all that does the work (bench/cluster.sh runs this beside one relay).",
      "",
      "Exit status: 0 when every message arrived; 6 when some were lost, the relay did not keep up with --rate or a storm did not complete; 4 when the relay cannot be reached or a connection was lost."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam bench             100 peers, 64 B, max rate, 10 s, to $JAM_URL",
      "  jam bench --peers 1000 --rate 50 --duration 5s   latency at 50/s",
      "  jam bench --server-pid \"$(pgrep -n -f 'jam.jar serve')\"",
      "                        + the relay's CPU per delivery",
      "  jam bench ws://127.0.0.1:7002 --rate 1000 \\",
      "    --sender-url ws://127.0.0.1:7001 \\",
      "    --server-pid A --server-pid B --server-pid N",
      "                        sender on relay A, peers on relay B;",
      "                        CPU of A+B+NATS",
      "  jam bench --mode storm --peers 200 --arrival burst",
      "  jam bench --json --messages 10000 | jq .p99_ms"
    })
final class BenchCommand implements Callable<Integer> {
  static final String DEFAULT_URL = RelayUrlOption.DEFAULT_URL;

  @ParentCommand JamCommand root;
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "URL",
      defaultValue = "${env:JAM_URL:-" + DEFAULT_URL + "}",
      description =
          "The relay to measure. Default: $JAM_URL, else the relay on this machine, "
              + DEFAULT_URL
              + ".")
  String url;

  @Option(
      names = "--mode",
      defaultValue = "broadcast",
      paramLabel = "MODE",
      description = "broadcast, trigger or storm (default: ${DEFAULT-VALUE}).")
  Mode mode;

  @Option(
      names = "--peers",
      defaultValue = "100",
      paramLabel = "N",
      description = "Receiving peers, or storm peers (default: ${DEFAULT-VALUE}).")
  int peers;

  @Option(
      names = "--messages",
      paramLabel = "M",
      description = "Stop sending after M messages (default: no limit; --duration ends it).")
  Long messages;

  @Option(
      names = "--size",
      converter = Units.SizeConverter.class,
      paramLabel = "BYTES",
      description =
          "Bytes per message, at least 37 (default: 64); storm: per track array (default: 200).")
  Long size;

  @Option(
      names = "--rate",
      defaultValue = "max",
      paramLabel = "R|max",
      description = "Messages per second from all senders, or max (default: ${DEFAULT-VALUE}).")
  String rate;

  @Option(
      names = "--senders",
      defaultValue = "1",
      paramLabel = "S",
      description = "Sending connections besides the peers (default: ${DEFAULT-VALUE}).")
  int senders;

  @Option(
      names = "--duration",
      converter = Units.DurationConverter.class,
      paramLabel = "DURATION",
      description = "How long to send (default: 10s); storm: the time limit (default: 120s).")
  Duration duration;

  @Option(
      names = "--arrival",
      defaultValue = "sequential",
      paramLabel = "HOW",
      description = "Storm peers join: sequential or burst (default: ${DEFAULT-VALUE}).")
  Arrival arrival;

  @Option(
      names = "--sender-url",
      paramLabel = "URL",
      description =
          "Connect the senders here and the peers to URL: the sender on one relay of a cluster"
              + " (jam serve --cluster), its receivers on another (default: URL).")
  String senderUrl;

  @Option(
      names = "--server-pid",
      paramLabel = "PID",
      description =
          "The relay's process id: report its CPU time and memory (Linux). Repeat it for every"
              + " process that relays (the relays of a cluster and its nats-server): their CPU is"
              + " summed, and listed per process (server_cpu_by_pid in --json).")
  List<Long> serverPids = new ArrayList<>();

  @Option(
      names = "--warmup",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "First run the mode for a moment against a relay inside jam bench, so that the measured run"
              + " does not pay for the JVM's warm-up (default: on; --no-warmup skips it).")
  boolean warmUp;

  @Option(
      names = "--token",
      paramLabel = "SECRET",
      description =
          "Access token of a relay started with --token (default: $JAM_TOKEN, else ?token= in the URL). Sent as ?token=; never printed.")
  String token;

  @Option(names = "--json", description = "Print one JSON object instead of the summary.")
  boolean json;

  @Override
  public Integer call() {
    BenchConfig config = config();
    BenchResult result = Bench.run(config, progress());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(result.json());
    } else {
      out.print(result.table());
    }
    out.flush();
    JamException failure = result.failure();
    if (failure != null) {
      throw failure;
    }
    return ExitCode.OK.code();
  }

  private BenchConfig config() {
    try {
      Target target =
          Target.parse(withToken(url == null || url.isBlank() ? DEFAULT_URL : url.trim()));
      Target senderTarget = senderUrl == null ? null : Target.parse(withToken(senderUrl.trim()));
      List<Long> pids = new ArrayList<>();
      for (long pid : serverPids) {
        if (pid != 0) { // 0: none, as before the option could be repeated
          pids.add(pid);
        }
      }
      return new BenchConfig(
          target,
          mode,
          peers,
          senders,
          messages == null ? Long.MAX_VALUE : messages,
          (int) Math.min(Integer.MAX_VALUE, size == null ? BenchConfig.defaultSize(mode) : size),
          parseRate(rate),
          duration == null ? BenchConfig.defaultDuration(mode) : duration,
          arrival,
          pids,
          warmUp,
          senderTarget);
    } catch (IllegalArgumentException e) {
      throw new JamException(ExitCode.USAGE, e.getMessage());
    }
  }

  /** {@code text} with the token from --token or $JAM_TOKEN in it; as given when there is none. */
  private String withToken(String text) {
    if (token != null && token.isEmpty()) {
      throw new IllegalArgumentException("--token must not be empty");
    }
    String secret = token != null ? token : System.getenv("JAM_TOKEN");
    if (secret == null || secret.isBlank()) {
      return text;
    }
    try {
      return RelayUrls.withToken(new URI(text), secret).toString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + RelayUrls.redact(text) + "' is not a URL");
    }
  }

  private static double parseRate(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("max")) {
      return 0;
    }
    try {
      double r = Double.parseDouble(v);
      if (r > 0 && Double.isFinite(r)) {
        return r;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new IllegalArgumentException(
        "--rate must be 'max' or a positive number of messages per second, not '" + value + "'");
  }

  private Progress progress() {
    if (root.quiet) {
      return Progress.NONE;
    }
    PrintWriter err = spec.commandLine().getErr();
    return StatusLine.isTerminal() ? new StatusLine.Terminal(err) : new StatusLine.Plain(err);
  }
}
