package jam.cli;

import static jam.testing.JamProcess.jam;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.sound.Wav;
import jam.testing.JamProcess;
import jam.testing.Needs;
import jam.track.Store;
import jam.track.Track;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bangs and tracks you can hear, through bin/jam: jam trigger, sound in jam join, jam play. Each
 * process gets HOME in the test's folder, so its {@code .asoundrc} decides what ALSA offers Java:
 * the {@code file} PCM over {@code null} (a real device that captures what it played), or a card
 * that does not exist (no device). Timing is checked only as spacing between onsets, with wide
 * bounds: the machine may be busy.
 */
class SoundIT {
  private static final int MS = 48;
  private static final String NO_DEVICE =
      "pcm.!default { type hw; card 7 }\nctl.!default { type hw; card 7 }";

  @TempDir Path dir;

  @BeforeAll
  static void alsaIsThere() {
    Needs.alsa();
  }

  @Test
  void threeTriggeredBangsAreHeardAndRecordedAtTheirSpacing() throws Exception {
    Path captured = dir.resolve("captured.wav");
    Path recorded = dir.resolve("recorded.wav");
    asoundrc(
        "pcm.!default { type file; slave.pcm \"null\"; file \""
            + captured
            + "\"; format \"wav\" }");
    try (JamProcess serve =
        jam(dir, Map.of(), "serve", "-q", "--host", "127.0.0.1", "--port", "0")) {
      String url = serve.nextLine();
      try (JamProcess join =
          jam(
              dir,
              Map.of(),
              "join",
              "--audio-out",
              recorded.toString(),
              "--store",
              "a.json",
              url)) {
        join.awaitErr("connected to " + url);
        try (JamProcess trigger =
            jam(
                dir,
                Map.of(),
                "trigger",
                "--count",
                "3",
                "--interval",
                "300ms",
                "--sound",
                "hat",
                url)) {
          assertEquals(0, trigger.exitCode(), trigger.err());
          assertEquals("", trigger.err() + trigger.out());
        }
        Thread.sleep(600); // time passes on purpose: the last hat plays out in real time
        join.terminate();
        assertEquals(0, join.exitCode(), join.err());
        // --count with --sound is a pattern on the shared clock: the peer played 3 scheduled bangs,
        // on time
        assertEquals(
            "jam: connected to " + url + "\njam: 3 scheduled bangs, 0 late\n",
            join.err(),
            "no warning: ALSA's file PCM is a device");
      }
      serve.terminate();
      assertEquals(0, serve.exitCode(), serve.err());
    }
    assertThreeOnsets300msApart(Wav.read(captured));
    assertThreeOnsets300msApart(Wav.read(recorded));
  }

  @Test
  void withoutADeviceJoinWarnsOnceAndExitsZeroAndTriggersCloseWith1000() throws Exception {
    asoundrc(NO_DEVICE);
    Path recorded = dir.resolve("recorded.wav");
    BlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();
    try (Relay relay = Relay.start(RelayConfig.loopback(), closeCodesInto(closeCodes));
        JamProcess join =
            jam(
                dir,
                Map.of(),
                "join",
                "--audio-out",
                recorded.toString(),
                "--store",
                "a.json",
                relay.url())) {
      join.awaitErr("connected to " + relay.url());
      for (String[] args :
          List.of(
              new String[] {"trigger", relay.url()},
              new String[] {"trigger", "--sound", "bell", relay.url()})) {
        try (JamProcess trigger = jam(dir, Map.of(), args)) {
          assertEquals(0, trigger.exitCode(), trigger.err());
          assertEquals("", trigger.err());
        }
        assertEquals(1000, closeCodes.poll(10, TimeUnit.SECONDS));
        Thread.sleep(400); // apart on purpose, so that the recording has two onsets
      }
      Thread.sleep(1200); // time passes on purpose: the bell rings out in real time
      join.terminate();
      assertEquals(0, join.exitCode(), join.err());
      assertEquals(
          List.of(
              "jam: connected to " + relay.url(),
              // said at the first bang, when a sound was wanted, not at start
              "jam: no audio device; carrying on without sound (still recording to "
                  + recorded
                  + ")"),
          join.err().lines().toList());
      assertEquals(1000, closeCodes.poll(10, TimeUnit.SECONDS));
    }
    assertEquals(
        2, Wav.onsets(Wav.read(recorded).samples).size(), "trigger-output and a bell, both played");
  }

  @Test
  void triggerToAnUnreachableRelayIsOneLineAndExit4() throws IOException {
    String nowhere = "ws://127.0.0.1:" + freePort() + "/socket";
    try (JamProcess trigger = jam(dir, Map.of(), "trigger", "--count", "3", nowhere)) {
      assertEquals(4, trigger.exitCode());
      assertEquals("jam: cannot connect to " + nowhere + ": connection refused\n", trigger.err());
      assertEquals("", trigger.out());
    }
  }

  @Test
  void joinPlaysTracksWithPlayTracks() throws Exception {
    new Store(dir.resolve("a.json")).add(List.of(Track.parse(PlayCommandTest.TRACK)));
    Path recorded = dir.resolve("recorded.wav");
    try (Relay relay =
            Relay.start(RelayConfig.loopback(), closeCodesInto(new LinkedBlockingQueue<>()));
        JamProcess join =
            jam(
                dir,
                Map.of(),
                "join",
                "--mute",
                "--play-tracks",
                "--audio-out",
                recorded.toString(),
                "--store",
                "a.json",
                relay.url())) {
      assertEquals("two (3 steps)", join.nextLine()); // its own track, back from the relay, played
      Thread.sleep(1500); // time passes on purpose: the track's notes play out in real time
      join.terminate();
      assertEquals(0, join.exitCode(), join.err());
    }
    assertTwoNotes600msApart(Wav.read(recorded));
  }

  @Test
  void playPlaysAStoredTrackInRealTimeAndExits() throws Exception {
    asoundrc(NO_DEVICE);
    new Store(dir.resolve("a.json")).add(List.of(Track.parse(PlayCommandTest.TRACK)));
    Path recorded = dir.resolve("two.wav");
    try (JamProcess play =
        jam(
            dir,
            Map.of(),
            "play",
            "--store",
            "a.json",
            "--audio-out",
            recorded.toString(),
            "two")) {
      assertEquals(0, play.exitCode(), play.err());
      assertEquals(
          List.of(
              "jam: no audio device; carrying on without sound (still recording to "
                  + recorded
                  + ")",
              "jam: playing two (3 steps), 1.1 s"),
          play.err().lines().toList());
    }
    Wav wav = Wav.read(recorded);
    assertTwoNotes600msApart(wav);
    assertTrue(wav.frameLength >= 1100 * MS, "frames " + wav.frameLength);
  }

  private static void assertThreeOnsets300msApart(Wav wav) {
    List<Integer> onsets = Wav.onsets(wav.samples);
    assertEquals(3, onsets.size(), "onsets " + onsets);
    for (int i = 1; i < 3; i++) {
      int spacing = onsets.get(i) - onsets.get(i - 1);
      assertTrue(
          spacing > 250 * MS && spacing < 450 * MS,
          "onset " + i + " is " + spacing / MS + " ms after the one before");
    }
  }

  /** The track's notes: exactly as far apart as the track says, since one score plays them. */
  private static void assertTwoNotes600msApart(Wav wav) {
    List<Integer> onsets = Wav.onsets(wav.samples);
    assertEquals(2, onsets.size(), "onsets " + onsets);
    assertEquals(600 * MS, onsets.get(1) - onsets.get(0), 2 * MS);
  }

  private void asoundrc(String text) throws IOException {
    Files.writeString(dir.resolve(".asoundrc"), text + "\n");
  }

  private static RelayListener closeCodesInto(BlockingQueue<Integer> codes) {
    return new RelayListener() {
      @Override
      public void left(InetSocketAddress peer, int peers, int code, String reason) {
        codes.add(code);
      }
    };
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }
}
