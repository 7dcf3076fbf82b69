package jam.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RelayUrlsTest {
  @Test
  void redactHidesEveryTokenValueAndNothingElse() {
    assertEquals("ws://h:1/socket?token=***", RelayUrls.redact("ws://h:1/socket?token=s3cret"));
    assertEquals(
        "ws://h/?a=1&token=***&b=2#token=frag",
        RelayUrls.redact("ws://h/?a=1&token=x%2By&b=2#token=frag"));
    assertEquals("ws://h/?token=***&token=***", RelayUrls.redact("ws://h/?token=one&token=two"));
    assertEquals("ws://h/?token=***", RelayUrls.redact("ws://h/?token="));
    assertEquals("ws://h/?mytoken=x&tokens=y", RelayUrls.redact("ws://h/?mytoken=x&tokens=y"));
    assertEquals("ws://token=h/socket", RelayUrls.redact("ws://token=h/socket"));
    assertNull(RelayUrls.redact((String) null));
  }

  @Test
  void hasTokenLooksAtTheQueryParameterOnly() {
    assertTrue(RelayUrls.hasToken(URI.create("ws://h/socket?token=x")));
    assertTrue(RelayUrls.hasToken(URI.create("ws://h/socket?a=1&token=")));
    assertFalse(RelayUrls.hasToken(URI.create("ws://h/socket?mytoken=x")));
    assertFalse(RelayUrls.hasToken(URI.create("ws://h/token=x")));
    assertFalse(RelayUrls.hasToken(URI.create("ws://h/socket")));
  }

  @Test
  void withTokenReplacesATokenAlreadyThereAndKeepsTheRest() {
    assertEquals(
        URI.create("ws://h/socket?a=1&token=n%2Fw#f"),
        RelayUrls.withToken(URI.create("ws://h/socket?token=old&a=1#f"), "n/w"));
    assertEquals(URI.create("ws://h/socket"), RelayUrls.withToken(URI.create("ws://h/socket"), ""));
  }
}
