package jam.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.testing.JamProcess;
import jam.testing.Needs;
import jam.testing.RecordingClient;
import jam.testing.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jam join} on a real terminal: inside tmux (a private server, killed afterwards),
 * driven with send-keys and read with capture-pane, against a relay in this JVM with a recording
 * peer beside it.
 */
class JoinConsoleIT {
  private static final long WAIT_SECONDS = 30;

  @TempDir Path dir;
  final String socket = "jam-test-" + UUID.randomUUID().toString().substring(0, 8);
  Relay relay;

  @BeforeEach
  void start() {
    Needs.programs("tmux");
    relay = Relay.start(RelayConfig.loopback(), new RelayListener() {});
  }

  @AfterEach
  void stop() {
    if (relay == null) {
      return; // skipped before it started anything
    }
    try {
      tmux("kill-server");
    } catch (AssertionError e) {
      // already gone
    } finally {
      relay.close();
    }
  }

  @Test
  void aBangTypedIsHeardAndATrackArrivingWhileTypingShowsAboveTheHalfTypedLine() throws Exception {
    try (RecordingClient other = RecordingClient.connect(relay.url())) {
      tmux("new-session", "-d", "-s", "jam", "-x", "120", "-y", "30", joinCommand(relay.url()));
      awaitPane(
          p -> p.contains("connected  0 tracks  0 bangs  muted") && lastPrompt(p).equals("jam>"),
          "the console, connected");

      tmux("send-keys", "-t", "jam", "-l", "bang");
      tmux("send-keys", "-t", "jam", "Enter");
      awaitMessage(other, "trigger-output");
      // this test is about a track arriving while typing, not about keys typed while a command runs
      awaitPane(
          p -> p.contains("1 bang  muted") && lastPrompt(p).equals("jam>"), "the bang, counted");

      tmux("send-keys", "-t", "jam", "-l", "bang ki");
      awaitPane(p -> lastPrompt(p).equals("jam> bang ki"), "the half-typed command");
      other.send(
          "[{\"trackname\":\"riff\",\"data\":[[440,null,580,332],[220,null,null,709]],\"id\":\"riff-1\"}]");
      // the track line and the status line's count are drawn one after the other: wait for both
      String pane =
          awaitPane(
              p -> p.contains("riff (2 steps)") && p.contains("connected  1 track"),
              "the track, counted");
      List<String> lines = pane.lines().map(String::stripTrailing).toList();
      int track = lines.indexOf("riff (2 steps)");
      int prompt = lines.lastIndexOf("jam> bang ki");
      assertTrue(
          track >= 0 && prompt > track,
          "the track above the prompt, the half-typed line kept:\n" + pane);
      assertEquals(
          lines.size() - 1,
          lines.lastIndexOf(
              lines.stream().filter(l -> l.contains("connected  1 track")).findFirst().orElse("?")),
          "the status line at the bottom:\n" + pane);

      tmux("send-keys", "-t", "jam", "C-u");
      tmux("send-keys", "-t", "jam", "-l", "quit");
      tmux("send-keys", "-t", "jam", "Enter");
      assertEquals("exit 0", awaitExit(), capture());
      assertTrue(
          Files.readString(dir.resolve("state/jam/join_history")).contains("bang"),
          "history under XDG_STATE_HOME");
    }
  }

  /**
   * Keys typed while bangs arrive stay on the prompt, once: each bang's line is printed above the
   * prompt and the status line redrawn, from the peer's thread, while the line reader echoes the
   * keys; and keys typed right after Enter wait for the next prompt. Never "bang kijam> bang ki" on
   * screen (the prompt drawn over a bang's line from its 8th column, or beside keys echoed by the
   * terminal).
   */
  @Test
  void keysTypedWhileBangsArriveStayOnThePromptOnce() throws Exception {
    int bangs = 40;
    try (RecordingClient other = RecordingClient.connect(relay.url())) {
      tmux("new-session", "-d", "-s", "jam", "-x", "120", "-y", "30", joinCommand(relay.url()));
      awaitPane(
          p -> p.contains("connected  0 tracks  0 bangs  muted") && lastPrompt(p).equals("jam>"),
          "the console, connected");

      Thread sender =
          new Thread(
              () -> {
                for (int i = 0; i < bangs; i++) {
                  other.send("trigger-input");
                  pause(7); // spread on purpose, so that the bangs arrive in among the keys
                }
              },
              "bangs");
      sender.start();
      for (char c : "bang ki".toCharArray()) { // one key at a time, in among the bangs
        tmux("send-keys", "-t", "jam", "-l", String.valueOf(c));
        pause(25); // spread on purpose, so that the keys arrive in among the bangs
      }
      sender.join();
      assertScreenClean(awaitPane(p -> p.contains(bangs + " bangs  muted"), "every bang, counted"));

      // and keys typed right after Enter, while the console runs the command and its bang comes
      // back
      for (int round = 1; round <= 5; round++) {
        tmux("send-keys", "-t", "jam", "C-u");
        awaitPane(p -> lastPrompt(p).equals("jam>"), "the line cleared");
        tmux("send-keys", "-t", "jam", "-l", "bang");
        tmux("send-keys", "-t", "jam", "Enter");
        tmux("send-keys", "-t", "jam", "-l", "bang ki");
        int heard = bangs + round;
        assertScreenClean(
            awaitPane(
                p -> p.contains(heard + " bangs  muted") && lastPrompt(p).equals("jam> bang ki"),
                "bang " + round + ", counted"));
      }

      tmux("send-keys", "-t", "jam", "C-u");
      tmux("send-keys", "-t", "jam", "-l", "quit");
      tmux("send-keys", "-t", "jam", "Enter");
      assertEquals("exit 0", awaitExit(), capture());
    }
  }

  @Test
  void withAStoreThatIsNotJsonAddRefusesWithOneLineAndTheStoreStaysByteForByte() throws Exception {
    Path store = dir.resolve("a.json");
    Files.writeString(store, "[\n{\"trackname\":\"mine\",");
    byte[] before = Files.readAllBytes(store);
    Files.writeString(
        dir.resolve("riff.json"), "{\"trackname\":\"riff\",\"data\":[[440,null,580,332]]}");
    try (RecordingClient other = RecordingClient.connect(relay.url())) {
      tmux(
          "new-session",
          "-d",
          "-s",
          "jam",
          "-x",
          "400",
          "-y",
          "30",
          joinCommand(relay.url())); // wide: the lines name the store
      awaitPane(
          p -> p.contains("connected  0 tracks") && lastPrompt(p).equals("jam>"),
          "the console, connected");
      // the status line's first drawing scrolls the screen a line: the first message may be in the
      // history
      String joined = captureWithHistory();
      assertTrue(
          joined.contains("jam: corrupt store a.json:2:21: "),
          "the store's problem, with where:\n" + joined);

      other.send("[{\"trackname\":\"bass\",\"data\":[[110,null,null,null]],\"id\":\"bass-1\"}]");
      awaitPane(p -> p.contains("connected  1 track"), "a track from another peer");
      tmux("send-keys", "-t", "jam", "-l", "add riff.json");
      tmux("send-keys", "-t", "jam", "Enter");
      awaitPane(p -> p.contains("jam: not added: corrupt store a.json:2:21: "), "add refused");
      String refused = captureWithHistory();
      assertEquals(
          1,
          refused.lines().filter(l -> l.startsWith("jam: corrupt store")).count(),
          "the problem said once:\n" + refused);
      assertArrayEquals(before, Files.readAllBytes(store), "the store was written");

      tmux("send-keys", "-t", "jam", "-l", "quit");
      tmux("send-keys", "-t", "jam", "Enter");
      assertEquals("exit 0", awaitExit(), capture());
      assertArrayEquals(before, Files.readAllBytes(store), "the store was written");
    }
  }

  @Test
  void ctrlCOnAnEmptyLineSaysHowToLeaveAndASecondLeaves() throws Exception {
    tmux("new-session", "-d", "-s", "jam", "-x", "120", "-y", "30", joinCommand(relay.url()));
    awaitPane(p -> p.contains("connected  0 tracks") && lastPrompt(p).equals("jam>"), "connected");
    tmux("send-keys", "-t", "jam", "-l", "bang ki");
    tmux("send-keys", "-t", "jam", "C-c"); // clears the typed line: not the first of two
    awaitPane(p -> lastPrompt(p).equals("jam>"), "the line cleared");
    tmux("send-keys", "-t", "jam", "C-c");
    awaitPane(p -> p.contains("jam: to leave: quit, Ctrl-D, or Ctrl-C again"), "how to leave");
    assertFalse(Files.exists(dir.resolve("exit.txt")), "left on the first Ctrl-C:\n" + capture());
    tmux("send-keys", "-t", "jam", "C-c");
    assertEquals("exit 0", awaitExit(), capture());
  }

  @Test
  void arrivalsAndLeavesAreShownWithTheCount() throws Exception {
    tmux("new-session", "-d", "-s", "jam", "-x", "120", "-y", "30", joinCommand(relay.url()));
    awaitPane(p -> p.contains("connected  0 tracks") && lastPrompt(p).equals("jam>"), "connected");
    Files.writeString(dir.resolve("b.json"), "[]");
    try (JamProcess ana =
        JamProcess.jam(
            dir,
            java.util.Map.of(),
            "join",
            "--name",
            "ana",
            "--mute",
            "--store",
            "b.json",
            relay.url())) {
      awaitPane(p -> p.contains("jam: ana joined (2 here)"), "ana arriving");
      ana.terminate();
      assertEquals(0, ana.exitCode(), ana.err());
    }
    awaitPane(p -> p.contains("jam: ana left (1 here)"), "ana leaving");
  }

  /**
   * At 50 and 30 columns the status line keeps the connection and muted, dropping other parts
   * whole.
   */
  @Test
  void aNarrowStatusLineKeepsTheConnectionAndMutedFirst() throws Exception {
    tmux("new-session", "-d", "-s", "jam", "-x", "50", "-y", "20", joinCommand(relay.url()));
    for (int width : new int[] {50, 30}) {
      if (width != 50) {
        tmux("resize-window", "-t", "jam", "-x", String.valueOf(width));
      }
      String pane =
          awaitPane(
              p ->
                  lastPrompt(p).equals("jam>")
                      && statusLine(p).startsWith("connected")
                      && statusLine(p).length() < width,
              width + " columns: the status line");
      String status = statusLine(pane);
      assertTrue(status.contains("  muted"), width + " columns: " + status);
      if (width == 30) {
        assertEquals("connected  0 tracks  muted", status);
      }
    }
    tmux("send-keys", "-t", "jam", "-l", "quit");
    tmux("send-keys", "-t", "jam", "Enter");
    assertEquals("exit 0", awaitExit(), capture());
  }

  /**
   * At 60 columns help wraps between words, and the tracks table keeps its columns (CJK and emoji
   * names are two columns a character) and its ids whole.
   */
  @Test
  void helpAndTheTracksTableWrapAtBlanksAndKeepColumnsInDisplayWidth() throws Exception {
    String id = "0123456789abcdef";
    try (RecordingClient other = RecordingClient.connect(relay.url())) {
      tmux("new-session", "-d", "-s", "jam", "-x", "60", "-y", "40", joinCommand(relay.url()));
      awaitPane(p -> p.contains("connected  0 tracks") && lastPrompt(p).equals("jam>"), "up");
      other.send(
          "[{\"trackname\":\"東京の夜\",\"data\":[[440]],\"city\":\"大阪\",\"countryCode\":\"jp\",\"id\":\""
              + id
              + "\"},{\"trackname\":\"🎸 riff with a long name that wraps\",\"data\":[[440],[220]],\"id\":\"riff-1\"}]");
      awaitPane(p -> p.contains("2 tracks"), "the tracks");
      tmux("send-keys", "-t", "jam", "-l", "tracks");
      tmux("send-keys", "-t", "jam", "Enter");
      String pane = awaitPane(p -> p.contains(id), "the table");
      List<String> lines = pane.lines().map(String::stripTrailing).toList();
      int header =
          lines.indexOf(lines.stream().filter(l -> l.startsWith("NAME")).findFirst().orElseThrow());
      int idColumn = columns(lines.get(header), "ID");
      assertEquals(
          idColumn,
          columns(lines.stream().filter(l -> l.contains(id)).findFirst().orElseThrow(), id),
          pane);
      assertEquals(
          idColumn,
          columns(
              lines.stream().filter(l -> l.contains("riff-1")).findFirst().orElseThrow(), "riff-1"),
          pane);
      assertTrue(lines.stream().anyMatch(l -> l.contains("wraps")), pane);

      tmux("send-keys", "-t", "jam", "-l", "help");
      tmux("send-keys", "-t", "jam", "Enter");
      // the help, and the prompt back under it (the status line below is not help)
      String help =
          awaitPane(
              p -> {
                List<String> ls = p.lines().map(String::strip).toList();
                int h = ls.lastIndexOf("jam> help");
                return h >= 0
                    && p.contains("quit ")
                    && ls.subList(h + 1, ls.size()).stream().anyMatch(l -> l.startsWith("jam>"));
              },
              "help");
      java.util.Set<String> words = new java.util.HashSet<>();
      jam.console.ConsoleCommand.HELP.forEach(l -> words.addAll(List.of(l.split(" +"))));
      List<String> shown = help.lines().map(String::strip).toList();
      int from = shown.lastIndexOf("jam> help") + 1;
      int to = from;
      while (to < shown.size() && !shown.get(to).startsWith("jam>")) {
        to++;
      }
      assertTrue(to - from >= 8, help);
      for (String line : shown.subList(from, to)) {
        assertTrue(line.length() <= 60, line);
        for (String word : line.split(" +")) {
          assertTrue(word.isEmpty() || words.contains(word), "'" + word + "' split in\n" + help);
        }
      }
    }
  }

  /** The terminal column (display width) at which {@code part} starts in {@code line}. */
  private static int columns(String line, String part) {
    return jam.text.Columns.width(line.substring(0, line.indexOf(part)));
  }

  /** The pane's last non-blank line: the status line. */
  private static String statusLine(String pane) {
    List<String> lines = pane.lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  @Test
  void joinIntoAPipeAtATerminalSaysTheConsoleIsOff() throws Exception {
    tmux(
        "new-session",
        "-d",
        "-s",
        "jam",
        "-x",
        "150",
        "-y",
        "20",
        joinCommand(relay.url()).replace("; echo", " | cat; echo"));
    awaitPane(
        p -> p.contains("jam: stdout is not a terminal, so no console: what you type is not read"),
        "the console, off");
  }

  @Test
  void addTrackAndPlayAtATerminalSayTheyReadStdin() throws Exception {
    Files.writeString(dir.resolve("a.json"), "[]");
    String run =
        "cd '"
            + dir
            + "' && env -u JAM_STORE HOME='"
            + dir
            + "' '"
            + JamProcess.LAUNCHER
            + "' %s; echo \"exit $?\" > exit.tmp && mv exit.tmp exit.txt; sleep 60";
    tmux(
        "new-session",
        "-d",
        "-s",
        "jam",
        "-x",
        "150",
        "-y",
        "20",
        String.format(run, "add-track --store a.json"));
    awaitPane(p -> p.contains("jam: reading tracks from stdin (Ctrl-D to end"), "add-track's note");
    tmux("send-keys", "-t", "jam", "-l", "{\"trackname\":\"t\",\"data\":[[440]]}");
    tmux("send-keys", "-t", "jam", "Enter");
    tmux("send-keys", "-t", "jam", "C-d");
    assertEquals("exit 0", awaitExit(), capture());
    // the server lives on in the renamed session: a new one started right after a kill-server can
    // find the old server still going away
    tmux("rename-session", "-t", "jam", "add-track");
    Files.delete(dir.resolve("exit.txt"));

    tmux(
        "new-session",
        "-d",
        "-s",
        "jam",
        "-x",
        "150",
        "-y",
        "20",
        String.format(run, "play --mute --audio-out t.wav"));
    awaitPane(p -> p.contains("jam: reading a track from stdin (Ctrl-D to end"), "play's note");
    tmux("send-keys", "-t", "jam", "-l", "{\"trackname\":\"t\",\"data\":[[440]]}");
    tmux("send-keys", "-t", "jam", "Enter");
    tmux("send-keys", "-t", "jam", "C-d");
    assertEquals("exit 0", awaitExit(), capture());
  }

  /**
   * Only bangs, notes and commands entered above the prompt, which holds the half-typed line once.
   */
  private static void assertScreenClean(String pane) {
    List<String> lines = pane.lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).toList();
    assertEquals(
        "jam> bang ki", lines.get(lines.size() - 2), "the prompt, above the status line:\n" + pane);
    for (String line : lines.subList(0, lines.size() - 2)) {
      assertTrue(
          line.matches("bang [a-z]+|jam: .*|jam> bang"),
          "a stray line:\n" + line + "\nin\n" + pane);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void keysTypedWhileConnectingWaitUnechoedForThePrompt() throws Exception {
    try (HeldRelay held = new HeldRelay(relay.port())) {
      tmux(
          "new-session",
          "-d",
          "-s",
          "jam",
          "-x",
          "120",
          "-y",
          "30",
          joinCommand("ws://127.0.0.1:" + held.port() + "/socket"));
      held.awaitAccepted();

      tmux("send-keys", "-t", "jam", "-l", "bang ki");
      Thread.sleep(
          300); // time for an echo to show, wherever the cursor was: what must not happen has no
      // event
      String connecting = capture();
      held.release();
      assertFalse(connecting.contains("bang ki"), "keys echoed while connecting:\n" + connecting);
      String pane =
          awaitPane(
              p -> p.contains("connected  0 tracks") && lastPrompt(p).equals("jam> bang ki"),
              "the typed keys on the prompt");
      assertEquals(
          1,
          pane.lines().filter(l -> l.contains("bang ki")).count(),
          "the keys shown once, on the prompt:\n" + pane);
    }
  }

  @Test
  void ctrlCWhileConnectingGivesUpAndExitsZero() throws Exception {
    try (HeldRelay held = new HeldRelay(relay.port())) {
      tmux(
          "new-session",
          "-d",
          "-s",
          "jam",
          "-x",
          "120",
          "-y",
          "30",
          joinCommand("ws://127.0.0.1:" + held.port() + "/socket"));
      held.awaitAccepted();
      tmux("send-keys", "-t", "jam", "C-c");
      // the handshake is held back for good: only Ctrl-C can end this before the connect timeout
      // (exit 4)
      assertEquals("exit 0", awaitExit(), capture());
    }
  }

  /**
   * jam join on {@code url} in this test's folder, its exit code left in exit.txt; the pane stays
   * open.
   */
  private String joinCommand(String url) {
    return "cd '"
        + dir
        + "' && env -u JAM_URL -u JAM_TOKEN -u JAM_STORE -u NO_COLOR HOME='"
        + dir
        + "' XDG_STATE_HOME='"
        + dir.resolve("state")
        + "' TERM=xterm-256color '"
        + JamProcess.LAUNCHER
        + "' join --mute --store a.json "
        + url
        + "; echo \"exit $?\" > exit.tmp && mv exit.tmp exit.txt; sleep 60";
  }

  private String awaitExit() throws Exception {
    Path exit = dir.resolve("exit.txt");
    try {
      Wait.atMost(Duration.ofSeconds(WAIT_SECONDS))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> Files.exists(exit));
    } catch (ConditionTimeoutException e) {
      fail("jam join did not end:\n" + capture());
    }
    return Files.readString(exit).strip();
  }

  /** A port in front of the relay that accepts at once but passes nothing on until released. */
  private static final class HeldRelay implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final CountDownLatch accepted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    HeldRelay(int relayPort) throws IOException {
      Thread proxy =
          new Thread(
              () -> {
                try (Socket in = socket.accept();
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), relayPort)) {
                  accepted.countDown();
                  release.await();
                  Thread back = new Thread(() -> pump(out, in));
                  back.start();
                  pump(in, out);
                  back.join();
                } catch (IOException | InterruptedException e) {
                  // the session is over
                }
              },
              "held-relay");
      proxy.setDaemon(true);
      proxy.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    void awaitAccepted() throws InterruptedException {
      assertTrue(accepted.await(WAIT_SECONDS, TimeUnit.SECONDS), "jam join never connected");
    }

    void release() {
      release.countDown();
    }

    @Override
    public void close() throws IOException {
      release.countDown();
      socket.close();
    }
  }

  private static void pump(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed
    }
  }

  /**
   * The last line of the pane that starts a prompt, without trailing blanks; "" when there is none.
   */
  private static String lastPrompt(String pane) {
    List<String> prompts =
        pane.lines().map(String::stripTrailing).filter(l -> l.startsWith("jam>")).toList();
    return prompts.isEmpty() ? "" : prompts.get(prompts.size() - 1);
  }

  private static void awaitMessage(RecordingClient peer, String expected) {
    List<String> seen = new ArrayList<>();
    while (true) {
      String m = peer.nextText(); // fails after RecordingClient.WAIT
      if (m.equals(expected)) {
        return;
      }
      seen.add(m);
      if (seen.size() > 20) {
        fail("no " + expected + " among " + seen);
      }
    }
  }

  private String awaitPane(Predicate<String> ready, String what) throws IOException {
    try {
      return Wait.atMost(Duration.ofSeconds(WAIT_SECONDS))
          .pollInterval(Duration.ofMillis(100))
          .until(this::capture, ready);
    } catch (ConditionTimeoutException e) {
      // reported below, with the pane as it is now
    }
    String pane = capture();
    Path exit = dir.resolve("exit.txt"); // whether jam join ended meanwhile, and how
    return fail(
        "the pane never showed "
            + what
            + (Files.exists(exit)
                ? " (jam join ended: " + Files.readString(exit).strip() + ")"
                : "")
            + ":\n"
            + pane);
  }

  private String capture() {
    return tmux("capture-pane", "-p", "-t", "jam");
  }

  /** The pane and the lines scrolled off its top. */
  private String captureWithHistory() {
    return tmux("capture-pane", "-p", "-S", "-", "-t", "jam");
  }

  /** Runs tmux on this test's own server; its stdout. */
  private String tmux(String... args) {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "tmux hangs: " + command);
      assertEquals(0, p.exitValue(), command + ": " + out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
