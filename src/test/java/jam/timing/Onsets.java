package jam.timing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the onsets in a recording {@code jam join --audio-out} made, and turns them into true times
 * with its {@code FILE.wav.json}: an onset is the first sample above {@link #THRESHOLD} after at
 * least {@link #QUIET_MS} below it. Every peer renders the same sound sample for sample, so the
 * same sample of it crosses the threshold on each, and onsets compare to the frame (20.8 µs at 48
 * kHz). Stateless.
 */
final class Onsets {
  static final int THRESHOLD = 1000;
  static final double QUIET_MS = 60;

  private Onsets() {}

  /** The onsets of {@code wav} (16-bit PCM, first channel), in Unix ms on the true clock. */
  static List<Double> of(Path wav) throws IOException {
    String sidecar = Files.readString(wav.resolveSibling(wav.getFileName() + ".json"));
    double frame0 = number(sidecar, "frame0_unix_ms");
    double rate = number(sidecar, "rate");
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
    int channels = b.getShort(22);
    int data = 44;
    int frames = (b.limit() - data) / (2 * channels);
    int quietFrames = (int) (QUIET_MS * rate / 1000);
    List<Double> onsets = new ArrayList<>();
    int quiet = quietFrames;
    for (int f = 0; f < frames; f++) {
      int s = Math.abs(b.getShort(data + f * 2 * channels));
      if (s > THRESHOLD) {
        if (quiet >= quietFrames) {
          onsets.add(frame0 + f * 1000.0 / rate);
        }
        quiet = 0;
      } else {
        quiet++;
      }
    }
    return onsets;
  }

  private static double number(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(-?[0-9.eE+]+)").matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("no " + name + " in " + json);
    }
    return Double.parseDouble(m.group(1));
  }
}
