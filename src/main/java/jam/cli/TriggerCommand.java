package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.clock.Clock;
import jam.peer.Pattern;
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

/**
 * {@code jam trigger}: hands the options to {@link Trigger}; loads nothing else, so it starts fast.
 */
@Command(
    name = "trigger",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Fire a bang: every peer on the relay plays a sound.",
    description = {
      "Sends 'trigger-input', which the relay turns into 'trigger-output' for every peer (the tutorial's bang), or with --sound a bang object, {\"type\":\"bang\", \"sound\":\"NAME\"}, that jam join plays as that sound.",
      "",
      "Bangs with a time: --in, --at and --quantize make a bang object that carries the time it must sound on the relay's clock, and so does --count with --sound. jam trigger first syncs with the relay's clock (a few dozen ms), then sends each bang a second ahead of its time; every jam peer places it on that time in its audio stream, so they all sound together whatever their network delays and clocks. --count N --interval D is then one pattern on the shared clock (N = 0: until Ctrl-C). --quantize 1 moves the start to the next beat of the relay's tempo (jam serve --bpm, jam tempo), --quantize 4 to the next bar. The tutorials' clients do not play bang objects; without a time option and without --sound, jam trigger sends them trigger-input, --count times --interval apart.",
      "",
      "Exits 0 once everything is sent and the relay has echoed it (waiting a few seconds at most), closing with 1000; 2 for a time in the past or more than 60 s ahead; 4 when the relay cannot be reached or the connection is lost; for an unknown --sound, 2 (as the console's bang). Ctrl-C: 0 with --count 0, which runs until stopped; else 130, bangs not all sent."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam trigger                 one bang on the relay here",
      "  jam trigger --sound kick ws://192.168.1.20:8080/socket",
      "  jam trigger --sound kick --name ana",
      "                              a kick, and who sent it",
      "  jam trigger --count 16 --interval 500ms --sound hat",
      "                              a metronome, 120 bpm",
      "  jam trigger --in 200ms --sound kick",
      "                              every peer at the same instant",
      "  jam trigger --quantize 4 --sound bell",
      "                              on the next bar",
      "  jam trigger --at 21:30:00 --sound bell",
      "                              at a time of day, on the relay's clock",
      "  jam trigger --count 0 --interval 250ms --sound hat --quantize 1",
      "                              until Ctrl-C"
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
      description =
          "Send a bang object naming this sound: ${COMPLETION-CANDIDATES} (default: trigger-input; any other name is refused).")
  String sound;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "Say who banged (1 to 32 characters): each bang object carries it as \"from\", which jam join's console shows and its --osc sends as /jam/bang's SENDER. Needs --sound or a time (trigger-input cannot carry it).")
  String name;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = DEFAULT_COUNT,
      description = "Bangs to send (default: ${DEFAULT-VALUE}); 0: until Ctrl-C, with a time.")
  int count;

  @Option(
      names = "--in",
      paramLabel = "DURATION",
      converter = Units.DurationConverter.class,
      description = "Sound this long from now on the shared clock (200ms, 2s).")
  Duration in;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description =
          "Sound at this time on the relay's clock: HH:MM[:SS[.mmm]] today (local time), an ISO-8601 instant, or Unix ms.")
  String at;

  @Option(
      names = "--quantize",
      paramLabel = "BEATS",
      description =
          "Start on the next multiple of BEATS beats of the relay's tempo: 1 the next beat, 4 the next bar.")
  Double quantize;

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
    boolean timed = in != null || at != null || quantize != null || (sound != null && count != 1);
    if (count < (timed ? 0 : 1)) {
      throw new JamException(
          ExitCode.USAGE,
          "--count must be at least 1, not "
              + count
              + (count == 0
                  ? " (0 repeats only bangs with a time: add --sound, --in or --quantize)"
                  : ""));
    }
    if (interval.isZero() || interval.isNegative()) {
      throw new JamException(ExitCode.USAGE, "--interval must be more than 0");
    }
    if (in != null && at != null) {
      throw new JamException(ExitCode.USAGE, "--in and --at both say when: give one");
    }
    if (in != null && in.isNegative()) {
      throw new JamException(ExitCode.USAGE, "--in must not be negative");
    }
    if (quantize != null && !(quantize > 0 && quantize <= 1024)) {
      throw new JamException(
          ExitCode.USAGE,
          "--quantize must be a number of beats from more than 0 to 1024, not " + quantize);
    }
    if (name != null && !Message.Hello.isName(name)) {
      throw new JamException(
          ExitCode.USAGE, "--name must have 1 to " + Message.Hello.MAX_NAME + " characters");
    }
    if (name != null && sound == null && !timed) {
      throw new JamException(
          ExitCode.USAGE, "--name needs --sound or a time: trigger-input cannot say who sent it");
    }
    if (sound != null && !SoundNames.isKnown(sound)) {
      // as the console's bang refuses it: a typo is not sent to everyone as a plain bang
      throw new JamException(
          ExitCode.USAGE,
          "unknown sound '" + sound + "' (" + String.join(", ", SoundNames.ALL) + ")");
    }
    if (timed) {
      Clock local = PeerClock.fromEnvironment();
      Pattern.When when =
          new Pattern.When(
              in == null ? null : in.toNanos() / 1e6,
              at == null ? null : Times.parse(at, "--at"),
              quantize == null ? 0 : quantize);
      URI url = relayUrl.resolve();
      return UntilStopped.run(
          count == 0,
          () ->
              Pattern.fire(
                  url,
                  trust(url, reporter),
                  CONNECT_TIMEOUT,
                  local,
                  Pattern.bangs(sound, name, interval),
                  when,
                  count,
                  reporter));
    }
    String message;
    if (sound == null) {
      message = Message.TRIGGER_INPUT.encode();
    } else {
      message = new Message.Bang(sound, null, name).encode();
    }
    URI url = relayUrl.resolve();
    Trigger.fire(url, trust(url, reporter), CONNECT_TIMEOUT, message, count, interval, reporter);
    return ExitCode.OK.code();
  }

  /**
   * --cacert and --insecure as for join; the JDK's CAs (slow to load) only when wss:// needs them.
   */
  private ClientTrust trust(URI url, Reporter reporter) {
    boolean tls = "wss".equalsIgnoreCase(url.getScheme());
    return tls || relayUrl.insecure || relayUrl.caCert != null ? relayUrl.trust(reporter) : null;
  }

  /**
   * {@link SoundNames#ALL} for shell completion and help: names only, so the sound engine stays
   * unloaded.
   */
  static final class SoundCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return SoundNames.ALL.iterator();
    }
  }
}
