package jam.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class WebSocketUrlTest {
  @Test
  void aUrlIsSplitForTheConnectionAndTheRequest() {
    WebSocketUrl u = WebSocketUrl.of(URI.create("ws://[::1]:9000/socket?x=1"));
    assertFalse(u.secure());
    assertEquals("::1", u.host());
    assertEquals(9000, u.port());
    assertEquals("/socket?x=1", u.resource());
    assertEquals("[::1]:9000", u.hostHeader());
    assertEquals("/", WebSocketUrl.of(URI.create("ws://example.org")).resource());
    assertEquals("/?a=b", WebSocketUrl.of(URI.create("ws://example.org?a=b")).resource());
    assertEquals(
        "/a%20b",
        WebSocketUrl.of(URI.create("ws://example.org/a%20b")).resource(),
        "the path as given, still encoded");
  }

  @Test
  void eachSchemeHasItsDefaultPortWhichTheHostHeaderLeavesOut() {
    WebSocketUrl plain = WebSocketUrl.of(URI.create("WS://example.org/socket"));
    assertEquals(80, plain.port());
    assertEquals("example.org", plain.hostHeader());
    WebSocketUrl secure = WebSocketUrl.of(URI.create("wss://example.org/socket"));
    assertTrue(secure.secure());
    assertEquals(443, secure.port());
    assertEquals("example.org", secure.hostHeader());
    assertEquals(
        "example.org:80", WebSocketUrl.of(URI.create("wss://example.org:80/")).hostHeader());
    assertEquals("example.org", WebSocketUrl.of(URI.create("ws://example.org:80/")).hostHeader());
  }

  @Test
  void itsTextLeavesTheQueryOut() {
    assertEquals(
        "ws://127.0.0.1:8080/socket",
        WebSocketUrl.of(URI.create("ws://127.0.0.1:8080/socket?token=s3cret")).toString());
    assertEquals("wss://[::1]/", WebSocketUrl.of(URI.create("wss://[::1]")).toString());
  }

  @Test
  void otherUrlsAreRefusedWithoutBeingQuoted() {
    for (String bad :
        new String[] {"http://x/?token=s3cret", "ws:///socket?token=s3cret", "mailto:s3cret@x"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> WebSocketUrl.of(URI.create(bad)), bad);
      assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }
    assertThrows(
        IllegalArgumentException.class, () -> WebSocketUrl.of(URI.create("ws://x:99999/")));
    assertThrows(IllegalArgumentException.class, () -> new WebSocketUrl(false, "x", 80, "socket"));
  }
}
