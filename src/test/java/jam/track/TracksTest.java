package jam.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TracksTest {
  @Test
  void deduplicatesByIdentityKeepingTheFirstCopyAndTheOrder() {
    Tracks set = new Tracks();
    Track a = Track.parse("{\"trackname\":\"a\",\"id\":\"1\"}");
    Track aEdited = Track.parse("{\"trackname\":\"a, edited\",\"id\":\"1\"}");
    Track b = Track.parse("{\"trackname\":\"b\",\"data\":[[1,2]]}");
    Track bAgain = Track.parse("{\"data\":[[1.0,2]],\"trackname\":\"b\"}");
    Track c = Track.parse("{\"trackname\":\"c\"}");

    assertTrue(set.add(a));
    assertTrue(set.add(b));
    assertFalse(set.add(aEdited));
    assertFalse(set.add(bAgain));
    assertEquals(List.of(c), set.addAll(List.of(a, c, b)));
    assertEquals(List.of(a, b, c), set.list());
    assertTrue(set.contains(bAgain));
    assertEquals(3, set.size());
  }
}
