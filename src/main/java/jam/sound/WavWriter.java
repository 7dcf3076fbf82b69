package jam.sound;

import jam.file.Replacement;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Streams PCM in {@link SampleFormat} to a canonical 44-byte-header WAV file, through a {@link
 * Replacement}: the file named appears (or replaces the old one) only at {@link #commit()}, whole;
 * {@link #close()} without a commit deletes what was written and leaves the old file as it was.
 * Until then the header's sizes are brought up to date by {@link #sync()}, so the temporary file a
 * killed process leaves is valid up to its last sync. Not thread safe: one thread owns a writer.
 */
final class WavWriter implements AutoCloseable {
  static final int HEADER_BYTES = 44;

  /** The RIFF size field is 32 bits and counts everything after itself. */
  static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - (HEADER_BYTES - 8);

  /**
   * What {@link #write} throws when the data would outgrow {@link #MAX_DATA_BYTES}: the file so far
   * is whole.
   */
  static final class Full extends IOException {
    private static final long serialVersionUID = 1L;

    Full() {
      super("a WAV file cannot hold more than 4 GiB");
    }
  }

  private final Path path;
  private final Replacement replacement;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
  private final long maxDataBytes;
  private long dataBytes;
  private boolean closed;

  private WavWriter(Path path, Replacement replacement, long maxDataBytes) {
    this.path = path;
    this.replacement = replacement;
    this.channel = replacement.channel();
    this.maxDataBytes = maxDataBytes;
  }

  /** Starts a new {@code path} beside the old one, if any, with a header for zero frames. */
  static WavWriter create(Path path) throws IOException {
    return create(path, MAX_DATA_BYTES);
  }

  /**
   * As {@link #create(Path)}, holding at most {@code maxDataBytes} of PCM: for tests of the limit.
   */
  static WavWriter create(Path path, long maxDataBytes) throws IOException {
    Replacement replacement = Replacement.start(path);
    WavWriter writer = new WavWriter(path, replacement, maxDataBytes);
    try {
      writer.writeFully(header(0), 0);
      writer.channel.position(
          HEADER_BYTES); // positional writes leave the channel's own position alone
    } catch (IOException e) {
      replacement.close();
      throw e;
    }
    return writer;
  }

  Path path() {
    return path;
  }

  /** The temporary file the data goes to until {@link #commit()}. */
  Path temp() {
    return replacement.temp();
  }

  /** Frames written so far. */
  long frames() {
    return dataBytes / SampleFormat.FRAME_BYTES;
  }

  /**
   * Appends whole frames of PCM.
   *
   * @throws IOException when the file cannot be written; {@link Full} when it would outgrow the WAV
   *     format's 4 GiB, and then nothing of {@code pcm} is written
   */
  void write(byte[] pcm, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("closed");
    }
    if (length % SampleFormat.FRAME_BYTES != 0) {
      throw new IllegalArgumentException("not whole frames: " + length + " bytes");
    }
    if (dataBytes + length > maxDataBytes) {
      throw new Full();
    }
    while (length > 0) {
      if (!buffer.hasRemaining()) {
        flush();
      }
      int n = Math.min(length, buffer.remaining());
      buffer.put(pcm, offset, n);
      offset += n;
      length -= n;
      dataBytes += n;
    }
  }

  /** Writes out what is buffered and updates the header's sizes. */
  void sync() throws IOException {
    flush();
    writeFully(header(dataBytes), 0);
  }

  /**
   * Syncs and puts the file in place of the old one, whole.
   *
   * @throws IOException when it cannot be finished; then the old file stays as it was
   */
  void commit() throws IOException {
    if (closed) {
      throw new IOException("closed");
    }
    closed = true;
    try {
      sync();
      replacement.commit();
    } finally {
      replacement.close(); // does nothing once committed
    }
  }

  /** Abandons what was written unless {@link #commit committed}: the old file stays. Idempotent. */
  @Override
  public void close() {
    closed = true;
    replacement.close();
  }

  private void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  private void writeFully(ByteBuffer bytes, long position) throws IOException {
    while (bytes.hasRemaining()) {
      position += channel.write(bytes, position);
    }
  }

  /** The whole header, its sizes counting {@code dataBytes} of PCM. */
  static ByteBuffer header(long dataBytes) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt((int) (HEADER_BYTES - 8 + dataBytes)).put(ascii("WAVE"));
    b.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) SampleFormat.CHANNELS);
    b.putInt(SampleFormat.RATE).putInt(SampleFormat.RATE * SampleFormat.FRAME_BYTES);
    b.putShort((short) SampleFormat.FRAME_BYTES).putShort((short) (8 * SampleFormat.SAMPLE_BYTES));
    b.put(ascii("data")).putInt((int) dataBytes);
    return b.flip();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
