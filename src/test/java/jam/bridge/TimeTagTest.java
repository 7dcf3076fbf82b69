package jam.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimeTagTest {
  @Test
  void theUnixEpochIs2208988800SecondsAfterNtps() {
    assertEquals(2_208_988_800L << 32, TimeTag.ofUnixMs(0));
    assertEquals("83aa7e80.80000000", TimeTag.hex(TimeTag.ofUnixMs(500)));
  }

  @Test
  void roundTripsToWellUnderAMicrosecond() {
    double ms = 1_796_634_422_799.937;
    assertEquals(ms, TimeTag.toUnixMs(TimeTag.ofUnixMs(ms)), 1e-3);
    // oscdump printed eec147e2.e5c5f7c5 on 2026-12-07 at 14:57:38.9 UTC
    assertEquals(
        "2026-12-07T14:57:38.897Z",
        java.time.Instant.ofEpochMilli(
                (long) TimeTag.toUnixMs(Long.parseUnsignedLong("eec147e2e5c5f7c5", 16)))
            .toString());
  }
}
