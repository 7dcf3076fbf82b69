package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.clock.Clock;
import jam.cluster.NatsCluster;
import jam.protocol.Message;
import jam.protocol.RelayUrls;
import jam.protocol.Wire;
import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayLog;
import jam.tls.TlsContexts;
import jam.web.WebFiles;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code jam serve}: runs a relay until SIGINT or SIGTERM. */
@Command(
    name = "serve",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Run a relay that peers join.",
    description = {
      "When a peer connects, the relay sends it 'collect' and hands it the track arrays the other peers shared, kept only while those peers are connected; with --collect it asks every peer again, as the tutorials' relay does. 'trigger-input' becomes 'trigger-output' to every peer. Every other text message goes verbatim to every peer, sender included. Tracks live on the peers: the relay stores nothing.",
      "",
      "Endpoints: the --path (default /socket) and /, for clients that connect to the page's origin. Binary frames are ignored (not relayed); text that is not valid UTF-8 closes its sender (1007); a message over --max-message closes its sender (1009); a peer that stops reading is closed once --max-queue bytes wait for it (1008). Other peers are never affected.",
      "",
      "Security: by default the relay is open to anyone who can reach the port and to pages from any origin. --token requires a secret; --allow-origin limits browser pages; --rate-limit and --max-peers bound what one peer or many can do; --tls-cert/--tls-key serve TLS (wss URLs).",
      "",
      "Browsers: a plain HTTP request (not an upgrade) gets jam's peer page at / (a pad of jam's sounds, the session's tracks, a step grid to make one), or with --static a folder's files; stderr gives the page's URLs, and at a terminal a QR code of the LAN one (with the token) for phones.",
      "",
      "The first and only line on stdout is the relay's URL; joins and leaves go to stderr."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam serve                 relay on port 8080, every interface",
      "  jam serve --host 127.0.0.1 --port 0",
      "                            this machine only, any free port",
      "  JAM_TOKEN=s3cret jam serve",
      "                            peers add ?token=s3cret to the URL",
      "  jam serve --tls-cert cert.pem --tls-key key.pem",
      "                            wss://, with your certificate",
      "  jam serve --allow-origin https://example.org",
      "                            pages of that site only",
      "  jam serve --rate-limit 50/s,256KiB/s --max-peers 200",
      "  jam serve --static ./websockets-101",
      "                            the tutorial's page at /, jam's at /jam/"
    })
final class ServeCommand implements Callable<Integer> {
  @ParentCommand JamCommand root;
  @Spec CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "0.0.0.0",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, every interface).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--path",
      defaultValue = Wire.DEFAULT_PATH,
      description = "Endpoint path, besides / (default: ${DEFAULT-VALUE}).")
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
      description =
          "Unsent bytes a slow peer may have before it is dropped (default: ${DEFAULT-VALUE}).")
  long maxQueue;

  @Option(
      names = "--keepalive",
      defaultValue = "30s",
      converter = Units.DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "Ping interval; peers silent for 1.5 intervals are dropped; 0 disables (default: ${DEFAULT-VALUE}).")
  Duration keepalive;

  @Option(
      names = "--collect",
      description =
          "Ask every peer for its tracks each time a peer joins, exactly as the tutorial's relay does."
              + " Default: ask only the newcomer, and hand it the tracks the other peers shared (kept only"
              + " while they are connected); every peer still sees every track, with N^2 instead of N^3"
              + " frames when N peers join.")
  boolean collectAll;

  @Option(
      names = "--bpm",
      paramLabel = "BPM",
      description =
          "Start the relay's shared beat at this tempo (20 to 999), beat 0 now; peers change it with jam tempo. Default: none until a peer sets one.")
  Double bpm;

  @Option(
      names = "--align",
      description =
          "Send each trigger-output so that it reaches every peer at the same moment: the farthest peer's one-way time for everyone, from the round trips of the relay's pings (one a second). For clients that play a bang on receipt, such as the tutorials'; jam peers schedule bangs on the shared clock anyway.")
  boolean align;

  @Option(
      names = "--token",
      defaultValue = "${env:JAM_TOKEN}",
      showDefaultValue = CommandLine.Help.Visibility.NEVER,
      paramLabel = "SECRET",
      description =
          "Peers must present this secret ('?token=' in the URL or 'Authorization: Bearer'); others are refused (401). Default: $JAM_TOKEN; without either, the relay is open to anyone who can reach it.")
  String token;

  @Option(
      names = "--allow-origin",
      split = ",",
      paramLabel = "ORIGIN",
      description =
          "Browser origins allowed to connect (a page's scheme, host and port, as in the examples); others get 403. Default: any origin. Clients that send no Origin (not browsers) are not affected.")
  List<String> allowedOrigins = new ArrayList<>();

  @Option(
      names = "--max-peers",
      defaultValue = "0",
      paramLabel = "N",
      description = "Refuse connections beyond N peers (503); 0 for no limit (default).")
  int maxPeers;

  @Option(
      names = "--max-rooms",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Refuse a connection to a new room beyond N rooms (503); 0 for no limit (default). A room is a path, ws://HOST:PORT/socket/ROOM or /ROOM, each its own jam; the bare paths are the default room.")
  int maxRooms;

  @Option(
      names = "--max-room-peers",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Refuse connections beyond N peers in one room (503); 0 for no limit (default).")
  int maxRoomPeers;

  @Option(
      names = "--rate-limit",
      converter = RateLimitConverter.class,
      paramLabel = "LIMIT",
      description =
          "Per-peer limit, e.g. 50/s, 1MiB/s or 50/s,1MiB/s (messages and bytes per second, bursts of one second). Offenders are closed (1008). Default: none.")
  RelayConfig.RateLimit rateLimit;

  @Option(
      names = "--handshake-timeout",
      defaultValue = "10s",
      converter = Units.DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "Close connections that have not completed the WebSocket (and TLS) handshake by then (default: ${DEFAULT-VALUE}).")
  Duration handshakeTimeout;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "Serve wss:// with this PEM certificate (chain); needs --tls-key.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "The PEM private key (PKCS#8, or RSA PKCS#1) for --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--tls-keystore",
      paramLabel = "FILE",
      description = "Serve wss:// with this PKCS#12 keystore instead of PEM files.")
  Path tlsKeystore;

  @Option(
      names = "--tls-password",
      defaultValue = "${env:JAM_TLS_PASSWORD}",
      showDefaultValue = CommandLine.Help.Visibility.NEVER,
      paramLabel = "PASSWORD",
      description = "Password of --tls-keystore (default: $JAM_TLS_PASSWORD, else none).")
  String tlsPassword;

  @Option(
      names = "--static",
      paramLabel = "DIR",
      description =
          "Serve this folder over plain HTTP at / (index.html for a folder, no listing, nothing outside it), as the second tutorial's server does; the built-in peer page moves to /jam/. WebSocket stays on / and --path.")
  Path staticDir;

  @Option(
      names = "--cluster",
      paramLabel = "NATS-URLS",
      description =
          "Be one of a cluster of relays over NATS: nats://HOST[:PORT] (4222 by default), several separated by commas (the servers of one NATS cluster). Every relay given the same NATS servers is one jam per room: its peers hear the others' peers, newcomers get everyone's tracks, and presence counts everyone. Without a NATS server it serves its own peers, says so, and rejoins when one is back. The machines' clocks must agree (NTP): relays measure each other's and warn beyond 2 ms.")
  String cluster;

  @Option(
      names = "--no-qr",
      description =
          "Print no QR code of the page's LAN address (at a terminal it does by default).")
  boolean noQr;

  @Override
  public Integer call() throws InterruptedException {
    RelayConfig config = config();
    Reporter reporter = root.reporter();
    NatsCluster members = cluster == null ? null : cluster(reporter, config.clock());
    ShutdownSignal signal = ShutdownSignal.install();
    try (Relay relay = Relay.start(config, new RelayLog(reporter), members)) {
      PrintWriter out = spec.commandLine().getOut();
      out.println(relay.url());
      out.flush();
      if (config.token() == null
          && !isLoopback(config.host())) { // once it is up: not before a bind error
        reporter.info("no --token: anyone who can reach this port can join");
      }
      String pagePath = config.staticDir() == null ? "/" : WebFiles.PAGE_PREFIX;
      reporter.info("page at " + pageUrl(relay.url(), pagePath, null));
      List<String> lan = relay.lanUrls();
      for (String url : lan) {
        reporter.info("also reachable at " + url + ", page at " + pageUrl(url, pagePath, null));
      }
      if (!lan.isEmpty() && !noQr && StatusLine.isTerminal()) {
        PrintWriter err = spec.commandLine().getErr();
        err.print(QrBlocks.render(pageUrl(lan.get(0), pagePath, config.token()), colour()));
        err.flush();
      }
      reporter.info("relay ready; Ctrl-C stops it");
      signal.await();
      int peers = relay.peers();
      reporter.info("stopping: closing " + peers + (peers == 1 ? " peer" : " peers"));
    }
    return ExitCode.OK.code();
  }

  /**
   * The page's URL on the relay at {@code relayUrl}: http for ws, https for wss, the page's path,
   * and the token when given.
   */
  static String pageUrl(String relayUrl, String pagePath, String token) {
    String scheme = relayUrl.startsWith("wss:") ? "https" : "http";
    String rest = relayUrl.substring(relayUrl.indexOf("://"));
    int path = rest.indexOf('/', 3);
    String hostPort = path < 0 ? rest : rest.substring(0, path);
    String query =
        token == null
            ? ""
            : "?"
                + RelayUrls.TOKEN_PARAMETER
                + "="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
    return scheme + hostPort + pagePath + query;
  }

  private NatsCluster cluster(Reporter reporter, Clock clock) {
    try {
      return new NatsCluster(NatsCluster.servers(cluster), reporter, clock);
    } catch (IllegalArgumentException e) {
      throw new JamException(ExitCode.USAGE, "--cluster: " + e.getMessage());
    }
  }

  private static boolean colour() {
    String noColor = System.getenv("NO_COLOR");
    return noColor == null || noColor.isEmpty();
  }

  private RelayConfig config() {
    if (maxMessage > Integer.MAX_VALUE) {
      throw new JamException(ExitCode.USAGE, "--max-message must be below 2 GiB");
    }
    // named as typed: RelayConfig's own checks speak of its fields, not of options
    if (maxMessage < 64) {
      throw new JamException(
          ExitCode.USAGE, "--max-message must be at least 64 bytes, not " + maxMessage);
    }
    if (maxQueue < maxMessage) {
      throw new JamException(
          ExitCode.USAGE,
          "--max-queue ("
              + maxQueue
              + " bytes) must be at least --max-message ("
              + maxMessage
              + " bytes)");
    }
    RelayConfig config;
    try {
      Clock clock =
          Clock.of(Clock.RELAY_OFFSET_VARIABLE, System.getenv(Clock.RELAY_OFFSET_VARIABLE));
      config =
          RelayConfig.builder()
              .clock(clock)
              .host(host)
              .port(port)
              .path(path)
              .maxMessage((int) maxMessage)
              .maxQueue(maxQueue)
              .keepalive((int) Math.ceil(keepalive.toMillis() / 1000.0))
              .token(token == null || token.isEmpty() ? null : token)
              .allowedOrigins(allowedOrigins)
              .maxPeers(maxPeers)
              .maxRooms(maxRooms)
              .maxRoomPeers(maxRoomPeers)
              .rateLimit(rateLimit)
              .handshakeTimeout((int) Math.max(1, handshakeTimeout.toMillis()))
              .collectAll(collectAll)
              .tempo(bpm == null ? null : new Message.Tempo(bpm, clock.now()))
              .align(align)
              .staticDir(staticDir())
              .build();
    } catch (IllegalArgumentException e) {
      throw new JamException(ExitCode.USAGE, e.getMessage());
    }
    return config.toBuilder().tls(tls()).build();
  }

  private Path staticDir() {
    if (staticDir == null) {
      return null;
    }
    if (!Files.isDirectory(staticDir)) {
      throw new JamException(ExitCode.USAGE, "--static " + staticDir + ": not a folder");
    }
    return staticDir;
  }

  private SSLContext tls() {
    if (tlsKeystore != null) {
      if (tlsCert != null || tlsKey != null) {
        throw new JamException(
            ExitCode.USAGE, "use either --tls-keystore or --tls-cert with --tls-key, not both");
      }
      return TlsContexts.serverFromPkcs12(
          tlsKeystore, tlsPassword == null ? new char[0] : tlsPassword.toCharArray());
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new JamException(ExitCode.USAGE, "--tls-cert and --tls-key go together");
    }
    return tlsCert == null ? null : TlsContexts.serverFromPem(tlsCert, tlsKey);
  }

  /** "50/s", "1MiB/s", "50/s,1MiB/s": messages per second and/or bytes per second. */
  static final class RateLimitConverter implements ITypeConverter<RelayConfig.RateLimit> {
    @Override
    public RelayConfig.RateLimit convert(String value) {
      double messages = Double.POSITIVE_INFINITY;
      double bytes = Double.POSITIVE_INFINITY;
      for (String part : value.split(",")) {
        String p = part.trim().replaceFirst("(?i)/s(ec)?$", "");
        if (p.matches("\\d+(\\.\\d+)?")) {
          messages = Double.parseDouble(p);
        } else {
          try {
            bytes = new Units.SizeConverter().convert(p);
          } catch (TypeConversionException e) {
            throw new TypeConversionException(
                "'"
                    + value
                    + "' is not a rate: messages and/or bytes per second, e.g. 50/s, 256KiB/s or 50/s,256KiB/s");
          }
        }
      }
      if (messages <= 0 || bytes <= 0) {
        throw new TypeConversionException("'" + value + "': rate limits must be positive");
      }
      return new RelayConfig.RateLimit(messages, bytes);
    }
  }

  private static boolean isLoopback(String host) {
    return host.equals("127.0.0.1") || host.equals("::1") || host.equals("localhost");
  }
}
