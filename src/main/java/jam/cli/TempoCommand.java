package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.clock.Beats;
import jam.clock.ClockSync;
import jam.peer.ClockProbe;
import jam.protocol.Message;
import jam.protocol.RelayUrls;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jam tempo}: prints or changes the relay's shared beat, via a {@link ClockProbe}. */
@Command(
    name = "tempo",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Print or set the relay's shared tempo.",
    description = {
      "Without BPM, prints the relay's tempo as one JSON object: {\"bpm\":120,\"origin\":MS,\"beat\":B}, origin being the time of beat 0 on the relay's clock (Unix ms) and beat the beat now; exits 3 when the relay has none.",
      "",
      "With BPM (20 to 999), sets it for every peer: the last change wins, and the beat goes on where it is (beat n now is still beat n), as Ableton Link does. A relay started with jam serve --bpm has one from the start. Exits 4 when the relay cannot be reached."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam tempo                                       the tempo now",
      "  jam tempo 96                                    everyone to 96 bpm",
      "  jam tempo ws://192.168.1.20:8080/socket 120"
    })
final class TempoCommand implements Callable<Integer> {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** A relay hands its tempo to a newcomer right after collect; this is plenty for it to arrive. */
  private static final long HANDOVER_MILLIS = 1_500;

  @ParentCommand JamCommand root;
  @Spec CommandSpec spec;
  @Mixin RelayUrlOption relayUrl;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "BPM",
      description = "The new tempo, in beats a minute (also alone: jam tempo 96).")
  String bpmText;

  @Override
  public Integer call() throws Exception {
    if (bpmText == null && relayUrl.url != null && relayUrl.url.matches("[0-9.eE+-]+")) {
      bpmText = relayUrl.url; // jam tempo 96: the relay is the default one
      relayUrl.url = null;
    }
    Double bpm;
    try {
      bpm = bpmText == null ? null : Double.valueOf(bpmText);
    } catch (NumberFormatException e) {
      throw new JamException(
          ExitCode.USAGE, "BPM must be a number of beats a minute, not '" + bpmText + "'");
    }
    if (bpm != null && !(bpm >= Message.Tempo.MIN_BPM && bpm <= Message.Tempo.MAX_BPM)) {
      throw new JamException(ExitCode.USAGE, "BPM must be from 20 to 999, not " + bpm);
    }
    Reporter reporter = root.reporter();
    URI url = relayUrl.resolve();
    PrintWriter out = spec.commandLine().getOut();
    try (ClockProbe probe =
        ClockProbe.open(
            url,
            relayUrl.trust(reporter),
            CONNECT_TIMEOUT,
            PeerClock.fromEnvironment(),
            ClockSync.Schedule.BRIEF,
            reporter)) {
      Message.Tempo current;
      try {
        current = probe.tempo().get(HANDOVER_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        current = null;
      }
      if (probe.awaitSettled(ClockSync.Schedule.BRIEF).status() == ClockSync.Status.OWN_CLOCK) {
        throw new JamException(
            ExitCode.UNAVAILABLE,
            RelayUrls.redact(url) + " keeps no shared clock, so no beat (not a jam relay?)");
      }
      double now = probe.sync().relayNow();
      if (bpm == null) {
        if (current == null) {
          throw new JamException(
              ExitCode.DATA,
              RelayUrls.redact(url) + " has no tempo (set one: jam tempo BPM, or jam serve --bpm)");
        }
        out.println(json(current, now));
        out.flush();
        return ExitCode.OK.code();
      }
      Message.Tempo next = Beats.change(current, bpm, now);
      if (!probe.send(next)) {
        throw new JamException(
            ExitCode.UNAVAILABLE,
            "connection to " + RelayUrls.redact(url) + " lost before the tempo was sent");
      }
      out.println(json(next, now));
      out.flush();
      return ExitCode.OK.code();
    }
  }

  private static String json(Message.Tempo t, double now) {
    return String.format(
        Locale.ROOT,
        "{\"bpm\":%s,\"origin\":%.3f,\"beat\":%.3f}",
        strip(t.bpm()),
        t.origin(),
        Beats.beatAt(t, now));
  }

  private static String strip(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
