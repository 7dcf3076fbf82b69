package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class UnitsTest {
  private final Units.DurationConverter durations = new Units.DurationConverter();
  private final Units.SizeConverter sizes = new Units.SizeConverter();

  @Test
  void durations() {
    assertEquals(Duration.ofMillis(500), durations.convert("500ms"));
    assertEquals(Duration.ofSeconds(5), durations.convert("5s"));
    assertEquals(Duration.ofSeconds(5), durations.convert("5"));
    assertEquals(Duration.ofMinutes(2), durations.convert("2m"));
    assertEquals(Duration.ofMillis(1500), durations.convert("1.5s"));
    assertThrows(TypeConversionException.class, () -> durations.convert("soon"));
    assertThrows(TypeConversionException.class, () -> durations.convert("5 days"));
    assertEquals(Duration.ofMillis(1500), durations.convert(" 1.5 s "));
    for (String bad : new String[] {"", ".5s", "1.s", "-1s", "5s!", "1e3ms", "5 s s"}) {
      assertThrows(TypeConversionException.class, () -> durations.convert(bad), bad);
    }
  }

  @Test
  void sizes() {
    assertEquals(1000L, sizes.convert("1000"));
    assertEquals(64L * 1024, sizes.convert("64KiB"));
    assertEquals(1L << 20, sizes.convert("1MiB"));
    assertEquals(1L << 20, sizes.convert("1m"));
    assertThrows(TypeConversionException.class, () -> sizes.convert("big"));
    assertThrows(TypeConversionException.class, () -> sizes.convert("3 parsecs"));
  }
}
