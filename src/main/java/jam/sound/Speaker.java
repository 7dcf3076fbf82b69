package jam.sound;

import jam.Reporter;
import jam.protocol.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session's sound: plays bangs and tracks on an {@link AudioEngine}, a track played again
 * restarting rather than doubling over itself, and can be muted and unmuted while it runs. Started
 * muted without a recording it opens no engine at all until it is unmuted. Thread safe: guarded by
 * this.
 *
 * <p>Without a device, the warning waits for the first sound that would have been heard (or an
 * unmute), so a session that never plays one, or plays nothing yet, does not start with it.
 */
public final class Speaker implements AutoCloseable {
  private final Reporter reporter;

  /** The last playback of each track, by key. */
  private final Map<String, Playback> playing = new ConcurrentHashMap<>();

  private AudioEngine engine;
  private boolean muted;
  private boolean closed;

  /**
   * Opens the engine {@code settings} ask for: none when muted without a recording.
   *
   * @throws jam.JamException ({@link jam.ExitCode#IO}) when the recording cannot be created
   */
  public Speaker(AudioSettings settings, Reporter reporter) {
    this.reporter = reporter;
    this.muted = settings.mute();
    this.engine = settings.mute() && settings.audioOut() == null ? null : held.starting(settings);
  }

  /**
   * What the engine says of the device while it starts: held back until the first sound that would
   * have been heard (a session may never play one), then said once.
   */
  private final Held held = new Held();

  private final class Held implements Reporter {
    /** Guarded by this: what was said while the engine started, not yet passed on. */
    private final List<String> warnings = new java.util.ArrayList<>();

    /** Guarded by this: an engine is starting; later warnings (a full disk) pass at once. */
    private boolean holding;

    /** Starts an engine that reports here, holding back what it says while it starts. */
    AudioEngine starting(AudioSettings settings) {
      synchronized (this) {
        holding = true;
      }
      try {
        return AudioEngine.start(settings, this);
      } finally {
        synchronized (this) {
          holding = false;
        }
      }
    }

    @Override
    public void info(String line) {
      reporter.info(line);
    }

    @Override
    public void warn(String line) {
      synchronized (this) {
        if (holding) {
          warnings.add(line);
          return;
        }
      }
      reporter.warn(line);
    }

    @Override
    public void debug(String line) {
      reporter.debug(line);
    }

    @Override
    public boolean debugEnabled() {
      return reporter.debugEnabled();
    }

    /** Says what was held back, once. */
    synchronized void release() {
      warnings.forEach(reporter::warn);
      warnings.clear();
    }
  }

  /** A sound is wanted now: the device's problem, if any, is worth saying. */
  private void wanted() {
    if (!muted) {
      held.release();
    }
  }

  /**
   * Plays the sound called {@code sound} as of {@code arrivalNanos}, unless muted. (A muted engine
   * without a device line, as with --mute --audio-out, still records.)
   */
  public synchronized void bang(String sound, long arrivalNanos) {
    wanted();
    if (engine != null && !(muted && engine.audible())) {
      engine.bang(sound, arrivalNanos);
    }
  }

  /**
   * Plays the sound called {@code sound} so that it is heard at {@code soundNanos}, unless muted;
   * one that comes too late plays at once and is counted ({@link #late}).
   */
  public synchronized void bangAt(String sound, long soundNanos) {
    wanted();
    if (engine != null && !(muted && engine.audible())) {
      engine.bangAt(sound, soundNanos);
    }
  }

  /**
   * Plays {@code bang} as a peer hears it: at {@code nanos} when it carries a time ({@link
   * #bangAt}), else as it arrived at {@code nanos} ({@link #bang(String, long)}).
   */
  public void bang(Message.Bang bang, long nanos) {
    if (bang.at() == null) {
      bang(bang.sound(), nanos);
    } else {
      bangAt(bang.sound(), nanos);
    }
  }

  /** Scheduled sounds asked for so far (muted ones not counted). */
  public synchronized long scheduled() {
    return engine == null ? 0 : engine.scheduled();
  }

  /** Scheduled sounds that came too late to start on time. */
  public synchronized long late() {
    return engine == null ? 0 : engine.late();
  }

  /**
   * Plays a track's {@code data} from now, restarting the one last played under {@code key}; false
   * when muted (nothing is played).
   */
  public synchronized boolean play(String key, List<List<Double>> data) {
    wanted();
    if (engine == null || (muted && engine.audible())) {
      return false;
    }
    Playback previous = playing.put(key, engine.play(Score.ofTrack(data)));
    if (previous != null) {
      previous.cancel();
    }
    return true;
  }

  /**
   * Plays a track's {@code data}, rows {@code step} apart, so that its first row is heard at {@code
   * soundNanos}, as {@link #bangAt} places a bang; nothing when muted.
   */
  public synchronized void playAt(List<List<Double>> data, Duration step, long soundNanos) {
    wanted();
    if (engine != null && !(muted && engine.audible())) {
      engine.playAt(Score.ofTrack(data, step), soundNanos);
    }
  }

  /** True while nothing is heard on purpose. */
  public synchronized boolean muted() {
    return muted;
  }

  /** True when not muted and a device line is open: false without a device, or once it is lost. */
  public synchronized boolean audible() {
    return !muted && engine != null && engine.audible();
  }

  /**
   * Stops (true) or resumes (false) playing on the device. Unmuting a speaker that was started
   * muted opens the audio device (without a device: one warning, as at start); with a recording it
   * keeps recording either way. {@link #audible} then says whether anything is heard.
   */
  public synchronized void mute(boolean on) {
    if (closed) {
      return;
    }
    muted = on;
    if (!on && engine == null) {
      engine = held.starting(new AudioSettings(false, null));
    }
    if (!on) {
      held.release(); // unmuting asks for sound now
    }
    if (on) {
      playing.values().forEach(Playback::cancel);
      playing.clear();
    }
  }

  /** Closes the engine: plays out the line and finishes the recording. Idempotent. */
  @Override
  public void close() {
    AudioEngine e;
    synchronized (this) {
      closed = true;
      e = engine;
    }
    if (e != null) {
      e.close();
    }
  }
}
