package jam.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Objects as messages read them: numbers as Java's, a name given twice keeps its last value. */
class JsonTest {
  @Test
  void anObjectHoldsPlainJavaValues() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("f", null);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("type", "ping");
    expected.put("n", 2);
    expected.put("t", 1733561234567L);
    expected.put("x", 0.25);
    expected.put("list", new ArrayList<>(Arrays.asList(true, false, 1e300)));
    expected.put("e", inner);
    assertEquals(
        expected,
        Json.object(
            " {\"type\":\"ping\",\"n\":1,\"t\":1733561234567,\"x\":2.5e-1,\"list\":[true,false,1e300],\"e\":{\"f\":null},\"n\":2}\n"));
    assertEquals(Integer.class, Json.object("{\"n\":1}").get("n").getClass());
  }

  @Test
  void anythingButExactlyOneObjectIsNull() {
    assertNull(Json.object("[{}]"));
    assertNull(Json.object("{} {}"));
    assertNull(Json.object("{\"a\":01}"));
    assertNull(Json.object("{\"a\":1"));
    assertNull(Json.object(""));
  }
}
