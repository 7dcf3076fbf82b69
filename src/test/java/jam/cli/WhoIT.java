package jam.cli;

import static jam.testing.JamProcess.jam;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.testing.JamProcess;
import jam.testing.NodeRelay;
import jam.testing.RecordingClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jam join --name} and {@code jam who} through bin/jam: who is here, by name, tutorial
 * clients counted without one; a tutorial's relay is said not to know, and its clients hear nothing
 * of a jam peer's hello.
 */
class WhoIT {
  @TempDir Path dir;

  @Test
  void whoListsTheNamedPeersAndCountsTheOthers() throws Exception {
    try (JamProcess serve = jam(dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", "0")) {
      String url = serve.nextLine();
      try (RecordingClient tutorial = RecordingClient.connect(url);
          JamProcess ana =
              jam(dir, Map.of(), "join", "--mute", "--name", "ana", "--store", "a.json", url);
          JamProcess bo =
              jam(
                  dir,
                  Map.of(),
                  "join",
                  "--mute",
                  "--name",
                  "bo\u001b[31m",
                  "--store",
                  "b.json",
                  url)) {
        ana.awaitErr("connected to");
        bo.awaitErr("connected to");
        JamProcess.Result json = null;
        for (int i = 0; i < 50; i++) { // until both have said hello (after their first pong)
          json = JamProcess.run(dir, Map.of(), "who", url, "--json");
          if (json.out().contains("\"bo")) {
            break;
          }
        }
        assertEquals(0, json.exitCode(), json.err());
        List<String> lines = json.out().lines().toList();
        assertEquals(3, lines.size(), json.out());
        assertTrue(lines.contains("{\"id\":\"p1\",\"name\":null}"), json.out());
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("\"name\":\"ana\"}")), json.out());
        assertTrue(
            lines.stream().anyMatch(l -> l.endsWith("\"name\":\"bo\\u001b[31m\"}")), json.out());

        JamProcess.Result text = JamProcess.run(dir, Map.of(), "who", url);
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().startsWith("3 peers here\n"), text.out());
        assertTrue(
            text.out().contains("  bo\\e[31m\n"),
            "a name is never raw to a terminal: " + text.out());
        assertTrue(text.out().contains("  (no name)\n"), text.out());

        tutorial.send("still here");
        for (String t = tutorial.nextText(); !t.equals("still here"); t = tutorial.nextText()) {
          assertTrue(
              !t.contains("\"joined\"") && !t.contains("\"presence\"") && !t.contains("hello"),
              "a tutorial client heard presence: " + t);
        }
      }
    }
  }

  @Test
  void aTutorialRelayDoesNotSayWhoIsHere() throws Exception {
    try (NodeRelay node = NodeRelay.start()) {
      JamProcess.Result r = JamProcess.run(dir, Map.of(), "who", node.url().toString());
      assertEquals(4, r.exitCode(), r.err());
      assertTrue(r.err().contains("does not say who is here"), r.err());
    }
  }

  @Test
  void aNameTooLongIsAUsageError() {
    JamProcess.Result r =
        JamProcess.run(dir, Map.of(), "join", "--name", "x".repeat(33), "ws://127.0.0.1:9/");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--name must have 1 to 32 characters"), r.err());
  }
}
