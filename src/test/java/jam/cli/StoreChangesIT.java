package jam.cli;

import static jam.testing.JamProcess.jam;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jam.testing.JamProcess;
import jam.testing.RecordingClient;
import jam.track.Payload;
import jam.track.Track;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running {@code jam join} shares what {@code jam rm} and {@code jam add-track --replace} change,
 * through bin/jam: jam peers are told what was removed, the tutorials' clients never are (they keep
 * what they were sent), a newcomer is not handed a removed track, and a peer's {@code left} names
 * the tracks it had shared.
 */
class StoreChangesIT {
  @TempDir Path dir;

  @Test
  void removedAndReplacedTracksReachJamPeersOnlyAndLeftNamesTheTracks() throws Exception {
    Files.writeString(dir.resolve("riff.json"), "{\"trackname\":\"riff\",\"data\":[[440]]}");
    Files.writeString(dir.resolve("bass.json"), "{\"trackname\":\"bass\",\"data\":[[110]]}");
    Files.writeString(dir.resolve("bass2.json"), "{\"trackname\":\"bass\",\"data\":[[55],[55]]}");
    JamProcess.Result added =
        JamProcess.run(dir, Map.of(), "add-track", "--store", "a.json", "riff.json", "bass.json");
    assertEquals(0, added.exitCode(), added.err());
    String riff = added.out().lines().toList().get(0);
    String bass = added.out().lines().toList().get(1);
    try (JamProcess serve = jam(dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", "0")) {
      String url = serve.nextLine();
      try (RecordingClient tutorial = RecordingClient.connect(url);
          RecordingClient peer = RecordingClient.connect(url)) {
        peer.send("{\"type\":\"hello\",\"name\":\"obs\"}");
        await(peer, t -> t.startsWith("{\"type\":\"presence\""));
        List<String> heard = new ArrayList<>();
        try (JamProcess ana =
            jam(dir, Map.of(), "join", "--mute", "--name", "ana", "--store", "a.json", url)) {
          await(peer, t -> names(t).contains("riff")); // its answer to collect, then
          await(peer, t -> t.contains("\"name\":\"ana\"")); // its hello: a jam relay for it

          JamProcess.Result rm = JamProcess.run(dir, Map.of(), "rm", "--store", "a.json", "riff");
          assertEquals(0, rm.exitCode(), rm.err());
          assertEquals(
              "{\"type\":\"removed\",\"ids\":[\"" + riff + "\"]}",
              await(peer, t -> t.contains("removed")));
          assertEquals(List.of("bass"), names(await(peer, t -> t.startsWith("["))));

          try (RecordingClient newcomer = RecordingClient.connect(url)) {
            assertEquals("collect", newcomer.nextText());
            assertEquals(List.of("bass"), names(newcomer.nextText())); // riff is not handed on
          }

          JamProcess.Result replace =
              JamProcess.run(
                  dir, Map.of(), "add-track", "--replace", "--store", "a.json", "bass2.json");
          assertEquals(0, replace.exitCode(), replace.err());
          assertEquals(bass + "\n", replace.out());
          assertEquals(
              "{\"type\":\"removed\",\"ids\":[\"" + bass + "\"]}",
              await(peer, t -> t.contains("removed")));
          String version = await(peer, t -> t.startsWith("["));
          assertTrue(version.contains("[[55],[55]]"), version);
        }
        String left = await(peer, t -> t.startsWith("{\"type\":\"left\""));
        assertTrue(left.endsWith(",\"tracks\":[\"" + bass + "\"]}"), left);

        // the tutorial's client heard the arrays, never a word of removed or left
        while (true) {
          RecordingClient.Event e = tutorial.next();
          if (!(e instanceof RecordingClient.Text t)) {
            fail("unexpected " + e);
          }
          heard.add(((RecordingClient.Text) e).text());
          assertFalse(heard.get(heard.size() - 1).startsWith("{"), heard.toString());
          if (heard.get(heard.size() - 1).contains("[[55],[55]]")) {
            break;
          }
        }
        tutorial.assertExhausted();
      }
    }
  }

  /** Takes texts until one matches; returns it. */
  private static String await(RecordingClient c, Predicate<String> wanted) {
    List<String> skipped = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String t = c.nextText();
      if (wanted.test(t)) {
        return t;
      }
      skipped.add(t);
    }
    return fail("not found in " + skipped);
  }

  private static List<String> names(String text) {
    List<String> names = new ArrayList<>();
    for (Track t : Payload.decode(text).tracks()) {
      names.add(t.name());
    }
    return names;
  }
}
