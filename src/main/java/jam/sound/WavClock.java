package jam.sound;

import jam.clock.Clock;
import jam.file.Replacement;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code FILE.wav.json}, written beside a recording: {@code {"frame0_unix_ms":N,"rate":48000}}, the
 * true system clock ({@link Clock#TRUE}: neither shifted nor synced) at the instant the WAV's first
 * frame sounds. With it, an onset found at frame f of the WAV happened at {@code frame0_unix_ms + f
 * × 1000 / rate} ms, so recordings of several peers can be compared in time. Written whole, as the
 * WAV is. Stateless.
 */
public final class WavClock {
  private WavClock() {}

  /** The sidecar's path for the recording {@code wav}. */
  public static Path sidecar(Path wav) {
    return wav.resolveSibling(wav.getFileName() + ".json");
  }

  /**
   * The sidecar's text for a first frame heard at {@code frame0Nanos} (a {@link
   * System#nanoTime()}).
   */
  static String json(long frame0Nanos) {
    return String.format(
        java.util.Locale.ROOT,
        "{\"frame0_unix_ms\":%.3f,\"rate\":%d}%n",
        Clock.TRUE.at(frame0Nanos),
        SampleFormat.RATE);
  }

  /** Writes {@link #sidecar} of {@code wav}, replacing the old one in one step. */
  static void write(Path wav, long frame0Nanos) throws IOException {
    try (Replacement r = Replacement.start(sidecar(wav))) {
      r.channel().write(ByteBuffer.wrap(json(frame0Nanos).getBytes(StandardCharsets.UTF_8)));
      r.commit();
    }
  }
}
