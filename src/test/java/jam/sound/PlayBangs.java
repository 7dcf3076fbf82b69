package jam.sound;

import jam.Reporter;
import jam.StreamReporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Test main for {@code AudioDeviceIT}, run in a JVM of its own so that ALSA reads the test's {@code
 * .asoundrc}: plays {@code COUNT} bangs at least {@code INTERVAL_MS} apart through a real {@link
 * AudioEngine} and prints, per bang, "bang NANOS" (its request time, from the first) on stdout.
 *
 * <p>Arguments: {@code COUNT INTERVAL_MS SOUND [AUDIO_OUT.wav]}. Warnings go to stderr as "jam:
 * ...".
 */
public final class PlayBangs {
  private PlayBangs() {}

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[0]);
    long interval = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[1]));
    String sound = args[2];
    AudioSettings settings = AudioSettings.speakers();
    if (args.length > 3) {
      settings = settings.recordingTo(Path.of(args[3]));
    }
    List<Playback> playbacks = new ArrayList<>();
    try (AudioEngine engine = AudioEngine.start(settings, stderr())) {
      for (int i = 0; i < count; i++) {
        // each after the one before, not on a fixed grid: a late bang must not shorten the next gap
        if (i > 0) {
          long due = playbacks.get(i - 1).requestedNanos() + interval;
          for (long left; (left = due - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
          }
        }
        playbacks.add(engine.bang(sound));
      }
      playbacks.get(count - 1).finished().get(10, TimeUnit.SECONDS);
      System.out.println("audible " + engine.audible());
    }
    long first = playbacks.get(0).requestedNanos();
    for (Playback playback : playbacks) {
      System.out.println("bang " + (playback.requestedNanos() - first));
    }
  }

  private static Reporter stderr() {
    return new StreamReporter(new PrintWriter(System.err, true), false, false);
  }
}
