package jam.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UdpAddressTest {
  @Test
  void readsUdpAndLibloUrls() {
    assertEquals(new UdpAddress("127.0.0.1", 57120), UdpAddress.parse("udp://127.0.0.1:57120"));
    assertEquals(
        new UdpAddress("synth.local", 9000), UdpAddress.parse("osc.udp://synth.local:9000/"));
    assertEquals(new UdpAddress("::1", 9000), UdpAddress.parse("udp://[::1]:9000"));
    assertEquals("udp://[::1]:9000", UdpAddress.parse("udp://[::1]:9000").toString());
  }

  @Test
  void refusesAnythingElse() {
    for (String bad :
        new String[] {
          "127.0.0.1:9000",
          "tcp://127.0.0.1:9000",
          "udp://127.0.0.1",
          "udp://:9000",
          "udp://h:0",
          "udp://h:70000",
          "udp://h:9000/path",
          "udp://u@h:9000",
          "udp://h 1:9000"
        }) {
      assertThrows(IllegalArgumentException.class, () -> UdpAddress.parse(bad), bad);
    }
  }
}
