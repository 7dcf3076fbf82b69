package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.peer.Send;
import jam.tls.ClientTrust;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jam send}: raw text to the relay, as wscat sends it; the words given as one message, or
 * stdin's lines, one a message, as they come. Hands them to {@link Send}.
 */
@Command(
    name = "send",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Send raw text to the relay, as wscat does.",
    description = {
      "Sends TEXT (the words joined by blanks) as one text message, or without TEXT each line of stdin as one message, as it is read (so a pipe that stays open sends as it goes). The relay passes it on as it passes any message: to every peer, this one too. A first argument starting ws:// or wss:// is the relay's URL.",
      "",
      "Exits as jam trigger does: 0 once everything is sent and the relay has sent it back (waiting a few seconds at most), closing with 1000; 4 when the relay cannot be reached or the connection is lost (the relay closes a message over its --max-message with 1009); 130 on Ctrl-C before stdin ended."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam send trigger-input            a bang, as the tutorial sends it",
      "  jam send ws://HOST:8080/socket '{\"type\":\"bang\",\"sound\":\"kick\"}'",
      "  jam tracks --json | jq -c '[.]' | jam send",
      "                                    share tracks, one array a line"
    })
final class SendCommand implements Callable<Integer> {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  @ParentCommand JamCommand root;
  @Mixin RelayUrlOption relayUrl;

  @Parameters(
      index = "1..*",
      paramLabel = "TEXT",
      description = "The message (words joined by blanks). Default: stdin, a line a message.")
  List<String> words = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    Reporter reporter = root.reporter();
    List<String> text = new ArrayList<>(words);
    if (relayUrl.url != null && !isUrl(relayUrl.url)) {
      text.add(0, relayUrl.url); // jam send hello: the relay is the default one
      relayUrl.url = null;
    }
    URI url = relayUrl.resolve();
    boolean tls = "wss".equalsIgnoreCase(url.getScheme());
    ClientTrust trust =
        tls || relayUrl.insecure || relayUrl.caCert != null ? relayUrl.trust(reporter) : null;
    Iterator<String> messages;
    if (text.isEmpty()) {
      if (StatusLine.isTerminal(0)) {
        reporter.info("sending each line of stdin (Ctrl-D to end)");
      }
      messages = lines();
    } else {
      messages = List.of(String.join(" ", text)).iterator();
    }
    Send.send(url, trust, CONNECT_TIMEOUT, messages, reporter);
    return ExitCode.OK.code();
  }

  private static boolean isUrl(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    return lower.startsWith("ws://") || lower.startsWith("wss://");
  }

  /** Stdin's lines (UTF-8), each read when asked for. */
  private static Iterator<String> lines() {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return new Iterator<>() {
      private String next;
      private boolean ended;

      @Override
      public boolean hasNext() {
        if (next == null && !ended) {
          try {
            next = in.readLine();
          } catch (IOException e) {
            throw new JamException(
                ExitCode.IO, "cannot read stdin: " + e.getMessage(), new UncheckedIOException(e));
          }
          ended = next == null;
        }
        return next != null;
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        String line = next;
        next = null;
        return line;
      }
    };
  }
}
