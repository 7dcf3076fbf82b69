package jam.sound;

import java.nio.file.Path;

/**
 * Where an {@link AudioEngine} sends what it plays: the speakers unless {@code mute}, and a WAV
 * file when {@code audioOut} is not null ({@code --mute}, {@code --audio-out FILE.wav}). Immutable.
 *
 * @param mute true to open no audio device at all
 * @param audioOut the WAV file to record to, or null for none
 */
public record AudioSettings(boolean mute, Path audioOut) {
  /** Speakers only. */
  public static AudioSettings speakers() {
    return new AudioSettings(false, null);
  }

  /** Neither speakers nor a recording: the engine only keeps time. */
  public static AudioSettings silent() {
    return new AudioSettings(true, null);
  }

  /** The same, also recording to {@code file}. */
  public AudioSettings recordingTo(Path file) {
    return new AudioSettings(mute, file);
  }
}
