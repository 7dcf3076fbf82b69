package jam.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Two ends of one TCP connection over loopback: {@link #server}, non-blocking, as the relay's
 * selector holds an accepted socket, and {@link #client}, blocking, as a peer. Small buffers on
 * request, so that a test can fill the connection.
 */
final class LoopbackPair implements AutoCloseable {
  final SocketChannel server;
  final SocketChannel client;

  private LoopbackPair(SocketChannel server, SocketChannel client) {
    this.server = server;
    this.client = client;
  }

  static LoopbackPair open() throws IOException {
    return open(0);
  }

  /**
   * With {@code bufferBytes} > 0: the server's send buffer and the client's receive buffer that
   * small.
   */
  static LoopbackPair open(int bufferBytes) throws IOException {
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      SocketChannel client = SocketChannel.open();
      if (bufferBytes > 0) {
        client.setOption(StandardSocketOptions.SO_RCVBUF, bufferBytes);
      }
      client.connect(listener.getLocalAddress());
      SocketChannel server = listener.accept();
      server.configureBlocking(false);
      if (bufferBytes > 0) {
        server.setOption(StandardSocketOptions.SO_SNDBUF, bufferBytes);
      }
      return new LoopbackPair(server, client);
    }
  }

  /** Reads exactly {@code n} bytes on the client. */
  byte[] clientReads(int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining()) {
      if (client.read(b) < 0) {
        throw new IOException("end of stream after " + b.position() + " of " + n + " bytes");
      }
    }
    return b.array();
  }

  /**
   * Fills the connection from the server side until the socket takes no more; returns the bytes
   * written.
   */
  long fill() throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(64 << 10);
    long total = 0;
    int n;
    do {
      chunk.clear();
      n = server.write(chunk);
      total += n;
    } while (n > 0);
    return total;
  }

  /** Reads and drops {@code n} bytes on the client. */
  void clientSkips(long n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(64 << 10);
    while (n > 0) {
      b.clear().limit((int) Math.min(b.capacity(), n));
      int r = client.read(b);
      if (r < 0) {
        throw new IOException("end of stream with " + n + " bytes to skip");
      }
      n -= r;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      client.close();
    } finally {
      server.close();
    }
  }
}
