package jam.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class JsonNumberTest {
  @Test
  void valueIsJavasNearestNumber() {
    assertEquals(Integer.valueOf(440), new JsonNumber("440").value());
    assertEquals(Integer.valueOf(0), new JsonNumber("-0").value());
    assertEquals(Integer.valueOf(Integer.MIN_VALUE), new JsonNumber("-2147483648").value());
    assertEquals(Long.valueOf(2147483648L), new JsonNumber("2147483648").value());
    assertEquals(Long.valueOf(Long.MAX_VALUE), new JsonNumber("9223372036854775807").value());
    assertEquals(
        new BigInteger("9223372036854775808"), new JsonNumber("9223372036854775808").value());
    assertEquals(Long.valueOf(Long.MIN_VALUE), new JsonNumber("-9223372036854775808").value());
    assertEquals(Double.valueOf(0.5), new JsonNumber("0.5").value());
    assertEquals(Double.valueOf(100.0), new JsonNumber("1E2").value());
    assertEquals(Double.valueOf(Double.POSITIVE_INFINITY), new JsonNumber("1e400").value());
  }
}
