package jam.bridge;

/**
 * OSC time tags: NTP's 64-bit fixed point, seconds since 1900-01-01 UTC in the high 32 bits and the
 * fraction in the low 32, to and from Unix milliseconds. {@link #IMMEDIATELY} (1) means "as soon as
 * it arrives". Stateless.
 */
public final class TimeTag {
  /** The time tag that means "now". */
  public static final long IMMEDIATELY = 1;

  /** Seconds from 1900-01-01 to 1970-01-01. */
  static final long UNIX_EPOCH_SECONDS = 2_208_988_800L;

  private static final double FRACTION = 4_294_967_296.0; // 2^32

  private TimeTag() {}

  /** The time tag of {@code unixMs} (ms since the Unix epoch, with a fraction). */
  public static long ofUnixMs(double unixMs) {
    double seconds = Math.floor(unixMs / 1000);
    long fraction = (long) Math.floor((unixMs / 1000 - seconds) * FRACTION);
    return ((long) seconds + UNIX_EPOCH_SECONDS) << 32 | (fraction & 0xffff_ffffL);
  }

  /** The Unix ms of {@code timeTag}; meaningless for {@link #IMMEDIATELY}. */
  public static double toUnixMs(long timeTag) {
    long seconds = timeTag >>> 32;
    long fraction = timeTag & 0xffff_ffffL;
    return (seconds - UNIX_EPOCH_SECONDS) * 1000.0 + fraction / FRACTION * 1000;
  }

  /** As oscdump prints it: seconds and fraction in hex, {@code eec147e2.e5c5f7c5}. */
  public static String hex(long timeTag) {
    return String.format("%08x.%08x", timeTag >>> 32, timeTag & 0xffff_ffffL);
  }
}
