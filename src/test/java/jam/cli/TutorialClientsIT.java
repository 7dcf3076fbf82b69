package jam.cli;

import static jam.testing.JamProcess.jam;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jam.testing.JamProcess;
import jam.testing.Needs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients written exactly as the two tutorials show, in Node's browser-style WebSocket, against
 * {@code jam serve}: the track-sharing pages see each other's tracks; a bang reaches every page.
 */
class TutorialClientsIT {
  @TempDir Path dir;

  @ParameterizedTest(name = "jam serve {0}") // the first is the default mode
  @ValueSource(strings = {"--max-peers=0", "--collect"})
  void tutorialClientsWorkAgainstJamServeUnchanged(String mode) throws Exception {
    List<String> node = nodeWithWebSocket();
    Needs.that(node != null, "node with a WebSocket client (Node 20.10+) is not installed");
    try (JamProcess serve =
        jam(dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", "0", "-q", mode)) {
      String url = serve.nextLine();
      List<String> command = new ArrayList<>(node);
      command.add(Path.of("src/test/resources/interop/tutorial-clients.mjs").toString());
      command.add(url);
      Process p =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertEquals(true, p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue());
      assertEquals(
          "{\"a\":[\"bass\",\"riff\"],\"b\":[\"bass\",\"riff\"],"
              + "\"x\":[\"trigger-output\"],\"y\":[\"trigger-output\"]}",
          out);
    }
  }

  /**
   * "node" or "node --experimental-websocket", whichever has a global WebSocket; null if neither.
   */
  static List<String> nodeWithWebSocket() throws InterruptedException {
    for (List<String> candidate :
        List.of(List.of("node"), List.of("node", "--experimental-websocket"))) {
      List<String> probe = new ArrayList<>(candidate);
      probe.addAll(List.of("-e", "process.exit(typeof WebSocket === 'function' ? 0 : 1)"));
      try {
        Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException e) {
        return null;
      }
    }
    return null;
  }
}
