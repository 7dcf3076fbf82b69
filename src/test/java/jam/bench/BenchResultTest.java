package jam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jam.ExitCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The result's JSON line, which bench/compare.sh and loadgen.js's tables read: its exact shape. */
class BenchResultTest {
  @Test
  void jsonLeavesOutNullFieldsAndWritesNumbersAsJavaPrintsThem() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("mode", "bcast");
    fields.put("window", null);
    fields.put("rate", 1000L);
    fields.put("peers", 10);
    fields.put("seconds", 0.0001);
    fields.put("p50_ms", 3.0);
    fields.put("per_s", new ArrayList<>(List.of(1L, 2L)));
    fields.put("errors", new ArrayList<>(List.of("a\"b\u00e9")));
    fields.put("ok", true);
    assertEquals(
        "{\"mode\":\"bcast\",\"rate\":1000,\"peers\":10,\"seconds\":1.0E-4,\"p50_ms\":3.0,\"per_s\":[1,2],"
            + "\"errors\":[\"a\\\"b\u00e9\"],\"ok\":true}",
        new BenchResult(null, fields, ExitCode.OK, null).json());
  }
}
