package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.clock.ClockSync;
import jam.peer.ClockProbe;
import jam.protocol.Message;
import jam.protocol.RelayUrls;
import jam.text.Printable;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jam who}: asks a jam relay who is here ({@link ClockProbe#who}), as an observer that is
 * never announced, and prints the peers: a line each, or JSON lines with {@code --json}.
 */
@Command(
    name = "who",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Print who is connected to the relay.",
    description = {
      "Asks the relay who is here and prints how many, then one line a peer: its id on the relay and the name it gave (jam join --name, the page's name field), or (no name). Tutorial clients count, without a name; jam who itself is not counted and not announced.",
      "",
      "With --json: one JSON object a peer, {\"id\":\"p3\",\"name\":\"ana\"} (name null without one), and nothing else on stdout.",
      "",
      "Exits 0; 4 when the relay cannot be reached, or is not a jam relay (the tutorials' relays do not know who is here)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam who                                  the relay on this machine",
      "  jam who ws://192.168.1.20:8080/socket --json | jq -r .name"
    })
final class WhoCommand implements Callable<Integer> {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final long ANSWER_MILLIS = 5_000;

  @ParentCommand JamCommand root;
  @Spec CommandSpec spec;
  @Mixin RelayUrlOption relayUrl;

  @Option(names = "--json", description = "One JSON object a peer, for scripts.")
  boolean json;

  @Override
  public Integer call() throws Exception {
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
      if (probe.awaitSettled(ClockSync.Schedule.BRIEF).status() == ClockSync.Status.OWN_CLOCK) {
        throw notJam(url);
      }
      Message.Presence here;
      try {
        here = probe.who().get(ANSWER_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw notJam(url);
      }
      if (!json) {
        out.println(here.count() + (here.count() == 1 ? " peer here" : " peers here"));
      }
      for (Message.PeerInfo p : here.peers()) {
        if (json) {
          out.println(p.toJson());
        } else {
          out.println(
              Printable.escape(p.id())
                  + "  "
                  + (p.name() == null ? "(no name)" : Printable.escape(p.name())));
        }
      }
      out.flush();
      return ExitCode.OK.code();
    }
  }

  private static JamException notJam(URI url) {
    return new JamException(
        ExitCode.UNAVAILABLE,
        RelayUrls.redact(url) + " does not say who is here (not a jam relay?)");
  }
}
