package jam.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jam.Reporter;
import jam.peer.Session;
import jam.peer.TrackPeer;
import jam.protocol.Message;
import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.sound.AudioSettings;
import jam.sound.Speaker;
import jam.testing.RecordingClient;
import jam.testing.Wait;
import jam.track.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console on a JLine terminal made of streams (keys in, screen bytes out), with a real relay on
 * loopback, a real peer and store, and a browser-like peer that records what the relay sends.
 */
class ConsoleTest {
  private static final int ROUNDS = 300;
  static final String RIFF =
      "{\"trackname\":\"riff\",\"data\":[[440,null,580,332],[220,null,null,709]],\"id\":\"riff-1\"}";

  @TempDir Path dir;
  Relay relay;
  RecordingClient browser;
  PipedOutputStream keys;
  final ByteArrayOutputStream screen = new ByteArrayOutputStream();
  ExternalTerminal terminal;
  Speaker speaker;
  Store store;
  Console console;
  TrackPeer peer;
  final CompletableFuture<Void> ran = new CompletableFuture<>();

  @BeforeEach
  void start() throws IOException {
    relay = Relay.start(RelayConfig.loopback(), new RelayListener() {});
    browser = RecordingClient.connect(relay.url());
    keys = new PipedOutputStream();
    terminal =
        new ExternalTerminal(
            "test",
            "xterm-256color",
            new PipedInputStream(keys, 1 << 16),
            screen,
            StandardCharsets.UTF_8);
    terminal.setSize(new Size(100, 24));
    speaker = new Speaker(new AudioSettings(true, null), Reporter.SILENT);
    store = new Store(dir.resolve("tracks.json"));
    Console.Settings settings =
        new Console.Settings(
            relay.url(), dir.resolve("state/jam/join_history"), false, false, null);
    console = new Console(terminal, settings, store, speaker);
    peer =
        TrackPeer.start(
            URI.create(relay.url()), Session.Options.defaults(), store, console, Reporter.SILENT);
    Thread runner =
        new Thread(
            () -> {
              try {
                console.run(peer);
                ran.complete(null);
              } catch (Throwable t) {
                ran.completeExceptionally(t);
              }
            },
            "console-test");
    runner.setDaemon(true);
    runner.start();
    awaitScreen("jam> ");
  }

  @AfterEach
  void stop() throws IOException {
    console.stop();
    peer.close();
    browser.close();
    terminal.close();
    speaker.close();
    relay.close();
  }

  @Test
  void bangsGoToTheRelayAndQuitEndsTheConsole() throws Exception {
    type("bang hat\r");
    awaitMessage("{\"type\":\"bang\",\"sound\":\"hat\"}");
    type("\r"); // Enter on an empty line: the tutorial's bang
    awaitMessage("trigger-output");
    awaitScreen("bang hat");
    type("quit\r");
    assertRunEnds();
    assertTrue(
        Files.readString(dir.resolve("state/jam/join_history")).contains("bang hat"),
        "history keeps the command");
  }

  @Test
  void theStatusLineIsNeverDrawnThroughThePrompt() throws Exception {
    // A bang's echo redraws the status line from the peer's thread while the console goes back to
    // its
    // prompt: the two must not interleave, or the prompt lands on the status row.
    for (int i = 1; i <= ROUNDS; i++) {
      type("bang\r");
      awaitMessage("trigger-output");
      awaitCount("bang bang", i); // the echo, printed: its status refresh comes right after
    }
    String shown = screen();
    String save = "\u001b7";
    String restore = "\u001b8";
    int draws = 0;
    for (int at = shown.indexOf(save); at >= 0; at = shown.indexOf(save, at + 1)) {
      int end = shown.indexOf(restore, at);
      assertTrue(end > at, "a status draw that never restores the cursor");
      String draw = shown.substring(at, end);
      assertFalse(
          draw.contains("jam> "),
          "the prompt drawn inside a status draw: " + draw.replace("\u001b", "ESC"));
      draws++;
    }
    assertTrue(draws > ROUNDS, "status draws seen: " + draws);
  }

  @Test
  void tracksArePrintedAndListedAndPlayIsRefusedWhileMuted() throws Exception {
    browser.send("[" + RIFF + "]");
    awaitScreen("riff (2 steps)");
    type("tracks\r");
    awaitScreen("NAME  STEPS  ORIGIN  ID");
    awaitScreen("riff  2      -       riff-1");
    type("play riff\r");
    awaitScreen("jam: muted: unmute to hear riff (2 steps)");
    awaitScreen(
        relay.url()
            + "  connected  0 tracks  0 bangs  muted"); // drawn whole once, then only what changes
    String status = console.statusText();
    assertTrue(
        status.matches(
            Pattern.quote(relay.url() + "  connected  1 track  0 bangs  muted  ")
                + "(\\d+ here  )?"
                + "(clock syncing|clock [+-]\\d+\\.\\d ms ±\\d+\\.\\d, rtt \\d+\\.\\d ms)"),
        status);
    type("quit\r");
    assertRunEnds();
  }

  @Test
  void peersComingAndGoingArePrintedWithTheCountAndTheCountIsInTheStatusLine() throws Exception {
    // the console said hello: the relay counts it and the browser
    Wait.atMost(Duration.ofSeconds(10)).until(() -> console.statusText().contains("  2 here  "));
    try (RecordingClient bo = RecordingClient.connect(relay.url())) {
      bo.send(new Message.Hello("bo\u001b[2J", false).encode());
      awaitScreen("jam: bo\\e[2J joined (3 here)");
      Wait.atMost(Duration.ofSeconds(10)).until(() -> console.statusText().contains("  3 here  "));
    }
    awaitScreen("jam: bo\\e[2J left (2 here)");
    type("quit\r");
    assertRunEnds();
  }

  @Test
  void tempoAndPlayTogetherGoToEveryPeerOnTheSharedBeat() throws Exception {
    browser.send("[" + RIFF + "]");
    awaitScreen("riff (2 steps)");
    type("tempo 96\r");
    Message.Tempo tempo = null;
    while (tempo == null) {
      if (Message.parse(browser.nextText()) instanceof Message.Tempo t) {
        tempo = t;
      }
    }
    assertEquals(96, tempo.bpm());
    awaitScreen("jam: tempo 96 bpm"); // the relay's echo, as every peer hears it
    type("play --together riff\r");
    Message.Play play = null;
    while (play == null) {
      if (Message.parse(browser.nextText()) instanceof Message.Play p) {
        play = p;
      }
    }
    assertEquals("riff", play.name());
    assertEquals(300, play.stepMs());
    double beat = jam.clock.Beats.beatAt(tempo, play.at());
    assertEquals(0, beat % 4, 1e-6, "on a bar of the new tempo: beat " + beat);
    awaitScreen("playing riff together");
    type("tempo 5\r");
    awaitScreen("jam: tempo must be from 20 to 999 bpm, not 5");
    type("quit\r");
    assertRunEnds();
  }

  @Test
  void untilTheRelayIsFirstReachedTheStatusLineSaysConnectingNotReconnecting() throws Exception {
    try (ExternalTerminal other =
        new ExternalTerminal(
            "test",
            "xterm-256color",
            new PipedInputStream(new PipedOutputStream()),
            new ByteArrayOutputStream(),
            StandardCharsets.UTF_8)) {
      Console waiting =
          new Console(
              other, new Console.Settings("ws://relay", null, false, false, null), store, speaker);
      assertEquals("ws://relay  connecting  0 tracks  0 bangs  muted", waiting.statusText());
      // narrow: whole parts dropped, least needed first; the connection and muted stay
      assertEquals("connecting  0 tracks  0 bangs  muted", waiting.statusText(40));
      assertEquals("connecting  0 tracks  muted", waiting.statusText(29));
      assertEquals("connecting  muted", waiting.statusText(20));
      assertEquals("connecting", waiting.statusText(12));
      waiting.reconnecting(Duration.ofSeconds(3)); // waiting for a relay not up yet
      assertTrue(
          waiting.statusText().matches("ws://relay  connecting in \\d s  0 tracks  0 bangs  muted"),
          waiting.statusText());
      waiting.connected();
      waiting.reconnecting(Duration.ofSeconds(3)); // lost
      assertTrue(
          waiting
              .statusText()
              .matches("ws://relay  reconnecting in \\d s  0 tracks  0 bangs  muted"),
          waiting.statusText());
    }
    type("quit\r");
    assertRunEnds();
  }

  /**
   * Unmuted where no device opens (CI's machines have none), the status line says so rather than
   * nothing.
   */
  @Test
  void unmutedWithoutADeviceTheStatusLineSaysNoSound() throws Exception {
    type("unmute\r");
    awaitScreen("jam: unmuted");
    boolean none = screen.toString(StandardCharsets.UTF_8).contains("no audio device is open");
    String status = console.statusText();
    assertTrue(
        none
            ? status.contains("bangs  no sound  ")
            : status.matches(".*bangs  (\\d+ here  )?clock.*"),
        status);
    type("mute\r");
    awaitScreen("jam: muted");
    assertTrue(console.statusText().contains("bangs  muted  "), console.statusText());
    type("quit\r");
    assertRunEnds();
  }

  @Test
  void aTrackNameWithControlCodesIsListedEscapedByCompletion() throws Exception {
    browser.send(
        "["
            + RIFF
            + ",{\"trackname\":\"new\\u001b[31mred\\u0007\",\"data\":[[440]],\"id\":\"evil-1\"}]");
    awaitScreen("riff (2 steps)");
    awaitScreen("new\\e[31mred\\a (1 step)");
    type("play \t\t"); // the list of candidates: the name escaped (it completes to the track's id)
    awaitScreen("new\\e[31mred\\a   riff");
    String shown = screen.toString(StandardCharsets.UTF_8);
    assertFalse(shown.contains("\u001b[31mred"), "raw escape codes from the network on the screen");
    assertFalse(shown.contains("red\u0007"), "a raw BEL from the network on the screen");
  }

  @Test
  void ctrlDLeaves() throws Exception {
    type("\u0004");
    assertRunEnds();
  }

  @Test
  void ctrlCClearsTheLineAndTheConsoleGoesOn() throws Exception {
    type("bang kick");
    awaitScreen("jam> bang kick");
    int prompts = prompts();
    type("\u0003");
    // a fresh prompt: the line reader has dropped the line
    Wait.atMost(Duration.ofSeconds(10))
        .alias("a fresh prompt after Ctrl-C")
        .until(() -> prompts() > prompts);
    type("bang snare\r");
    awaitMessage("{\"type\":\"bang\",\"sound\":\"snare\"}"); // fails if the kick came first
    assertFalse(ran.isDone(), "Ctrl-C must not end the console");
    type("quit\r");
    assertRunEnds();
  }

  @Test
  void aFailingCommandPrintsOneLineAndTheConsoleGoesOn() throws Exception {
    type("bang nope\r");
    awaitScreen("jam: unknown sound 'nope' (bang, kick, snare, hat, bell)");
    type("frobnicate\r");
    awaitScreen("jam: unknown command 'frobnicate' (try help)");
    type("add missing.json\r");
    awaitScreen("missing.json");
    type("bang bell\r");
    awaitMessage("{\"type\":\"bang\",\"sound\":\"bell\"}");
    type("quit\r");
    assertRunEnds();
  }

  @Test
  void addStoresTheFileAndSharesIt() throws Exception {
    Path riff = dir.resolve("riff.json");
    Files.writeString(riff, RIFF);
    type("add " + riff + "\r");
    awaitScreen("jam: added riff (2 steps) as riff-1; sharing it");
    assertEquals("riff", browser.awaitTrack("riff").name());
    assertEquals(List.of("riff-1"), store.read().stream().map(t -> t.id().orElseThrow()).toList());
    type("quit\r");
    assertRunEnds();
  }

  @Test
  void rmAndReplaceChangeTheStoreAndTheSession() throws Exception {
    Path riff = dir.resolve("riff.json");
    Files.writeString(riff, RIFF);
    type("add " + riff + "\r");
    Wait.atMost(Duration.ofSeconds(10)) // the echo, in the session's tracks
        .until(() -> console.statusText().contains("  1 track  "));
    Files.writeString(riff, RIFF.replace("[220,null,null,709]", "[1],[2]"));
    type("replace " + riff + "\r");
    awaitScreen("jam: replaced riff-1 with riff (3 steps); sharing it");
    awaitScreen("jam: riff (2 steps) is no longer shared");
    type("rm nosuch\r");
    awaitScreen("jam: not removed: no track in " + store.path() + " with the id or name 'nosuch'");
    type("rm riff\r");
    awaitScreen("jam: removed riff (3 steps) (riff-1) from " + store.path());
    awaitScreen("jam: riff (3 steps) is no longer shared");
    assertEquals(List.of(), store.read());
    type("tracks\r");
    awaitScreen("no tracks yet");
    type("quit\r");
    assertRunEnds();
  }

  @Test
  void aNameSeveralTracksShareIsSaidNotPicked() throws Exception {
    browser.send("[" + RIFF + "," + RIFF.replace("riff-1", "riff-2").replace("440", "441") + "]");
    Wait.atMost(Duration.ofSeconds(10)).until(() -> console.statusText().contains("  2 tracks  "));
    type("play riff\r");
    awaitScreen("jam: 2 tracks are called 'riff'; name one by id: riff-1, riff-2");
    type("quit\r");
    assertRunEnds();
  }

  @Test
  void tracksOfAPeerThatLeftAreMarkedAndStay() throws Exception {
    try (RecordingClient bo = RecordingClient.connect(relay.url())) {
      bo.send(new Message.Hello("bo", false).encode());
      awaitScreen("jam: bo joined");
      bo.send("[" + RIFF.replace("riff-1", "bo-1").replace("riff", "bass") + "]");
      awaitScreen("bass (2 steps)");
    }
    awaitScreen("jam: bo left");
    browser.send("[" + RIFF + "]");
    awaitScreen("riff (2 steps)");
    type("tracks\r");
    awaitScreen("bass  2      -       bo-1  (left)");
    awaitScreen("riff  2      -       riff-1");
    assertFalse(mainArea().contains("riff-1  (left)"), mainArea());
    browser.send("[" + RIFF.replace("riff-1", "bo-1").replace("riff", "bass") + "]"); // has it too
    browser.send("[" + RIFF + "]");
    Wait.atMost(Duration.ofSeconds(10)).until(() -> !console.leftKeys().contains("bo-1"));
    type("quit\r");
    assertRunEnds();
  }

  @Test
  void stopEndsAConsoleWaitingForALine() throws Exception {
    console.stop();
    assertRunEnds();
  }

  @Test
  void historyLivesUnderXdgStateHomeElseHome() {
    assertEquals(
        Path.of("/state/jam/join_history"),
        Console.historyFile(Map.of("XDG_STATE_HOME", "/state", "HOME", "/h"), "/u"));
    assertEquals(
        Path.of("/h/.local/state/jam/join_history"),
        Console.historyFile(Map.of("XDG_STATE_HOME", "relative", "HOME", "/h"), "/u"));
    assertEquals(Path.of("/u/.local/state/jam/join_history"), Console.historyFile(Map.of(), "/u"));
  }

  private void type(String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  private void awaitMessage(String expected) {
    while (true) {
      String m = browser.nextText(); // fails after RecordingClient.WAIT
      if (m.equals(expected)) {
        return;
      }
      if (m.startsWith("{\"type\":\"bang\"") || m.equals("trigger-output")) {
        fail("expected " + expected + ", got " + m);
      }
    }
  }

  private void awaitScreen(String text) {
    try {
      Wait.atMost(Duration.ofSeconds(10))
          .until(() -> screen().contains(text) || mainArea().contains(text));
    } catch (ConditionTimeoutException e) {
      fail("the screen never showed '" + text + "':\n" + screen().replace("\u001b", "ESC"));
    }
  }

  private void awaitCount(String text, int count) {
    try {
      Wait.atMost(Duration.ofSeconds(10)).until(() -> screen().split(text, -1).length - 1 >= count);
    } catch (ConditionTimeoutException e) {
      fail(
          "the screen never showed '"
              + text
              + "' "
              + count
              + " times:\n"
              + screen().replace("\u001b", "ESC"));
    }
  }

  private int prompts() {
    return screen().split("jam> ", -1).length - 1;
  }

  private String screen() {
    return screen.toString(StandardCharsets.UTF_8);
  }

  /**
   * What was written to the lines above the status line: the screen without the status draws (each
   * saves the cursor, ESC 7, and restores it, ESC 8), which the clock's updates put between any two
   * characters echoed at the prompt.
   */
  private String mainArea() {
    return STATUS_DRAW.matcher(screen()).replaceAll("");
  }

  private static final java.util.regex.Pattern STATUS_DRAW =
      java.util.regex.Pattern.compile("\u001b7.*?\u001b8", java.util.regex.Pattern.DOTALL);

  private void assertRunEnds() throws Exception {
    ran.get(10, TimeUnit.SECONDS);
  }
}
