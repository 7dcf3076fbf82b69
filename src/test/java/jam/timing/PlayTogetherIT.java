package jam.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jam play --together}, through {@code bin/jam}: two peers whose clocks are 600 ms apart
 * start the track on the same bar of the relay's beat (150 bpm, a bar of 1.6 s), its rows following
 * the tempo with {@code --steps-per-beat 4} (100 ms a row, not 300). Onsets come from the peers'
 * WAVs, on the true clock.
 */
class PlayTogetherIT {
  /**
   * Notes on rows 0 and 6 only: 600 ms apart at 100 ms a row, with quiet between (500 ms notes).
   */
  private static final String TRACK =
      "{\"trackname\":\"two\",\"data\":[[440,null,null,null],[],[],[],[],[],[660,null,null,null],[]]}";

  @Test
  void aTrackStartsOnTheSameBarEverywhereWithRowsFollowingTheTempo(@TempDir Path dir)
      throws Exception {
    List<Process> processes = new ArrayList<>();
    try {
      Process relay =
          TimingRun.start(
              dir,
              "relay",
              List.of("serve", "--host", "127.0.0.1", "--port", "0", "-q", "--bpm", "150"),
              null);
      processes.add(relay);
      URI url = URI.create(TimingRun.firstLine(dir.resolve("relay.out"), relay));
      List<Process> joins = new ArrayList<>();
      String[] offsets = {"-300", "300"};
      for (int i = 0; i < 2; i++) {
        Process join =
            TimingRun.start(
                dir,
                "peer" + i,
                List.of(
                    "join",
                    url.toString(),
                    "--mute",
                    "--format",
                    "text",
                    "--audio-out",
                    dir.resolve("peer" + i + ".wav").toString(),
                    "--store",
                    dir.resolve("store" + i + ".json").toString()),
                offsets[i]);
        joins.add(join);
        processes.add(join);
      }
      for (int i = 0; i < 2; i++) {
        TimingRun.awaitErr(dir.resolve("peer" + i + ".err"), "connected to", 60_000);
      }
      Thread.sleep(4_000); // the peers' clocks settle (60 pings in 3 s)
      Process tempo = TimingRun.start(dir, "tempo", List.of("tempo", url.toString()), null);
      processes.add(tempo);
      assertTrue(tempo.waitFor(30, TimeUnit.SECONDS));
      Matcher origin =
          java.util.regex.Pattern.compile("\"origin\":([0-9.]+)")
              .matcher(Files.readString(dir.resolve("tempo.out")));
      assertTrue(origin.find(), Files.readString(dir.resolve("tempo.out")));
      double originMs = Double.parseDouble(origin.group(1));

      Files.writeString(dir.resolve("two.json"), TRACK);
      Process play =
          TimingRun.start(
              dir,
              "play",
              List.of(
                  "play",
                  "two.json",
                  "--together",
                  "--steps-per-beat",
                  "4",
                  "--relay",
                  url.toString(),
                  "--store",
                  dir.resolve("store-play.json").toString()),
              "150");
      processes.add(play);
      assertTrue(play.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, play.exitValue(), Files.readString(dir.resolve("play.err")));
      Thread.sleep(1_500); // the track's 800 ms, and the render's own lead
      for (Process j : joins) {
        j.destroy();
      }
      List<List<Double>> onsets = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Process j = joins.get(i);
        assertTrue(j.waitFor(30, TimeUnit.SECONDS));
        onsets.add(Onsets.of(dir.resolve("peer" + i + ".wav")));
      }
      String seen = "onsets (true clock, ms): " + onsets + ", beat origin " + originMs;
      for (List<Double> o : onsets) {
        assertEquals(2, o.size(), seen);
        double intoBar = (o.get(0) - originMs) % 1_600;
        assertTrue(intoBar < 10 || intoBar > 1_590, "starts on a bar: " + intoBar + "; " + seen);
        assertEquals(600, o.get(1) - o.get(0), 5, "rows follow the tempo; " + seen);
      }
      assertEquals(onsets.get(0).get(0), onsets.get(1).get(0), 5, "together; " + seen);
    } finally {
      for (Process p : processes) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void optionsThatDoNotGoTogetherAreUsageErrors(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("two.json"), TRACK);
    String[][] cases = {
      {"--loop", "goes with --together"},
      {"--together --mute", "--mute and --audio-out do not apply"},
      {"--together --steps-per-beat 0", "--steps-per-beat must be from 1 to 64, not 0"},
    };
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of("play", "two.json"));
      args.addAll(List.of(c[0].split(" ")));
      Process p = TimingRun.start(dir, "bad", args, null);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      String err = Files.readString(dir.resolve("bad.err"));
      assertEquals(2, p.exitValue(), c[0] + ": " + err);
      assertTrue(err.contains(c[1]) && err.lines().count() == 1, c[0] + ": " + err);
    }
    Process none =
        TimingRun.start(
            dir,
            "none",
            List.of("play", "two.json", "--together", "--relay", "ws://127.0.0.1:9/socket"),
            null);
    assertTrue(none.waitFor(30, TimeUnit.SECONDS));
    assertEquals(4, none.exitValue(), Files.readString(dir.resolve("none.err")));
  }
}
