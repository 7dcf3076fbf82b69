package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.peer.Trigger;
import jam.protocol.Message;
import jam.sound.SoundNames;
import jam.tls.ClientTrust;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code jam trigger}: hands the options to {@link Trigger}; loads nothing else, so it starts fast. */
@Command(
    name = "trigger",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Fire a bang: every peer on the relay plays a sound.",
    description = {
      "Sends 'trigger-input', which the relay turns into 'trigger-output' for every peer (the tutorial's bang), or with --sound a bang object, {\"type\":\"bang\", \"sound\":\"NAME\"}, that jam join plays as that sound.",
      "",
      "--count N sends N bangs --interval apart, kept on time against a monotonic clock. Exits 0 once everything is sent and the relay has echoed it (waiting a few seconds at most), closing with 1000; 4 when the relay cannot be reached or the connection is lost."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam trigger                                     one bang on the relay here",
      "  jam trigger --sound kick ws://192.168.1.20:8080/socket",
      "  jam trigger --count 16 --interval 500ms --sound hat     a metronome, 120 bpm"
    })
final class TriggerCommand implements Callable<Integer> {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final String DEFAULT_COUNT = "1";
  static final String DEFAULT_INTERVAL = "500ms";

  @ParentCommand JamCommand root;
  @Mixin RelayUrlOption relayUrl;

  @Option(
      names = "--sound",
      paramLabel = "NAME",
      completionCandidates = SoundCandidates.class,
      description = {"Send a bang object naming this sound: ${COMPLETION-CANDIDATES}.", "Default: trigger-input."})
  String sound;

  @Option(names = "--count", paramLabel = "N", defaultValue = DEFAULT_COUNT, description = "Bangs to send (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = DEFAULT_INTERVAL,
      converter = Units.DurationConverter.class,
      description = "Time between bangs with --count (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Override
  public Integer call() throws InterruptedException {
    return run(root.reporter());
  }

  /** The command itself, on the options as set; {@link FastPath} calls it without picocli. */
  int run(Reporter reporter) throws InterruptedException {
    if (count < 1) {
      throw new JamException(ExitCode.USAGE, "--count must be at least 1, not " + count);
    }
    if (interval.isZero() || interval.isNegative()) {
      throw new JamException(ExitCode.USAGE, "--interval must be more than 0");
    }
    String message;
    if (sound == null) {
      message = Message.TRIGGER_INPUT.encode();
    } else {
      if (!SoundNames.isKnown(sound)) {
        reporter.warn("'" + sound + "' is not one of " + String.join(", ", SoundNames.ALL) + "; jam peers play 'bang' for it");
      }
      message = new Message.Bang(sound).encode();
    }
    URI url = relayUrl.resolve();
    // --cacert and --insecure as for join; the JDK's CAs (slow to load) only when wss:// needs them
    boolean tls = "wss".equalsIgnoreCase(url.getScheme());
    ClientTrust trust = tls || relayUrl.insecure || relayUrl.caCert != null ? relayUrl.trust(reporter) : null;
    Trigger.fire(url, trust, CONNECT_TIMEOUT, message, count, interval, reporter);
    return ExitCode.OK.code();
  }

  /** {@link SoundNames#ALL} for shell completion and help: names only, so the sound engine stays unloaded. */
  static final class SoundCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return SoundNames.ALL.iterator();
    }
  }
}
