package jam.sound;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams PCM in {@link SampleFormat} to a canonical 44-byte-header WAV file. The header's sizes are
 * brought up to date by {@link #sync()} and {@link #close()}, so a file cut short by a crash is valid up
 * to its last sync. Not thread safe: one thread owns a writer.
 */
final class WavWriter implements AutoCloseable {
  static final int HEADER_BYTES = 44;

  /** The RIFF size field is 32 bits and counts everything after itself. */
  static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - (HEADER_BYTES - 8);

  private final Path path;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
  private long dataBytes;
  private boolean closed;

  private WavWriter(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** Creates or truncates {@code path} and writes a header for zero frames. */
  static WavWriter create(Path path) throws IOException {
    FileChannel channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    WavWriter writer = new WavWriter(path, channel);
    try {
      writer.writeFully(header(0), 0);
      channel.position(HEADER_BYTES); // positional writes leave the channel's own position alone
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return writer;
  }

  Path path() {
    return path;
  }

  /** Frames written so far. */
  long frames() {
    return dataBytes / SampleFormat.FRAME_BYTES;
  }

  /**
   * Appends whole frames of PCM.
   *
   * @throws IOException when the file cannot be written or would outgrow the WAV format's 4 GiB
   */
  void write(byte[] pcm, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("closed");
    }
    if (length % SampleFormat.FRAME_BYTES != 0) {
      throw new IllegalArgumentException("not whole frames: " + length + " bytes");
    }
    if (dataBytes + length > MAX_DATA_BYTES) {
      throw new IOException("a WAV file cannot hold more than 4 GiB");
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

  /** Syncs and closes; closing again does nothing. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (channel) {
      sync();
    }
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
