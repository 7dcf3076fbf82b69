package jam.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * What {@code join}, {@code trigger} and {@code bench} accept as a relay URL, and the one line
 * otherwise.
 */
class RelayUrlParsingTest {
  @Test
  void wsAndWssWithAHostAreRelayUrls() {
    assertEquals(
        URI.create("ws://127.0.0.1:8080/socket"),
        RelayConnection.parseUrl(" ws://127.0.0.1:8080/socket "));
    assertEquals(URI.create("WSS://example.org/"), RelayConnection.parseUrl("WSS://example.org/"));
  }

  @Test
  void othersAreRefusedWithAMessageThatHidesTheToken() {
    assertRefused(
        "http://example.org/?token=s3cret",
        "'http://example.org/?token=***' is not a relay URL (it must start with ws:// or wss://)");
    assertRefused("ws:///socket", "'ws:///socket' has no host");
    assertRefused(
        "ws://127.0.0.1:99999/socket",
        "'ws://127.0.0.1:99999/socket' has a port out of range (1-65535)");
    assertRefused("ws://a b", "'ws://a b' is not a relay URL");
  }

  private static void assertRefused(String url, String start) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RelayConnection.parseUrl(url));
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
  }
}
