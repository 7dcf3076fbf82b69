package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.peer.Session;
import jam.peer.TrackPeer;
import jam.track.Track;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jam join}: runs a {@link TrackPeer} until a signal, a time limit, a count or a closed stdout. The
 * calling thread waits; tracks are printed from the connection's thread, signals handled on a daemon.
 */
@Command(
    name = "join",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Join a relay: share your tracks, print everyone's.",
    description = {
      "On every 'collect' from the relay, sends your store's tracks as one JSON",
      "array. Tracks added to the store while it runs (jam add-track in another",
      "terminal) are shared at once.",
      "",
      "Prints each track the session shares, yours included, once: a readable line,",
      "or with --json exactly the track as one JSON object per line, flushed.",
      "",
      "A lost connection is retried with backoff (0.25 s doubling to 10 s, with",
      "jitter), one stderr line per change; --no-reconnect exits 4 instead. A relay",
      "unreachable at start exits 4. Exits 0 on Ctrl-C or SIGTERM (closing with",
      "1000), after --exit-after, after --count tracks, or once stdout is closed."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam join                                   the relay on this machine",
      "  jam join ws://192.168.1.20:8080/socket     a relay on the LAN",
      "  jam join --json | jq -r .trackname         track names as they come",
      "  jam join --json --count 1 --exit-after 5s  one track, or give up after 5 s"
    })
final class JoinCommand implements Callable<Integer> {
  @ParentCommand JamCommand root;
  @Spec CommandSpec spec;
  @Mixin RelayUrlOption relayUrl;
  @Mixin StoreOption storeOption;

  @Option(names = "--json", description = "Print tracks as JSON, one object per line.")
  boolean json;

  @Option(names = "--no-reconnect", description = "Exit 4 when the connection drops instead of reconnecting.")
  boolean noReconnect;

  @Option(
      names = "--exit-after",
      paramLabel = "DURATION",
      converter = Units.DurationConverter.class,
      description = "Exit 0 after this long (500ms, 5s, 2m).")
  Duration exitAfter;

  @Option(names = "--count", paramLabel = "N", description = "Exit 0 after N new tracks.")
  Integer count;

  @Override
  public Integer call() {
    long startNanos = System.nanoTime();
    URI url = relayUrl.resolve();
    if (count != null && count < 1) {
      throw new JamException(ExitCode.USAGE, "--count must be at least 1, not " + count);
    }
    Reporter reporter = root.reporter();
    PrintWriter out = spec.commandLine().getOut();
    Session.Options options = relayUrl.sessionOptions(reporter).withReconnect(!noReconnect);

    AtomicReference<TrackPeer> running = new AtomicReference<>();
    Stopper stopper = new Stopper(ShutdownSignal.install(), running, Thread.currentThread());
    stopper.start();
    try (TrackPeer peer = TrackPeer.start(url, options, storeOption.open(), new Output(out, json, count), reporter)) {
      running.set(peer);
      if (stopper.stopped) {
        return ExitCode.OK.code();
      }
      Duration left = exitAfter == null ? null : exitAfter.minusNanos(System.nanoTime() - startNanos);
      if (left == null || !left.isNegative()) {
        peer.await(left);
      }
      return ExitCode.OK.code();
    } catch (InterruptedException e) {
      return ExitCode.OK.code(); // a signal while waiting: the peer is closed above
    } catch (JamException e) {
      if (stopper.stopped) {
        return ExitCode.OK.code(); // a signal while connecting
      }
      throw e;
    }
  }

  /** Prints new tracks; declines more after {@code count} of them or once stdout is closed. */
  private static final class Output implements TrackPeer.Sink {
    private final PrintWriter out;
    private final boolean json;
    private final Integer count;
    private int printed;

    Output(PrintWriter out, boolean json, Integer count) {
      this.out = out;
      this.json = json;
      this.count = count;
    }

    @Override
    public boolean accept(Track track) {
      out.println(json ? track.toJson() : TrackLines.line(track));
      out.flush();
      if (out.checkError()) {
        return false; // the reader is gone (jam join | head -1): end quietly
      }
      printed++;
      return count == null || printed < count;
    }
  }

  /** Waits for SIGINT/SIGTERM on a daemon thread, then closes the peer (1000) and wakes the command. */
  private static final class Stopper extends Thread {
    private final ShutdownSignal signal;
    private final AtomicReference<TrackPeer> running;
    private final Thread command;
    volatile boolean stopped;

    Stopper(ShutdownSignal signal, AtomicReference<TrackPeer> running, Thread command) {
      super("jam-signal");
      setDaemon(true);
      this.signal = signal;
      this.running = running;
      this.command = command;
    }

    @Override
    public void run() {
      try {
        signal.await();
      } catch (InterruptedException e) {
        return;
      }
      stopped = true;
      TrackPeer peer = running.get();
      if (peer != null) {
        peer.close();
      }
      command.interrupt();
    }
  }
}
