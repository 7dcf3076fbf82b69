package jam.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha1Test {
  @Test
  void sha1IsTheJdks() throws Exception {
    Random random = new Random(42);
    for (int n = 0; n < 300; n++) { // across the one-, two- and three-block paddings
      byte[] message = new byte[n];
      random.nextBytes(message);
      assertArrayEquals(
          MessageDigest.getInstance("SHA-1").digest(message), Sha1.digest(message), "length " + n);
    }
  }
}
