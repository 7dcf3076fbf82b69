package jam.sound;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Control;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineListener;
import javax.sound.sampled.SourceDataLine;

/**
 * Test double for an open, started {@link SourceDataLine}. The base consumes instantly, like ALSA's
 * null PCM; {@link Clocked} plays in its own time at a chosen speed. Keeps every byte written.
 * Guarded by this.
 */
class FakeLine implements SourceDataLine {
  final int bufferBytes;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private boolean open = true;
  private int writesLeft;

  FakeLine(int bufferBytes) {
    this(bufferBytes, Integer.MAX_VALUE);
  }

  /** A line whose device disappears after {@code writes} writes: further writes take nothing. */
  FakeLine(int bufferBytes, int writes) {
    this.bufferBytes = bufferBytes;
    this.writesLeft = writes;
  }

  synchronized byte[] received() {
    return received.toByteArray();
  }

  @Override
  public synchronized int write(byte[] b, int off, int len) {
    if (!open || writesLeft-- <= 0) {
      return 0;
    }
    received.write(b, off, len);
    return len;
  }

  @Override
  public synchronized int available() {
    return bufferBytes;
  }

  @Override
  public int getBufferSize() {
    return bufferBytes;
  }

  @Override
  public synchronized void close() {
    open = false;
  }

  @Override
  public synchronized boolean isOpen() {
    return open;
  }

  @Override
  public void open(AudioFormat format, int bufferSize) {}

  @Override
  public void open(AudioFormat format) {}

  @Override
  public void open() {}

  @Override
  public void drain() {}

  @Override
  public void flush() {}

  @Override
  public void start() {}

  @Override
  public void stop() {}

  @Override
  public boolean isRunning() {
    return open;
  }

  @Override
  public boolean isActive() {
    return open;
  }

  @Override
  public AudioFormat getFormat() {
    return SampleFormat.audioFormat();
  }

  @Override
  public int getFramePosition() {
    return 0;
  }

  @Override
  public long getLongFramePosition() {
    return 0;
  }

  @Override
  public long getMicrosecondPosition() {
    return 0;
  }

  @Override
  public float getLevel() {
    return AudioSystem.NOT_SPECIFIED;
  }

  @Override
  public Line.Info getLineInfo() {
    return new DataLine.Info(SourceDataLine.class, getFormat());
  }

  @Override
  public Control[] getControls() {
    return new Control[0];
  }

  @Override
  public boolean isControlSupported(Control.Type control) {
    return false;
  }

  @Override
  public Control getControl(Control.Type control) {
    throw new IllegalArgumentException("no controls");
  }

  @Override
  public void addLineListener(LineListener listener) {}

  @Override
  public void removeLineListener(LineListener listener) {}

  /**
   * A device that plays {@code speed} times real time from its first write: a full buffer makes
   * writes wait (counted in {@link #waits}), an empty one is an underrun (counted in {@link
   * #underruns}).
   */
  static final class Clocked extends FakeLine {
    private final double framesPerNano;
    private long written;
    private double played;
    private long last;
    private boolean running;
    int waits;
    int underruns;

    Clocked(int bufferBytes, double speed) {
      super(bufferBytes);
      this.framesPerNano = speed * SampleFormat.RATE / 1e9;
    }

    @Override
    public int write(byte[] b, int off, int len) {
      int frames = len / SampleFormat.FRAME_BYTES;
      boolean waited = false;
      while (true) {
        synchronized (this) {
          update();
          if (written - played + frames <= bufferBytes / SampleFormat.FRAME_BYTES) {
            written += frames;
            running = true;
            if (waited) {
              waits++;
            }
            break;
          }
        }
        waited = true;
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
      }
      return super.write(b, off, len);
    }

    @Override
    public synchronized int available() {
      update();
      return bufferBytes - (int) (written - played) * SampleFormat.FRAME_BYTES;
    }

    private void update() {
      long now = System.nanoTime();
      if (running) {
        played += (now - last) * framesPerNano;
        if (played >= written) {
          played = written;
          running = false;
          underruns++;
        }
      }
      last = now;
    }
  }
}
