package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.bridge.Bridge;
import jam.bridge.Output;
import jam.clock.Clock;
import jam.clock.ClockSync;
import jam.console.Console;
import jam.console.ConsoleJoin;
import jam.peer.Session;
import jam.peer.TrackPeer;
import jam.peer.TrackPrinter;
import jam.protocol.Message;
import jam.protocol.RelayUrls;
import jam.sound.AudioSettings;
import jam.sound.Speaker;
import jam.track.Store;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jam join}: checks the options and runs a {@link TrackPeer} until a signal, a time limit, a
 * count or a closed stdout, with a {@link Speaker} that plays its bangs (and tracks); its tracks go
 * to a {@link TrackPrinter}, or at a terminal to the console ({@link ConsoleJoin}). The calling
 * thread waits; signals are handled by a {@link ShutdownSignal.Stopper}. OSC and MIDI outputs
 * ({@link BridgeOptions}) sit beside the sink ({@link Bridge}), so --mute silences the speaker
 * only.
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
      "A relay not up yet is waited for, and a lost connection retried, with backoff (0.25 s doubling to 10 s, with jitter), one stderr line per change; --no-reconnect exits 4 instead. A refused token or origin, a path with no relay, an untrusted certificate, a TLS relay behind ws:// or a host name that does not resolve exit 4 at once. Exits 0 on Ctrl-C or SIGTERM (closing with 1000), after --exit-after, after --count tracks, or when stdout is closed (noticed at the next line it prints, as with any Unix filter).",
      "",
      "OSC and MIDI: --osc sends every bang (and track row) as OSC over UDP, scheduled ones in time-tagged bundles ahead of time; --osc-listen turns /jam/bang messages from Max, Pd or SuperCollider into bangs for everyone; --midi plays them as notes (jam midi --list). --mute silences this machine only, so a peer can drive only other programs. Trouble with any of them (a port in use, a host that does not resolve, a bad packet, no such device) is one line and the session goes on.",
      "",
      "When stdin and stdout are both a terminal it is a console: tracks and bangs appear above a prompt, a status line shows the connection, and you type bang [SOUND] (or just Enter), add FILE, tracks, play NAME, mute, unmute, help, quit (Tab completes; history in $XDG_STATE_HOME/jam/join_history). Ctrl-C clears the line (while connecting, it gives up); Ctrl-D, quit, or Ctrl-C twice on an empty line leaves. --format text|json never prompts; NO_COLOR turns colours off."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam join                           the relay on this machine",
      "  jam join ws://192.168.1.20:8080/socket",
      "                                     a relay on the LAN",
      "  jam join ws://a:8080/socket ws://b:8080/socket",
      "                                     b when a is lost (a cluster)",
      "  jam join --json | jq -r .trackname",
      "                                     track names as they come",
      "  jam join --json --events | jq -c 'select(.type==\"bang\")'",
      "                                     bangs as JSON lines, for tools",
      "  jam join --json --count 1 --exit-after 5s",
      "                                     one track, or give up after 5 s",
      "  jam join --play-tracks --audio-out jam.wav",
      "                                     hear tracks too, record it all",
      "  jam join --mute                    no sound at all",
      "  jam join --mute --osc-format superdirt \\",
      "      --osc udp://127.0.0.1:57120    play through SuperDirt only",
      "  jam join --osc-listen udp://127.0.0.1:9000",
      "                                     /jam/bang from Pd: a bang for all",
      "  jam join --midi 0 --midi-map kick=35",
      "                                     bangs as notes on MIDI output 0",
      "  jam join --format text             plain lines, no prompt"
    })
final class JoinCommand implements Callable<Integer> {
  @ParentCommand JamCommand root;
  @Spec CommandSpec spec;
  @Mixin RelayUrlOption relayUrl;
  @Mixin StoreOption storeOption;
  @Mixin BridgeOptions bridge;

  @Parameters(
      index = "1..*",
      paramLabel = "URL",
      description =
          "More relays of the same jam (a cluster: jam serve --cluster): when the one in use is lost, or cannot be reached, the next is tried, with the same backoff, and the store shared again there.")
  List<String> moreUrls = new ArrayList<>();

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "Your name for the others (1 to 32 characters): jam relays announce joins and leaves by name to peers that listen (jam join's console, jam who, the page).")
  String name;

  @Option(
      names = "--format",
      paramLabel = "auto|text|json",
      completionCandidates = OutputMode.FormatNames.class,
      description =
          "auto (default): the console when stdin and stdout are both a terminal, else text; text: a line per track; json: see --json.")
  OutputMode.Format format;

  @Option(
      names = "--json",
      description = "Print tracks as JSON, one object per line (--format json).")
  boolean json;

  @Option(
      names = "--events",
      description =
          "With --json: bangs, joins, leaves, tempo changes and plays together as JSON lines too; every line then has a \"type\" (a track: {\"type\":\"track\",\"track\":TRACK}).")
  boolean events;

  @Option(
      names = "--no-reconnect",
      description =
          "Exit 4 when the relay is not up or the connection drops, instead of waiting and reconnecting.")
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

  @Option(
      names = "--audio-out",
      paramLabel = "FILE.wav",
      converter = WavFileConverter.class,
      description = "Record what is played to a WAV file.")
  Path audioOut;

  @Option(
      names = "--force",
      description =
          "Let --audio-out replace a file that is not a WAV file (never the store or --cacert).")
  boolean force;

  @Option(
      names = "--no-sync",
      description =
          "Do not sync with the relay's clock: play scheduled bangs by this machine's own clock.")
  boolean noSync;

  @Option(
      names = "--play-tracks",
      description = "Play incoming tracks, 300 ms a row, as the tutorial's app does.")
  boolean playTracks;

  @Override
  public Integer call() {
    long startNanos = System.nanoTime();
    URI url = relayUrl.resolve();
    if (count != null && count < 1) {
      throw new JamException(ExitCode.USAGE, "--count must be at least 1, not " + count);
    }
    if (name != null && (name.isBlank() || name.length() > Message.Hello.MAX_NAME)) {
      throw new JamException(
          ExitCode.USAGE, "--name must have 1 to " + Message.Hello.MAX_NAME + " characters");
    }
    bridge.check();
    Store store = storeOption.open();
    if (audioOut != null) {
      List<AudioOutCheck.Input> inputs = new ArrayList<>(AudioOutCheck.store(store.path()));
      inputs.add(new AudioOutCheck.Input("the --cacert file", relayUrl.caCert));
      inputs.add(new AudioOutCheck.Input("the console's history", history()));
      AudioOutCheck.check(audioOut, inputs, force);
    }
    OutputMode mode =
        OutputMode.decide(
            format,
            json,
            StatusLine.isTerminal(0) && StatusLine.isTerminal(1),
            System.getenv("NO_COLOR"));
    if (events && !mode.json()) {
      throw new JamException(ExitCode.USAGE, "--events needs --json (or --format json)");
    }
    if (!mode.console()
        && format == null
        && !json
        && StatusLine.isTerminal(0)
        && !StatusLine.isTerminal(1)) {
      // jam join | tee log: keys typed would otherwise vanish without a word
      root.reporter()
          .info("stdout is not a terminal, so no console: what you type is not read (Ctrl-C ends)");
    }
    Reporter reporter = root.reporter();
    Session.Options options =
        relayUrl
            .sessionOptions(reporter)
            .withReconnect(!noReconnect)
            .withWaitAtStart(!noReconnect)
            .withFallbacks(relayUrl.resolve(moreUrls));
    // the console takes Ctrl-C (it clears the line); SIGTERM still ends the session in order
    ShutdownSignal signal =
        mode.console() ? ShutdownSignal.install("TERM") : ShutdownSignal.install();
    ShutdownSignal.Stopper stopper = signal.stopper(Thread.currentThread());
    Speaker speaker = new Speaker(new AudioSettings(mute, audioOut), reporter);
    List<Output> outputs = bridge.outputs(url, PeerClock.fromEnvironment(), reporter);
    try {
      if (mode.console()) {
        Console.Settings settings =
            new Console.Settings(
                RelayUrls.redact(url), history(), mode.colour(), playTracks, count);
        ConsoleJoin.run(
            settings,
            store,
            speaker,
            // messages for people go above the prompt when they would otherwise land on it
            (sink, messages) -> {
              Reporter r = StatusLine.isTerminal(2) ? root.reporter(messages) : reporter;
              TrackPeer p =
                  start(
                      stopper,
                      url,
                      options,
                      store,
                      Bridge.tee(sink, outputs, playTracks),
                      r,
                      clock(reporter),
                      name);
              if (p != null) {
                bridge.listen(p, r);
              }
              return p;
            },
            signal::fire,
            () -> left(startNanos));
        return ExitCode.OK.code();
      }
      TrackPrinter printer =
          new TrackPrinter(
              spec.commandLine().getOut(),
              mode.json(),
              events,
              count,
              speaker,
              playTracks,
              reporter);
      TrackPeer peer =
          start(
              stopper,
              url,
              options,
              store,
              Bridge.tee(printer, outputs, playTracks),
              reporter,
              clock(reporter),
              name);
      if (peer == null) {
        return ExitCode.OK.code();
      }
      bridge.listen(peer, reporter);
      try (peer) {
        Duration left = left(startNanos);
        if (left == null || !left.isNegative()) {
          peer.await(left);
        }
        return ExitCode.OK.code();
      } catch (InterruptedException e) {
        return ExitCode.OK.code(); // a signal while waiting: the peer is closed above
      } catch (JamException e) {
        if (stopper.stopped()) {
          return ExitCode.OK.code(); // the signal's closing, not a failure
        }
        throw e;
      }
    } finally {
      stopper.over(); // no interrupts from here on
      Thread.interrupted(); // nor one that came just before: it would cut the engine's close short
      bridge.close(); // OSC and MIDI: nothing more is sent or taken
      speaker.close(); // plays out the line and finishes the WAV
      long scheduled = speaker.scheduled();
      if (scheduled > 0) {
        reporter.info(
            scheduled
                + " scheduled "
                + (scheduled == 1 ? "bang" : "bangs")
                + ", "
                + speaker.late()
                + " late");
      }
    }
  }

  /** The relay's clock as this peer keeps it: synced, or with --no-sync this machine's own. */
  private ClockSync clock(Reporter reporter) {
    Clock local = PeerClock.fromEnvironment();
    return noSync
        ? ClockSync.off(local, reporter)
        : ClockSync.start(local, reporter, ClockSync.Schedule.PEER);
  }

  /**
   * Starts the peer and hands it to {@code stopper}; null when a signal came first, while
   * connecting or just after (the peer, if any, then closed).
   */
  private static TrackPeer start(
      ShutdownSignal.Stopper stopper,
      URI url,
      Session.Options options,
      Store store,
      TrackPeer.Sink sink,
      Reporter reporter,
      ClockSync clock,
      String name) {
    TrackPeer peer;
    try {
      peer = TrackPeer.start(url, options, store, sink, reporter, clock, name);
    } catch (JamException e) {
      if (stopper.stopped()) {
        return null; // a signal (or Ctrl-C at the console) while connecting
      }
      throw e;
    }
    if (!stopper.running(peer::close)) {
      peer.close();
      return null;
    }
    return peer;
  }

  private static Path history() {
    return Console.historyFile(System.getenv(), System.getProperty("user.home"));
  }

  private Duration left(long startNanos) {
    return exitAfter == null ? null : exitAfter.minusNanos(System.nanoTime() - startNanos);
  }
}
