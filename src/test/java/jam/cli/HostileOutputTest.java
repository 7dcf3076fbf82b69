package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.protocol.Wire;
import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.testing.RecordingClient;
import jam.track.Track;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile peer on the relay: tracks and messages full of ESC sequences, C1 controls, NUL, lone
 * surrogates, line separators and a bidi override. jam join prints none of them raw, and its --json
 * stays valid JSON.
 */
class HostileOutputTest {
  /**
   * JSON escapes: the network carries them as valid UTF-8, the parsed strings hold the raw
   * characters.
   */
  private static final String HOSTILE_TRACK =
      "{\"trackname\":\"\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u0000x\\ud800\\u2028\\u202eevil\",\"data\":[[440,null,null,null]],"
          + "\"city\":\"\\u001b[31mred\\r\",\"countryCode\":\"\\udfff\\u0085\",\"id\":\"\\u001b[1A\\u0000\"}";

  /** Raw control characters in the text frame itself, not JSON. */
  private static final String RAW_GARBAGE =
      "\u001b[2J\u001b]0;title\u0007\u009b1m\u0000\u0085 not json";

  @Test
  void joinPrintsHostileTracksEscapedAndItsJsonStaysValid(@TempDir Path dir) throws Exception {
    for (boolean json : new boolean[] {true, false}) {
      CountDownLatch joinIsThere = new CountDownLatch(1);
      RelayListener joins =
          new RelayListener() {
            @Override
            public void joined(InetSocketAddress peer, int peers) {
              if (peers == 2) {
                joinIsThere.countDown();
              }
            }
          };
      try (Relay relay = Relay.start(RelayConfig.loopback(), joins);
          RecordingClient hostile = RecordingClient.connect(relay.url())) {
        hostile.assertText(Wire.COLLECT);
        Thread answer =
            new Thread(
                () -> {
                  try {
                    if (joinIsThere.await(
                        30, TimeUnit.SECONDS)) { // else jam join fails the test on its own
                      hostile.send(RAW_GARBAGE);
                      hostile.send("[" + HOSTILE_TRACK + "]");
                    }
                  } catch (InterruptedException e) {
                    // the test is over
                  }
                });
        answer.setDaemon(true);
        answer.start();
        List<String> args =
            new java.util.ArrayList<>(
                List.of(
                    "-v",
                    "join",
                    relay.url(),
                    "--count",
                    "1",
                    "--exit-after",
                    "10s",
                    "--store",
                    dir.resolve("s.json").toString()));
        if (json) {
          args.add("--json");
        }
        Run r = Run.jam(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, r.out().lines().count(), r.out() + r.err());
        assertPrintable(r.out());
        assertPrintable(r.err());
        assertTrue(r.err().contains("ignored a message that is not JSON"), r.err());
        String line = r.out().strip();
        if (json) {
          Track back = Track.parse(line); // valid JSON, and the same track
          assertEquals(Track.parse(HOSTILE_TRACK).toJson(), back.toJson());
          assertEquals(Track.parse(HOSTILE_TRACK).name(), back.name());
        } else {
          assertTrue(line.startsWith("\\e]0;pwned\\a\\e[2J\\u009b31m\\u0000x"), line);
        }
      }
    }
  }

  /** No C0 (but the newline ending each line), DEL, C1, line separators or unpaired surrogates. */
  static void assertPrintable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control =
          (c < 0x20 && c != '\n')
              || (c >= 0x7f && c <= 0x9f)
              || c == '\u2028'
              || c == '\u2029'
              || (c >= '\u202a' && c <= '\u202e')
              || (c >= '\u2066' && c <= '\u2069'); // and the bidi controls
      boolean lone =
          Character.isHighSurrogate(c)
              ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(++i))
              : Character.isLowSurrogate(c);
      assertTrue(!control && !lone, "raw U+" + Integer.toHexString(c) + " at " + i + " in: " + s);
    }
  }
}
