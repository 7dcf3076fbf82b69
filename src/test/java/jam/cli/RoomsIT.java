package jam.cli;

import static jam.testing.JamProcess.jam;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.testing.JamProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rooms through bin/jam: {@code --room} and a room in the URL are the same room, tracks reach only
 * it, {@code jam who} counts one room, and a bad name is a usage error.
 */
class RoomsIT {
  private static final String RIFF = "{\"trackname\":\"red riff\",\"id\":\"r1\",\"data\":[[440]]}";

  @TempDir Path dir;

  @Test
  void aRoomIsItsOwnJam() throws Exception {
    Files.writeString(dir.resolve("red.json"), "[" + RIFF + "]");
    try (JamProcess serve = jam(dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", "0")) {
      String url = serve.nextLine();
      try (JamProcess ana =
              jam(
                  dir,
                  Map.of(),
                  "join",
                  "--mute",
                  "--room",
                  "red",
                  "--name",
                  "ana",
                  "--store",
                  "red.json",
                  url);
          JamProcess bo =
              jam(dir, Map.of(), "join", "--mute", "--json", "--store", "bo.json", url + "/red")) {
        ana.awaitErr("connected to");
        String line = bo.nextLine();
        assertTrue(line.contains("\"red riff\""), line);
        JamProcess.Result red = null;
        for (int i = 0; i < 50; i++) { // until both have said hello
          red = JamProcess.run(dir, Map.of(), "who", url, "--room", "red", "--json");
          if (red.out().lines().count() == 2) {
            break;
          }
        }
        assertEquals(0, red.exitCode(), red.err());
        assertEquals(2, red.out().lines().count(), red.out());
        JamProcess.Result blue = JamProcess.run(dir, Map.of(), "who", url, "--room", "blue");
        assertEquals(0, blue.exitCode(), blue.err());
        assertEquals("0 peers here\n", blue.out());
        JamProcess.Result lobby = JamProcess.run(dir, Map.of(), "who", url);
        assertEquals("0 peers here\n", lobby.out(), "the default room is another room");
      }
    }
  }

  @Test
  void aRoomNameOutsideTheCharsetIsAUsageError() {
    JamProcess.Result r =
        JamProcess.run(dir, Map.of(), "trigger", "--room", "a b", "ws://127.0.0.1:9/socket");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("--room: 'a b' is not a room name"), r.err());
  }

  @Test
  void serveLimitsRoomsAndPeersInARoom() throws Exception {
    try (JamProcess serve =
        jam(
            dir,
            Map.of(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--max-rooms",
            "1",
            "--max-room-peers",
            "1")) {
      String url = serve.nextLine();
      try (JamProcess ana =
          jam(
              dir,
              Map.of(),
              "join",
              "--mute",
              "--room",
              "red",
              "--store",
              "a.json",
              "--no-reconnect",
              url)) {
        ana.awaitErr("connected to");
        JamProcess.Result full = JamProcess.run(dir, Map.of(), "who", url, "--room", "red");
        assertEquals(4, full.exitCode(), full.err());
        assertTrue(full.err().contains("503"), full.err());
        JamProcess.Result other = JamProcess.run(dir, Map.of(), "who", url, "--room", "blue");
        assertEquals(4, other.exitCode(), other.err());
        assertTrue(other.err().contains("503"), other.err());
      }
    }
  }
}
