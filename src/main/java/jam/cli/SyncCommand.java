package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.clock.Clock;
import jam.clock.ClockSync;
import jam.peer.ClockProbe;
import jam.protocol.RelayUrls;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jam sync}: prints the clock's state against a relay as JSON lines, via a {@link
 * ClockProbe}.
 */
@Command(
    name = "sync",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Print this machine's clock against the relay's, as JSON lines.",
    description = {
      "Syncs with the relay's clock as jam join does (60 pings in 3 s, then four a second) and prints one JSON object a line, every --every, the first once the clock has settled: status (syncing, synced, or own_clock for a relay that does not answer clock pings), offset_ms (the relay's clock minus this machine's), rtt_ms (the shortest round trip), accuracy_ms (how far off the offset probably is) and samples.",
      "",
      "Runs until Ctrl-C, or --count lines. Exits 0; 4 when the relay cannot be reached or the connection is lost."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam sync --count 1                           one line once settled",
      "  jam sync ws://192.168.1.20:8080/socket | jq .offset_ms"
    })
final class SyncCommand implements Callable<Integer> {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  @ParentCommand JamCommand root;
  @Spec CommandSpec spec;
  @Mixin RelayUrlOption relayUrl;

  @Option(names = "--count", paramLabel = "N", description = "Exit 0 after N lines.")
  Integer count;

  @Option(
      names = "--every",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = Units.DurationConverter.class,
      description = "Time between lines (default: ${DEFAULT-VALUE}).")
  Duration every;

  @Override
  public Integer call() throws Exception {
    if (count != null && count < 1) {
      throw new JamException(ExitCode.USAGE, "--count must be at least 1, not " + count);
    }
    if (every.isZero() || every.isNegative()) {
      throw new JamException(ExitCode.USAGE, "--every must be more than 0");
    }
    Reporter reporter = root.reporter();
    Clock local = PeerClock.fromEnvironment();
    URI url = relayUrl.resolve();
    PrintWriter out = spec.commandLine().getOut();
    ShutdownSignal signal = ShutdownSignal.install();
    try (ClockProbe probe =
        ClockProbe.open(
            url,
            relayUrl.trust(reporter),
            CONNECT_TIMEOUT,
            local,
            ClockSync.Schedule.PEER,
            reporter)) {
      ClockSync sync = probe.sync();
      sync.settled()
          .get(
              ClockSync.settleTime(ClockSync.Schedule.PEER).toMillis() + 5_000,
              TimeUnit.MILLISECONDS);
      for (int printed = 0; count == null || printed < count; printed++) {
        if (printed > 0 && signal.await(every)) {
          break;
        }
        if (probe.closed().isDone()) {
          throw new JamException(
              ExitCode.UNAVAILABLE,
              "connection to " + RelayUrls.redact(url) + " lost (" + probe.closed().join() + ")");
        }
        out.println(sync.state().toJson());
        out.flush();
        if (out.checkError()) {
          break;
        }
      }
    } catch (java.util.concurrent.TimeoutException e) {
      throw new JamException(
          ExitCode.UNAVAILABLE, "the clock did not settle against " + RelayUrls.redact(url));
    }
    return ExitCode.OK.code();
  }
}
