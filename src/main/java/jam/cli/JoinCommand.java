package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.clock.Clock;
import jam.clock.ClockSync;
import jam.console.Console;
import jam.peer.Session;
import jam.peer.TrackPeer;
import jam.protocol.Message;
import jam.protocol.RelayUrls;
import jam.sound.AudioSettings;
import jam.sound.Speaker;
import jam.text.Printable;
import jam.track.Store;
import jam.track.Track;
import jam.track.TrackLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jam join}: runs a {@link TrackPeer} until a signal, a time limit, a count or a closed stdout, with
 * an {@link AudioEngine} that plays its bangs (and tracks). The calling thread waits; tracks are printed
 * and sounds requested from the connection's thread, signals handled on a daemon.
 */
@Command(
    name = "join",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Join a relay: share your tracks, print everyone's.",
    description = {
      "On every 'collect' from the relay, sends your store's tracks as a JSON array (as several, each within 1 MiB, the relay's default limit, or less after the relay refuses one; a track too big for any is named in a warning and left out). Tracks added to the store while it runs (jam add-track in another terminal) are shared at once. A store that is not valid JSON is named in one warning, with line:column, and never written; none of it is shared until it is fixed, and then at once.",
      "",
      "Prints each track the session shares, yours included, once: a readable line, or with --json exactly the track as one JSON object per line, flushed.",
      "",
      "Plays every bang (trigger-output, or a bang object naming a sound) on the default audio device; --play-tracks plays incoming tracks too. Without a device: one warning, and it carries on silently. --audio-out records exactly what is played, silence included, to a WAV file, written beside it and renamed into place on exit (so a killed join leaves the old file as it was, and the recording in .FILE.wav.HEX.tmp, valid up to its last second). It may replace a WAV file (or an empty one); anything else only with --force; never the store or the --cacert file.",
      "",
      "A relay not up yet is waited for, and a lost connection retried, with backoff (0.25 s doubling to 10 s, with jitter), one stderr line per change; --no-reconnect exits 4 instead. A refused token or origin, a path with no relay, an untrusted certificate or a host name that does not resolve exit 4 at once. Exits 0 on Ctrl-C or SIGTERM (closing with 1000), after --exit-after, after --count tracks, or when stdout is closed (noticed at the next line it prints, as with any Unix filter).",
      "",
      "When stdin and stdout are both a terminal it is a console: tracks and bangs appear above a prompt, a status line shows the connection, and you type bang [SOUND] (or just Enter), add FILE, tracks, play NAME, mute, unmute, help, quit (Tab completes; history in $XDG_STATE_HOME/jam/join_history). Ctrl-C clears the line (while connecting, it gives up); Ctrl-D or quit leaves. --format text|json never prompts; NO_COLOR turns colours off."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam join                                    the relay on this machine",
      "  jam join ws://192.168.1.20:8080/socket      a relay on the LAN",
      "  jam join --json | jq -r .trackname          track names as they come",
      "  jam join --json --count 1 --exit-after 5s   one track, or give up after 5 s",
      "  jam join --play-tracks --audio-out jam.wav  hear tracks too, record it all",
      "  jam join --mute                             no sound at all",
      "  jam join --format text                      plain lines, no prompt"
    })
final class JoinCommand implements Callable<Integer> {
  @ParentCommand JamCommand root;
  @Spec CommandSpec spec;
  @Mixin RelayUrlOption relayUrl;
  @Mixin StoreOption storeOption;

  @Option(
      names = "--format",
      paramLabel = "auto|text|json",
      completionCandidates = OutputMode.FormatNames.class,
      description = {
        "auto (default): the console when stdin and stdout are both a",
        "terminal, else text; text: a line per track; json: see --json."
      })
  OutputMode.Format format;

  @Option(names = "--json", description = "Print tracks as JSON, one object per line (--format json).")
  boolean json;

  @Option(names = "--no-reconnect", description = "Exit 4 when the relay is not up or the connection drops, instead of waiting and reconnecting.")
  boolean noReconnect;

  @Option(
      names = "--exit-after",
      paramLabel = "DURATION",
      converter = Units.DurationConverter.class,
      description = "Exit 0 after this long (500ms, 5s, 2m).")
  Duration exitAfter;

  @Option(names = "--count", paramLabel = "N", description = "Exit 0 after N new tracks.")
  Integer count;

  @Option(names = "--mute", description = "Open no audio device (--audio-out still records).")
  boolean mute;

  @Option(names = "--audio-out", paramLabel = "FILE.wav", converter = WavFileConverter.class, description = "Record what is played to a WAV file.")
  Path audioOut;

  @Option(names = "--force", description = "Let --audio-out replace a file that is not a WAV file (never the store or --cacert).")
  boolean force;

  @Option(names = "--no-sync", description = "Do not sync with the relay's clock: play scheduled bangs by this machine's own clock.")
  boolean noSync;

  @Option(names = "--play-tracks", description = "Play incoming tracks, 300 ms a row, as the tutorial's app does.")
  boolean playTracks;

  @Override
  public Integer call() {
    long startNanos = System.nanoTime();
    URI url = relayUrl.resolve();
    if (count != null && count < 1) {
      throw new JamException(ExitCode.USAGE, "--count must be at least 1, not " + count);
    }
    if (audioOut != null) {
      List<AudioOutCheck.Input> inputs = new ArrayList<>(AudioOutCheck.store(storeOption.open().path()));
      inputs.add(new AudioOutCheck.Input("the --cacert file", relayUrl.caCert));
      inputs.add(new AudioOutCheck.Input("the console's history", history()));
      AudioOutCheck.check(audioOut, inputs, force);
    }
    OutputMode mode =
        OutputMode.decide(format, json, StatusLine.isTerminal(0) && StatusLine.isTerminal(1), System.getenv("NO_COLOR"));
    Reporter reporter = root.reporter();
    Session.Options options = relayUrl.sessionOptions(reporter).withReconnect(!noReconnect).withWaitAtStart(!noReconnect);
    // the console takes Ctrl-C (it clears the line); SIGTERM still ends the session in order
    ShutdownSignal signal = mode.console() ? ShutdownSignal.install("TERM") : ShutdownSignal.install();
    Stopper stopper = new Stopper(signal, Thread.currentThread());
    stopper.start();
    Speaker speaker = new Speaker(new AudioSettings(mute, audioOut), reporter);
    try {
      if (mode.console()) {
        return console(url, options, reporter, speaker, stopper, startNanos, mode);
      }
      Output output = new Output(spec.commandLine().getOut(), mode.json(), count, speaker, playTracks, reporter);
      try (TrackPeer peer = TrackPeer.start(url, options, storeOption.open(), output, reporter, clock(reporter))) {
        if (!stopper.running(peer)) {
          return ExitCode.OK.code();
        }
        Duration left = left(startNanos);
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
    } finally {
      stopper.over(); // no interrupts from here on
      Thread.interrupted(); // nor one that came just before: it would cut the engine's close short
      speaker.close(); // plays out the line and finishes the WAV
      long scheduled = speaker.scheduled();
      if (scheduled > 0) {
        reporter.info(scheduled + " scheduled " + (scheduled == 1 ? "bang" : "bangs") + ", " + speaker.late() + " late");
      }
    }
  }

  /** The relay's clock as this peer keeps it: synced, or with --no-sync this machine's own. */
  private ClockSync clock(Reporter reporter) {
    Clock local = PeerClock.fromEnvironment();
    return noSync ? ClockSync.off(local, reporter) : ClockSync.start(local, reporter, ClockSync.Schedule.PEER);
  }

  /**
   * The session at a terminal: a {@link Console} reads commands on this thread until quit, Ctrl-D, SIGTERM,
   * --exit-after or --count; a lost connection without reconnecting ends it with that error.
   */
  private int console(URI url, Session.Options options, Reporter plain, Speaker speaker, Stopper stopper, long startNanos, OutputMode mode) {
    Terminal terminal;
    try {
      terminal = Console.systemTerminal();
    } catch (IOException e) {
      throw new JamException(ExitCode.IO, "cannot open the terminal: " + e.getMessage(), e);
    }
    try (terminal) {
      Console.Settings settings =
          new Console.Settings(
              RelayUrls.redact(url),
              history(),
              mode.colour(),
              playTracks,
              count);
      Store store = storeOption.open();
      Console console = new Console(terminal, settings, store, speaker);
      // messages for people go above the prompt when they would otherwise land on it
      Reporter reporter = StatusLine.isTerminal(2) ? root.reporter(console.messages()) : plain;
      TrackPeer peer;
      // Ctrl-C while connecting gives up, as SIGTERM does; once connected it is the console's (it clears the line)
      terminal.handle(Terminal.Signal.INT, s -> stopper.signal.fire());
      try {
        peer = TrackPeer.start(url, options, store, console, reporter, clock(reporter));
      } catch (JamException e) {
        if (stopper.stopped) {
          return ExitCode.OK.code(); // Ctrl-C or SIGTERM while connecting
        }
        throw e;
      } finally {
        terminal.handle(Terminal.Signal.INT, Terminal.SignalHandler.SIG_IGN);
      }
      try (peer) {
        if (!stopper.running(peer)) {
          return ExitCode.OK.code();
        }
        Thread waiter =
            new Thread(
                () -> {
                  try {
                    Duration left = left(startNanos);
                    if (left == null || !left.isNegative()) {
                      peer.await(left);
                    }
                  } catch (InterruptedException | JamException e) {
                    // interrupted: the console is over; a failure is rethrown below
                  }
                  console.stop();
                },
                "jam-session");
        waiter.setDaemon(true);
        waiter.start();
        console.run(peer);
        waiter.interrupt();
        try {
          peer.await(Duration.ZERO); // a connection lost without reconnecting: its error, exit 4
        } catch (InterruptedException e) {
          // over anyway
        }
        return ExitCode.OK.code();
      }
    } catch (IOException e) {
      return ExitCode.OK.code(); // closing the terminal: nothing left to tell
    }
  }

  private static Path history() {
    return Console.historyFile(System.getenv(), System.getProperty("user.home"));
  }

  private Duration left(long startNanos) {
    return exitAfter == null ? null : exitAfter.minusNanos(System.nanoTime() - startNanos);
  }

  /**
   * Prints new tracks, and plays them (with --play-tracks) and bangs on the speaker; declines more tracks
   * after {@code count} of them or once stdout is closed.
   */
  private static final class Output implements TrackPeer.Sink {
    private final PrintWriter out;
    private final boolean json;
    private final Integer count;
    private final Speaker speaker;
    private final boolean playTracks;
    private final Reporter reporter;
    private int printed;

    Output(PrintWriter out, boolean json, Integer count, Speaker speaker, boolean playTracks, Reporter reporter) {
      this.out = out;
      this.json = json;
      this.count = count;
      this.speaker = speaker;
      this.playTracks = playTracks;
      this.reporter = reporter;
    }

    @Override
    public boolean accept(Track track) {
      List<List<Double>> data = playTracks ? track.frequencies() : null;
      if (data != null) {
        speaker.play(track.id().orElse(track.identity()), data);
      }
      out.println(json ? track.toJson() : TrackLines.line(track));
      out.flush();
      if (out.checkError()) {
        return false; // the reader is gone (jam join | head -1): end quietly
      }
      printed++;
      return count == null || printed < count;
    }

    @Override
    public void bang(Message.Bang bang, long nanos) {
      if (bang.at() == null) {
        speaker.bang(bang.sound(), nanos);
      } else {
        speaker.bangAt(bang.sound(), nanos);
      }
      if (reporter.debugEnabled()) {
        reporter.debug("bang " + (bang.sound() == null ? "(default)" : Printable.escape(bang.sound())));
      }
    }
  }

  /**
   * Waits for SIGINT/SIGTERM on a daemon thread, then closes the running peer (1000), which ends the
   * command's wait; before there is a peer, it interrupts the command's connecting instead.
   */
  private static final class Stopper extends Thread {
    final ShutdownSignal signal;
    private final Thread command;
    private final Object lock = new Object();
    /** Guarded by lock. */
    private TrackPeer peer;
    /** Guarded by lock: the command is past its waiting and must not be interrupted. */
    private boolean over;
    volatile boolean stopped;

    Stopper(ShutdownSignal signal, Thread command) {
      super("jam-signal");
      setDaemon(true);
      this.signal = signal;
      this.command = command;
    }

    /** Hands over the running peer; false when a signal came first (then the caller closes it). */
    boolean running(TrackPeer running) {
      synchronized (lock) {
        if (stopped) {
          return false;
        }
        peer = running;
        return true;
      }
    }

    void over() {
      synchronized (lock) {
        over = true;
      }
    }

    @Override
    public void run() {
      try {
        signal.await();
      } catch (InterruptedException e) {
        return;
      }
      TrackPeer running;
      synchronized (lock) {
        stopped = true;
        running = peer;
        if (running == null && !over) {
          command.interrupt();
        }
      }
      if (running != null) {
        running.close();
      }
    }
  }
}
