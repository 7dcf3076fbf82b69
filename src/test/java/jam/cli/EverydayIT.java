package jam.cli;

import static jam.testing.JamProcess.jam;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.testing.JamProcess;
import jam.testing.RecordingClient;
import jam.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user meets first, through {@code bin/jam}: messages that name what was typed, {@code
 * jam send}, {@code jam join --json --events}, one rule for the exit code after Ctrl-C (real SIGINT
 * to the processes), and help that fits 80 columns without splitting a path.
 */
class EverydayIT {
  @TempDir Path dir;
  Relay relay;

  @BeforeEach
  void start() {
    relay = Relay.start(RelayConfig.loopback(), new RelayListener() {});
  }

  @AfterEach
  void stop() {
    relay.close();
  }

  private JamProcess.Result run(String... args) {
    return JamProcess.run(dir, Map.of(), args);
  }

  private static void assertUsage(JamProcess.Result r, String err) {
    assertEquals(2, r.exitCode(), r.err());
    assertEquals(err + "\n", r.err());
    assertEquals("", r.out());
  }

  // ---- messages

  @Test
  void aMisspeltCommandGetsTheOneItResemblesAndIsCalledACommand() {
    assertUsage(
        run("joinn"), "jam: unknown command 'joinn'; did you mean join? (see 'jam --help')");
    assertUsage(
        run("help", "trigerr"),
        "jam: unknown command 'trigerr'; did you mean trigger? (see 'jam --help')");
  }

  @Test
  void anArgumentACommandDoesNotTakeIsNamedPlainly() {
    assertUsage(
        run("tracks", "extra"),
        "jam: unexpected argument 'extra': jam tracks takes none (see 'jam tracks --help')");
  }

  @Test
  void serveNamesItsOptionsWithTheirDashes() {
    JamProcess.Result r = run("serve", "--port", "0", "--max-message", "10");
    assertEquals(2, r.exitCode(), r.err());
    assertEquals("jam: --max-message must be at least 64 bytes, not 10\n", r.err());
  }

  @Test
  void aBadJamUrlSaysItCameFromJamUrl() {
    JamProcess.Result r = JamProcess.run(dir, Map.of("JAM_URL", "foo:bar"), "trigger");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().startsWith("jam: JAM_URL: 'foo:bar' is not a relay URL"), r.err());
    JamProcess.Result typed = run("trigger", "foo:bar");
    assertTrue(typed.err().startsWith("jam: 'foo:bar' is not a relay URL"), typed.err());
  }

  @Test
  void wsAtATlsRelayHintsWss() throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    Relay tls =
        Relay.start(
            RelayConfig.loopback().toBuilder().tls(certs.serverContextFromPem()).build(),
            new RelayListener() {});
    try {
      String plain = "ws://127.0.0.1:" + tls.port() + "/socket";
      String hint = "try wss://127.0.0.1:" + tls.port() + "/socket";
      JamProcess.Result trigger = run("trigger", plain);
      assertEquals(4, trigger.exitCode(), trigger.err());
      assertEquals(
          "jam: cannot connect to "
              + plain
              + ": the relay answered in TLS: a TLS relay is wss://, "
              + hint
              + "\n",
          trigger.err());
      JamProcess.Result join = run("join", "--mute", "--no-reconnect", plain);
      assertEquals(4, join.exitCode(), join.err());
      assertEquals(
          "jam: cannot connect to "
              + plain
              + ": the relay answered in TLS: a TLS relay is wss://, "
              + hint
              + "\n",
          join.err());
      JamProcess.Result waiting = run("join", "--mute", "--exit-after", "60s", plain);
      assertEquals(4, waiting.exitCode(), "as any TLS failure, not waited for: " + waiting.err());
    } finally {
      tls.close();
    }
  }

  @Test
  void insecureWithWsSaysItHasNoEffectAndWarnsOfNoCertificate() {
    JamProcess.Result r = run("trigger", "--insecure", relay.url());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(
        "jam: --insecure has no effect on a ws:// relay: there is no certificate to check\n",
        r.err());
  }

  @Test
  void anUnknownSoundIsRefusedAsTheConsoleRefusesIt() {
    try (RecordingClient other = RecordingClient.connect(relay.url())) {
      other.assertText("collect");
      JamProcess.Result r = run("trigger", "--sound", "cowbell", relay.url());
      assertEquals(2, r.exitCode(), r.err());
      assertEquals("jam: unknown sound 'cowbell' (bang, kick, snare, hat, bell)\n", r.err());
      run("trigger", relay.url()); // what comes next is this one, not a bang for cowbell
      String next = other.nextText();
      while (next.equals("collect")) {
        next = other.nextText();
      }
      assertEquals("trigger-output", next);
    }
  }

  /**
   * Without an audio device (the usual case here): nothing said while no sound was wanted, one line
   * at the first bang; and never with --mute.
   */
  @Test
  void noAudioDeviceIsSaidOnceAndOnlyWhenASoundIsWanted() throws Exception {
    Files.writeString(dir.resolve("a.json"), "[]");
    // no device, whatever this machine has (as SoundIT makes sure): a card ALSA does not have
    Files.writeString(
        dir.resolve(".asoundrc"),
        "pcm.!default { type hw; card 7 }\nctl.!default { type hw; card 7 }\n");
    try (JamProcess join = jam(dir, Map.of(), "join", "--store", "a.json", relay.url());
        JamProcess muted = jam(dir, Map.of(), "join", "--mute", "--store", "a.json", relay.url())) {
      join.awaitErr("connected to");
      muted.awaitErr("connected to");
      Thread.sleep(300); // time for a warning to show, if one were coming: nothing to wait for
      assertFalse(join.err().contains("audio"), "said before any sound:\n" + join.err());
      for (int i = 0; i < 3; i++) {
        assertEquals(0, run("trigger", relay.url()).exitCode());
      }
      join.terminate();
      muted.terminate();
      assertEquals(0, join.exitCode(), join.err());
      assertEquals(0, muted.exitCode(), muted.err());
      long said = join.err().lines().filter(l -> l.contains("audio device")).count();
      assertEquals(1, said, join.err());
      assertFalse(muted.err().contains("audio"), muted.err());
    }
  }

  // ---- help

  @Test
  void helpFitsEightyColumnsWithPathsAndSentencesWhole() {
    for (String command : CommandLineFactory.commandNames()) {
      JamProcess.Result r = JamProcess.run(dir, Map.of("COLUMNS", "80"), command, "--help");
      assertEquals(0, r.exitCode(), command + ": " + r.err());
      for (String line : r.out().lines().toList()) {
        assertTrue(line.length() <= 80, command + ": a line over 80 columns: " + line);
      }
      if (List.of("join", "play", "add-track", "tracks").contains(command)) {
        assertTrue(
            r.out().contains("~/.local/share/jam/tracks.json"), command + ": split\n" + r.out());
      }
      if (command.equals("join")) {
        assertTrue(r.out().contains("are both a terminal, else text"), r.out());
      }
      if (command.equals("trigger")) {
        assertFalse(r.out().matches("(?s).*\n\\s+Default: trigger-input.*"), r.out());
      }
    }
  }

  // ---- pipelines

  @Test
  void joinJsonEventsPrintsBangsPresenceAndTracksAsTypedLinesAndJsonAloneIsAsItWas()
      throws Exception {
    Files.writeString(dir.resolve("a.json"), "[]");
    String track = "{\"trackname\":\"riff\",\"data\":[[440,null,null,null]],\"id\":\"riff-1\"}";
    try (JamProcess events =
            jam(
                dir,
                Map.of(),
                "join",
                "--json",
                "--events",
                "--mute",
                "--store",
                "a.json",
                relay.url());
        JamProcess plain =
            jam(dir, Map.of(), "join", "--json", "--mute", "--store", "a.json", relay.url())) {
      events.awaitErr("connected to");
      plain.awaitErr("connected to");
      try (RecordingClient other = RecordingClient.connect(relay.url())) {
        other.send("trigger-input");
        assertEquals("{\"type\":\"bang\"}", nextNotPresence(events));
        other.send("{\"type\":\"bang\",\"sound\":\"kick\",\"x\":\"\\u001b[31m\"}");
        assertEquals("{\"type\":\"bang\",\"sound\":\"kick\"}", nextNotPresence(events));
        other.send("[" + track + "]");
        assertEquals("{\"type\":\"track\",\"track\":" + track + "}", nextNotPresence(events));
        assertEquals(track, plain.nextLine());
      }
      try (JamProcess ana =
          jam(dir, Map.of(), "join", "--name", "ana", "--mute", "--store", "a.json", relay.url())) {
        ana.awaitErr("connected to");
        awaitLine(
            events, "\\{\"type\":\"joined\",\"id\":\"[^\"]+\",\"name\":\"ana\",\"count\":\\d+\\}");
        ana.terminate();
        assertEquals(0, ana.exitCode(), ana.err());
      }
      awaitLine(
          events, "\\{\"type\":\"left\",\"id\":\"[^\"]+\",\"name\":\"ana\",\"count\":\\d+\\}");
      events.terminate();
      plain.terminate();
      assertEquals(0, events.exitCode(), events.err());
      assertEquals(0, plain.exitCode(), plain.err());
      assertEquals(track + "\n", plain.out(), "--json alone: tracks only, as before");
    }
  }

  /** The next line that is not a joined or left event of a peer without a name. */
  private static String nextNotPresence(JamProcess p) {
    String line = p.nextLine();
    while (line.matches("\\{\"type\":\"(joined|left)\",.*\"name\":null,.*")) {
      line = p.nextLine();
    }
    return line;
  }

  /** Reads stdout on until a line matches {@code regex}. */
  private static void awaitLine(JamProcess p, String regex) {
    String line = p.nextLine();
    while (!line.matches(regex)) {
      line = p.nextLine();
    }
  }

  @Test
  void eventsWithoutJsonIsAUsageError() {
    assertUsage(
        run("join", "--events", "--format", "text", relay.url()),
        "jam: --events needs --json (or --format json)");
  }

  @Test
  void sendSendsTheWordsAsOneMessageAndStdinALineAMessage() {
    try (RecordingClient other = RecordingClient.connect(relay.url())) {
      other.assertText("collect");
      JamProcess.Result words = run("send", relay.url(), "hello", "world");
      assertEquals(0, words.exitCode(), words.err());
      assertEquals("", words.err());
      assertEquals("hello world", nextNotCollect(other));

      try (JamProcess piped =
          JamProcess.shell(
              dir, Map.of(), "printf 'one\\ntrigger-input\\n' | jam send " + relay.url())) {
        assertEquals(0, piped.exitCode(), piped.err());
      }
      assertEquals("one", nextNotCollect(other));
      assertEquals("trigger-output", nextNotCollect(other));

      JamProcess.Result env = JamProcess.run(dir, Map.of("JAM_URL", relay.url()), "send", "hi");
      assertEquals(0, env.exitCode(), env.err());
      assertEquals("hi", nextNotCollect(other));
    }
  }

  @Test
  void sendTakesARoomAndExitsFourWithoutARelay() {
    try (RecordingClient red = RecordingClient.connect(relay.url() + "/red")) {
      red.assertText("collect");
      JamProcess.Result r = run("send", "--room", "red", relay.url(), "in red");
      assertEquals(0, r.exitCode(), r.err());
      assertEquals("in red", nextNotCollect(red));
    }
    JamProcess.Result none = run("send", "ws://127.0.0.1:1/socket", "x");
    assertEquals(4, none.exitCode(), none.err());
    assertEquals(
        "jam: cannot connect to ws://127.0.0.1:1/socket: connection refused\n", none.err());
  }

  private static String nextNotCollect(RecordingClient c) {
    String t = c.nextText();
    while (t.equals("collect") || t.startsWith("{\"type\":\"presence\"")) {
      t = c.nextText();
    }
    return t;
  }

  // ---- Ctrl-C: 0 for what runs until stopped, 130 for what it cuts short

  @Test
  void ctrlCExitsZeroFromWhatRunsUntilStoppedAnd130FromWhatItCutsShort() throws Exception {
    Files.writeString(
        dir.resolve("a.json"),
        "[{\"trackname\":\"long\",\"id\":\"long-1\",\"data\":["
            + String.join(",", java.util.Collections.nCopies(200, "[440,null,null,null]"))
            + "]}]");
    try (RecordingClient other = RecordingClient.connect(relay.url())) {
      other.assertText("collect");
      List<String[]> endless =
          List.of(
              new String[] {"serve", "--host", "127.0.0.1", "--port", "0", "--no-qr"},
              new String[] {"join", "--mute", "--store", "a.json", relay.url()},
              new String[] {
                "trigger", "--count", "0", "--interval", "100ms", "--sound", "hat", relay.url()
              });
      for (String[] args : endless) {
        try (JamProcess p = jam(dir, Map.of(), args)) {
          awaitRunning(p, args[0], other);
          p.interrupt();
          assertEquals(0, p.exitCode(), String.join(" ", args) + ": " + p.err());
        }
      }
      List<String[]> cutShort =
          List.of(
              new String[] {"play", "--store", "a.json", "long"}, // a render: AudioOutIT
              new String[] {"trigger", "--count", "5", "--interval", "3s", relay.url()});
      for (String[] args : cutShort) {
        try (JamProcess p = jam(dir, Map.of(), args)) {
          awaitRunning(p, args[0], other);
          p.interrupt();
          assertEquals(130, p.exitCode(), String.join(" ", args) + ": " + p.err());
        }
      }
    }
  }

  /** Until {@code p} is past its start: it said so, or its first message reached the relay. */
  private static void awaitRunning(JamProcess p, String command, RecordingClient other) {
    switch (command) {
      case "serve", "play" -> p.awaitErr(command.equals("serve") ? "page at" : "playing");
      case "join" -> p.awaitErr("connected to");
      default -> {
        List<String> seen = new ArrayList<>();
        String t = other.nextText();
        while (!t.startsWith("{\"type\":\"bang\"") && !t.equals("trigger-output")) {
          seen.add(t);
          t = other.nextText();
        }
      }
    }
  }
}
