package jam.relay;

/**
 * Token buckets for one peer's messages and bytes, each holding at most one second's worth. Called
 * from the one decoder thread that serves the peer; not thread safe.
 */
final class RateGate {
  private final double messagesPerSecond;
  private final double bytesPerSecond;
  private double messages;
  private double bytes;
  private long last;

  RateGate(RelayConfig.RateLimit limit, long nowNanos) {
    this.messagesPerSecond = limit.messagesPerSecond();
    this.bytesPerSecond = limit.bytesPerSecond();
    this.messages = messagesPerSecond;
    this.bytes = bytesPerSecond;
    this.last = nowNanos;
  }

  /**
   * Null if a message of {@code size} bytes is within the limits now, else which limit it breaks.
   */
  String take(int size, long nowNanos) {
    double seconds = (nowNanos - last) / 1e9;
    last = nowNanos;
    messages = Math.min(messagesPerSecond, messages + seconds * messagesPerSecond);
    bytes = Math.min(bytesPerSecond, bytes + seconds * bytesPerSecond);
    if (messages < 1) {
      return "more than " + fmt(messagesPerSecond) + " messages/s";
    }
    // a message larger than a second's worth passes on a full bucket and leaves it in debt
    if (bytes < Math.min(size, bytesPerSecond)) {
      return "more than " + fmt(bytesPerSecond) + " bytes/s";
    }
    messages -= 1;
    bytes -= size;
    return null;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
