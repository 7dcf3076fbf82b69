package jam.sound;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/**
 * Plays {@link Score}s in real time: one javax.sound line, opened once and kept open with a 20 ms
 * buffer, and/or a WAV recording of exactly what is played, silence included, frame for frame.
 *
 * <p>Lifecycle: {@link #start} opens the recording (failing with {@link ExitCode#IO}) and the
 * default audio device; without a device (or when it is busy) it warns once and goes on silently,
 * still keeping real time and still recording. {@link #close} stops the audio thread, lets the line
 * play out what it holds (at most ~15 ms), closes the line and finishes the WAV header.
 *
 * <p>Timing: the audio thread renders 5 ms blocks and writes each when a monotonic clock says it is
 * due, keeping the line 10 ms ahead; the clock, not the device, paces it, because some devices
 * (ALSA's null PCM, for one) take samples as fast as they come. On a device that does hold samples
 * the clock is re-anchored when the device runs slower (its buffer fills) or faster (it is about to
 * starve). A request made at {@code t} starts at the frame the clock assigns to {@code t}: onsets
 * keep the spacing of their requests to the frame, and reach the line within one block (≤ 5 ms) of
 * their request.
 *
 * <p>Thread safe: {@link #bang}, {@link #play}, {@link Playback#cancel} and {@link #close} may be
 * called from any thread; they only enqueue. One daemon thread, {@code jam-audio}, owns the mixer,
 * the line and the recording.
 */
public final class AudioEngine implements AutoCloseable {
  /** Frames rendered and written at a time: 5 ms. */
  static final int BLOCK = SampleFormat.RATE / 200;

  /**
   * Frames the clock keeps written ahead of "now": 10 ms (less if the device's buffer is smaller).
   */
  static final int LEAD = 2 * BLOCK;

  /** The line's buffer asked for: 20 ms. */
  static final int LINE_BUFFER = 4 * BLOCK;

  /** The recording's header is brought up to date once per second of audio. */
  private static final int SYNC_FRAMES = SampleFormat.RATE;

  /** With no line to feed and nothing to play, silence is rendered in arrears, this often. */
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static final int IDLE_BLOCKS =
      (int) (IDLE_PARK_NANOS * SampleFormat.RATE / 1_000_000_000L / BLOCK) + 1;

  /**
   * Further behind than this with nothing to record (the process was suspended, say), skip, not
   * catch up.
   */
  private static final long MAX_BEHIND_FRAMES = SampleFormat.RATE;

  private static final long JOIN_MILLIS = 2_000;

  /** A scheduled sound later than this is dropped rather than played out of time. */
  public static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private static final double FRAMES_PER_NANO = SampleFormat.RATE / 1e9;

  private sealed interface Request permits Start, Cancel {}

  /** {@code sounding}: {@code nanos} is when the score must be heard, not when it was asked for. */
  private record Start(Playback playback, long nanos, boolean sounding) implements Request {}

  private record Cancel(Playback playback) implements Request {}

  private final Reporter reporter;
  private final Path audioOut;
  private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private final AtomicBoolean closeCalled = new AtomicBoolean();
  private final AtomicLong scheduled = new AtomicLong();
  private final AtomicLong late = new AtomicLong();
  private volatile boolean closing;
  private volatile boolean closed;
  private volatile IOException recordFailure;

  // Owned by the audio thread once started; close() touches `line` only if that thread is stuck.
  private volatile SourceDataLine line;
  private final int lineBufferBytes;
  private final int lead;
  private WavWriter recorder;
  private final Mixer<Playback> mixer = new Mixer<>();
  private final float[] mono = new float[BLOCK];
  private final byte[] pcm = new byte[BLOCK * SampleFormat.FRAME_BYTES];
  private long anchorNanos;

  /** When the recording's first frame is heard, for {@link WavClock}. */
  private long frame0Nanos;

  private long anchorFrame;
  private boolean deviceClocked;

  private AudioEngine(Reporter reporter, Path audioOut, WavWriter recorder, SourceDataLine line) {
    this.reporter = reporter;
    this.audioOut = audioOut;
    this.recorder = recorder;
    this.line = line;
    this.lineBufferBytes = line == null ? 0 : line.getBufferSize();
    int bufferFrames = lineBufferBytes / SampleFormat.FRAME_BYTES;
    this.lead = line == null ? LEAD : Math.max(BLOCK, Math.min(LEAD, bufferFrames - BLOCK));
    this.thread = new Thread(this::run, "jam-audio");
    thread.setDaemon(true);
    thread.setPriority(Thread.MAX_PRIORITY);
  }

  /**
   * Opens the recording and the audio device as {@code settings} say and starts the audio thread.
   *
   * @throws JamException ({@link ExitCode#IO}) when the recording cannot be created
   */
  public static AudioEngine start(AudioSettings settings, Reporter reporter) {
    return start(settings, reporter, LineOpener.SYSTEM);
  }

  static AudioEngine start(AudioSettings settings, Reporter reporter, LineOpener opener) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(reporter, "reporter");
    Sound.names(); // synthesizes the sounds now rather than on the first bang (tens of ms)
    WavWriter recorder = null;
    if (settings.audioOut() != null) {
      try {
        recorder = WavWriter.create(settings.audioOut());
      } catch (IOException e) {
        throw new JamException(
            ExitCode.IO, "cannot write " + settings.audioOut() + ": " + describe(e), e);
      }
    }
    SourceDataLine line = settings.mute() ? null : openLine(opener, reporter, settings.audioOut());
    AudioEngine engine = new AudioEngine(reporter, settings.audioOut(), recorder, line);
    engine.play(Score.empty()); // loads the request path's classes now, not during the first bang
    engine.anchor(
        System.nanoTime(), engine.lead); // before any request can be made, so none maps before it
    engine.frame0Nanos = engine.anchorNanos; // frame 0 is heard `lead` after it is written
    engine.thread.start();
    return engine;
  }

  private static SourceDataLine openLine(LineOpener opener, Reporter reporter, Path audioOut) {
    String silently =
        "; carrying on without sound"
            + (audioOut == null ? "" : " (still recording to " + audioOut + ")");
    try {
      SourceDataLine line =
          opener.open(SampleFormat.audioFormat(), LINE_BUFFER * SampleFormat.FRAME_BYTES);
      if (reporter.debugEnabled()) {
        reporter.debug(
            "audio: "
                + line.getLineInfo()
                + ", "
                + line.getFormat()
                + ", buffer "
                + line.getBufferSize() / SampleFormat.FRAME_BYTES * 1000 / SampleFormat.RATE
                + " ms");
      }
      return line;
    } catch (IllegalArgumentException e) {
      reporter.warn("no audio device" + silently);
      reporter.debug("audio: " + e.getMessage());
    } catch (LineUnavailableException e) {
      reporter.warn("audio device unavailable (" + describe(e) + ")" + silently);
    } catch (RuntimeException e) {
      reporter.warn("cannot open the audio device (" + describe(e) + ")" + silently);
    }
    return null;
  }

  /**
   * Plays the sound called {@code sound} now; unknown names and null play {@link Sound#DEFAULT}.
   */
  public Playback bang(String sound) {
    return play(Score.of(sound), System.nanoTime());
  }

  /**
   * Plays the sound called {@code sound} as of {@code arrivalNanos}, the {@link System#nanoTime()}
   * its message arrived: onsets then keep the spacing of arrivals, not of the threads that handled
   * them.
   */
  public Playback bang(String sound, long arrivalNanos) {
    return play(Score.of(sound), arrivalNanos);
  }

  /**
   * Plays the sound called {@code sound} so that it is heard at {@code soundNanos} (a {@link
   * System#nanoTime()}): its first sample lands on the frame that sounds then. One whose frame has
   * already been written plays at once and is counted {@link #late}; one more than {@link
   * #STALE_NANOS} late is not played (and counted late).
   */
  public Playback bangAt(String sound, long soundNanos) {
    return play(Score.of(sound), soundNanos, true);
  }

  /** Scheduled sounds ({@link #bangAt}, {@link #playAt}) asked for so far. */
  public long scheduled() {
    return scheduled.get();
  }

  /** Scheduled sounds that could not start on their frame: they came too late. */
  public long late() {
    return late.get();
  }

  /**
   * Plays {@code score} so that its start is heard at {@code soundNanos}, as {@link #bangAt} does.
   */
  public Playback playAt(Score score, long soundNanos) {
    return play(score, soundNanos, true);
  }

  /** Plays {@code score} from now, e.g. {@code play(Score.ofTrack(data))}. */
  public Playback play(Score score) {
    return play(score, System.nanoTime());
  }

  /**
   * Plays {@code score} from {@code startNanos} (a {@link System#nanoTime()}); a time already
   * played means as soon as possible, a time to come is waited for.
   */
  public Playback play(Score score, long startNanos) {
    return play(score, startNanos, false);
  }

  private Playback play(Score score, long startNanos, boolean sounding) {
    Objects.requireNonNull(score, "score");
    if (sounding) {
      scheduled.incrementAndGet();
    }
    if (closing) {
      return Playback.over(score);
    }
    Playback playback = new Playback(score, startNanos, this::cancel);
    requests.add(new Start(playback, startNanos, sounding));
    LockSupport.unpark(thread);
    if (closed) {
      endLeftovers();
    }
    return playback;
  }

  /** True while a device line is open (not muted, a device was found and has not been lost). */
  public boolean audible() {
    return line != null;
  }

  private void cancel(Playback playback) {
    requests.add(new Cancel(playback));
    LockSupport.unpark(thread);
  }

  /**
   * Stops playing, closes the line and finishes the recording's header; sounds still playing are
   * cut. Waits at most a few seconds; closing again does nothing. To let a score end first, wait
   * for {@link Playback#finished()}.
   *
   * @throws JamException ({@link ExitCode#IO}) when the recording could not be written completely
   */
  @Override
  public void close() {
    if (!closeCalled.compareAndSet(false, true)) {
      return;
    }
    closing = true;
    LockSupport.unpark(thread);
    if (Thread.currentThread() == thread) {
      return; // called back from a playback's future: the loop ends when the callback returns
    }
    boolean interrupted = false;
    try {
      thread.join(JOIN_MILLIS);
      if (thread.isAlive()) {
        forceCloseLine(); // a write stuck on a dead device returns once the line closes
        thread.join(JOIN_MILLIS);
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    closed = true;
    endLeftovers();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    IOException failure = recordFailure;
    if (failure != null) {
      String left =
          failure instanceof WavWriter.Full
              ? "what fit is kept"
              : "nothing recorded is kept; " + audioOut + " is unchanged";
      throw new JamException(
          ExitCode.IO,
          "cannot write " + audioOut + ": " + describe(failure) + " (" + left + ")",
          failure);
    }
  }

  private void run() {
    try {
      while (!closing) {
        long now = System.nanoTime();
        if (frameAt(now) - mixer.position() > MAX_BEHIND_FRAMES && recorder == null) {
          anchor(
              now, mixer.position()); // before mapping requests, so none lands in the skipped time
        }
        drainRequests();
        followDevice(now);
        long next = mixer.position() + BLOCK;
        if (next <= frameAt(now)) {
          writeBlock();
        } else {
          long wait = nanosAt(next) - now;
          if (line == null && mixer.idle() && requests.isEmpty()) {
            wait = Math.max(wait, IDLE_PARK_NANOS); // nothing to feed: catch up on silence later
          }
          LockSupport.parkNanos(this, wait);
        }
      }
    } catch (RuntimeException e) {
      reporter.warn("sound stopped: " + describe(e));
    } finally {
      finish();
    }
  }

  private void drainRequests() {
    for (Request request; (request = requests.poll()) != null; ) {
      if (request instanceof Start start) {
        Playback playback = start.playback();
        if (playback.isCancelled() || playback.score().isEmpty()) {
          playback.end();
        } else {
          long frame = frameAt(start.nanos());
          if (start.sounding()) {
            frame -= lead; // the frame written `lead` ahead of the one heard at that time
            if (frame < mixer.position()) {
              late.incrementAndGet();
              if (System.nanoTime() - start.nanos() > STALE_NANOS) {
                playback.end();
                continue;
              }
            }
          }
          playback.remaining = playback.score().size();
          mixer.add(Math.max(mixer.position(), frame), playback.score(), playback);
        }
      } else if (request instanceof Cancel cancel) {
        mixer.removePending(tag -> tag == cancel.playback());
        settle(System.nanoTime());
      }
    }
  }

  private void writeBlock() {
    mixer.render(mono, BLOCK);
    Mixer.toPcm(mono, BLOCK, pcm);
    SourceDataLine target = line;
    if (target != null) {
      writeLine(target);
    }
    record();
    settle(System.nanoTime());
  }

  private void writeLine(SourceDataLine target) {
    try {
      int written = target.write(pcm, 0, pcm.length);
      if (written < pcm.length) {
        if (!closing) {
          loseLine("the device stopped taking samples");
        }
        return;
      }
      if (!deviceClocked && target.available() < lineBufferBytes) {
        deviceClocked = true; // it holds what it was given, so it plays in its own time
      }
    } catch (RuntimeException e) {
      loseLine(describe(e));
    }
  }

  /**
   * On a device that plays in its own time, re-anchors the clock when the device's queue leaves
   * [half a block, its buffer less a block]: the device is faster or slower than the clock. Rare
   * (clocks differ by some ppm), so onsets do not jitter with the device's position reports.
   */
  private void followDevice(long now) {
    SourceDataLine target = line;
    if (target == null || !deviceClocked) {
      return;
    }
    int bufferFrames = lineBufferBytes / SampleFormat.FRAME_BYTES;
    int queued;
    try {
      queued = bufferFrames - target.available() / SampleFormat.FRAME_BYTES;
    } catch (RuntimeException e) {
      loseLine(describe(e));
      return;
    }
    if (queued < BLOCK / 2 || queued > bufferFrames - BLOCK) {
      anchor(now, mixer.position() - queued + lead);
    }
  }

  private void loseLine(String why) {
    reporter.warn(
        "audio device lost ("
            + why
            + "); carrying on without sound"
            + (recorder == null ? "" : " (still recording to " + audioOut + ")"));
    SourceDataLine lost = line;
    line = null;
    closeQuietly(lost);
  }

  private void record() {
    if (recorder == null) {
      return;
    }
    try {
      recorder.write(pcm, 0, pcm.length);
      if (recorder.frames() % SYNC_FRAMES == 0) {
        recorder.sync();
      }
    } catch (IOException e) {
      recordFailure = e;
      reporter.warn("cannot write " + audioOut + ": " + describe(e) + "; recording stopped");
      if (e instanceof WavWriter.Full) {
        try {
          recorder.commit(); // what fits is whole: keep it
          WavClock.write(audioOut, frame0Nanos);
        } catch (IOException ignored) {
          // the first failure is the one worth reporting
        }
      }
      recorder.close(); // anything else: what was recorded goes, the old file stays
      recorder = null;
    }
  }

  /** Tells playbacks what the last block (or removal) did to their voices. */
  private void settle(long nanos) {
    for (Playback playback : mixer.started()) {
      playback.start(nanos);
    }
    mixer.started().clear();
    for (Playback playback : mixer.ended()) {
      if (--playback.remaining == 0) {
        playback.end();
      }
    }
    mixer.ended().clear();
  }

  private void finish() {
    if (line == null && recorder != null) {
      // the idle loop renders silence in arrears: bring the recording up to now
      try {
        for (int i = 0;
            i < IDLE_BLOCKS && mixer.position() + BLOCK <= frameAt(System.nanoTime());
            i++) {
          writeBlock();
        }
      } catch (RuntimeException e) {
        // the recording ends where it ends; closing it matters more
      }
    }
    SourceDataLine target = line;
    if (target != null) {
      // let the line play what it holds; by the clock that is `lead` frames past what is written
      long until = Math.min(nanosAt(mixer.position() + lead), System.nanoTime() + IDLE_PARK_NANOS);
      for (long left; (left = until - System.nanoTime()) > 0; ) {
        LockSupport.parkNanos(this, left);
      }
      line = null;
      closeQuietly(target);
    }
    if (recorder != null) {
      try {
        recorder.commit();
        WavClock.write(audioOut, frame0Nanos);
      } catch (IOException e) {
        recordFailure = e;
      } finally {
        recorder.close();
      }
      recorder = null;
    }
    mixer.clear();
    settle(System.nanoTime());
    endLeftovers();
  }

  private void endLeftovers() {
    for (Request request; (request = requests.poll()) != null; ) {
      if (request instanceof Start start) {
        start.playback().end();
      }
    }
  }

  private void forceCloseLine() {
    SourceDataLine target = line;
    if (target != null) {
      try {
        target.stop();
        target.flush();
      } catch (RuntimeException ignored) {
        // closing is what matters
      }
      closeQuietly(target);
    }
  }

  private static void closeQuietly(SourceDataLine target) {
    if (target == null) {
      return;
    }
    try {
      target.stop();
      target.close();
    } catch (RuntimeException ignored) {
      // a line that fails to close is gone all the same
    }
  }

  /** The clock: frame {@code frame} is due to be written at {@code nanos}. */
  private void anchor(long nanos, long frame) {
    anchorNanos = nanos;
    anchorFrame = frame;
  }

  /**
   * The frame due to be written at {@code nanos}, {@code lead} frames ahead of what should sound
   * then.
   */
  private long frameAt(long nanos) {
    return anchorFrame + (long) Math.floor((nanos - anchorNanos) * FRAMES_PER_NANO);
  }

  private long nanosAt(long frame) {
    return anchorNanos + (long) Math.ceil((frame - anchorFrame) / FRAMES_PER_NANO);
  }

  private static String describe(Throwable e) {
    if (e instanceof java.io.IOException io) {
      return JamException.reason(io);
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
