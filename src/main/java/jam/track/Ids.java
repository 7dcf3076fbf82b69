package jam.track;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs for new tracks. Reads the kernel's random source directly where there is
 * one: {@link UUID#randomUUID()} would set up the whole security provider machinery, a noticeable
 * part of a short command's start-up. Thread safe.
 */
final class Ids {
  private static final String URANDOM = "/dev/urandom";

  private Ids() {}

  static String randomUuid() {
    byte[] b = new byte[16];
    if (!fromUrandom(b)) {
      new SecureRandom().nextBytes(b);
    }
    b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
    b[8] = (byte) ((b[8] & 0x3f) | 0x80); // IETF variant
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (b[i] & 0xff);
      lsb = (lsb << 8) | (b[i + 8] & 0xff);
    }
    return new UUID(msb, lsb).toString();
  }

  private static boolean fromUrandom(byte[] b) {
    try (InputStream in = new FileInputStream(URANDOM)) {
      int n = 0;
      while (n < b.length) {
        int r = in.read(b, n, b.length - n);
        if (r < 0) {
          return false;
        }
        n += r;
      }
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
