package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.testing.JamProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jam sync, jam tempo, serve --bpm and the trigger's time options through bin/jam, good input and
 * bad.
 */
class SharedTimeIT {
  @TempDir Path dir;

  @Test
  void tempoSyncAndTimedTriggers() {
    try (JamProcess relay =
        JamProcess.jam(
            dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", "0", "--bpm", "100", "-q")) {
      String url = relay.readLine();
      JamProcess.Result tempo = JamProcess.run(dir, Map.of(), "tempo", url);
      assertEquals(0, tempo.exitCode(), tempo.err());
      assertTrue(tempo.out().startsWith("{\"bpm\":100,\"origin\":"), tempo.out());

      JamProcess.Result set = JamProcess.run(dir, Map.of(), "tempo", url, "96");
      assertEquals(0, set.exitCode(), set.err());
      JamProcess.Result again = JamProcess.run(dir, Map.of(), "tempo", url);
      assertTrue(
          again.out().startsWith("{\"bpm\":96,"),
          "the last change wins, and newcomers get it: " + again.out());

      JamProcess.Result sync =
          JamProcess.run(dir, Map.of("JAM_CLOCK_OFFSET_MS", "-250"), "sync", "--count", "1", url);
      assertEquals(0, sync.exitCode(), sync.err());
      assertTrue(
          sync.out().matches("\\{\"status\":\"synced\",\"offset_ms\":2(49|50)\\.[0-9]+,.*\\n"),
          sync.out());

      JamProcess.Result in =
          JamProcess.run(dir, Map.of(), "trigger", "--in", "200ms", "--sound", "kick", url);
      assertEquals(0, in.exitCode(), in.err());
      JamProcess.Result pattern =
          JamProcess.run(
              dir,
              Map.of(),
              "trigger",
              "--quantize",
              "1",
              "--count",
              "3",
              "--interval",
              "100ms",
              "--sound",
              "hat",
              url);
      assertEquals(0, pattern.exitCode(), pattern.err());

      JamProcess.Result past =
          JamProcess.run(dir, Map.of(), "trigger", "--at", "1000", "--sound", "kick", url);
      assertEquals(2, past.exitCode());
      assertTrue(
          past.err().matches("jam: --at is [0-9]+ ms in the past on the relay's clock\\n"),
          past.err());
      JamProcess.Result far = JamProcess.run(dir, Map.of(), "trigger", "--in", "2m", url);
      assertEquals(2, far.exitCode());
      assertTrue(far.err().contains("peers play bangs at most 60 s ahead"), far.err());
      JamProcess.Result notATime = JamProcess.run(dir, Map.of(), "trigger", "--at", "soon", url);
      assertEquals(2, notATime.exitCode());
      assertTrue(notATime.err().contains("--at 'soon' is not a time"), notATime.err());
      JamProcess.Result badClock =
          JamProcess.run(dir, Map.of("JAM_CLOCK_OFFSET_MS", "x"), "trigger", "--in", "1s", url);
      assertEquals(2, badClock.exitCode());
      assertTrue(
          badClock.err().contains("JAM_CLOCK_OFFSET_MS must be a number of ms"), badClock.err());
    }
  }

  @Test
  void absurdTemposAreUsageErrors() {
    for (String bpm : new String[] {"0", "-3", "5000"}) {
      JamProcess.Result serve =
          JamProcess.run(dir, Map.of(), "serve", "--port", "0", "--bpm=" + bpm);
      assertEquals(2, serve.exitCode(), bpm + ": " + serve.err());
      assertTrue(serve.err().contains("bpm must be from 20 to 999"), serve.err());
    }
    JamProcess.Result tempo =
        JamProcess.run(dir, Map.of(), "tempo", "ws://127.0.0.1:9/socket", "0");
    assertEquals(2, tempo.exitCode());
  }

  @Test
  void aRecordingsClockFileNeverReplacesAFileJamDidNotWrite() throws Exception {
    Path wav = dir.resolve("take.wav");
    Files.writeString(dir.resolve("take.wav.json"), "{\"mine\":true}\n");
    JamProcess.Result r =
        JamProcess.run(
            dir,
            Map.of(),
            "join",
            "--mute",
            "--audio-out",
            wav.toString(),
            "ws://127.0.0.1:9/socket");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("writes its clock to"), r.err());
    assertEquals("{\"mine\":true}\n", Files.readString(dir.resolve("take.wav.json")));
  }
}
