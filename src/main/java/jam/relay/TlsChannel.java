package jam.relay;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import org.java_websocket.SSLSocketChannel2;

/**
 * A peer's TLS connection: Java-WebSocket's {@link SSLSocketChannel2}, with write interest that
 * follows what the engine really has to send. The handshake runs on the selector thread (the
 * engine's tasks inline, there); after it, its {@link PeerChannel} calls it under its own lock,
 * from the selector thread and the decoder threads.
 *
 * <p>The library's channel says it needs to write for as long as its handshake is unfinished, so a
 * client that stalls mid-handshake keeps the key writable and the selector spinning (its issue
 * 896). Here it needs to write only when encrypted bytes wait, or when the engine has records to
 * make ({@code NEED_WRAP}); while the engine waits for the client's next record, it does not. The
 * other half of that contract: a read that moves the handshake on makes one record per call, and
 * when the engine has more to make (a TLS 1.3 server's flight after a ClientHello), the read asks
 * the key for the writable event itself; the selector's write then makes and sends the rest.
 * Without it, a handshake whose key had lost write interest while it waited stopped there, and the
 * client timed out.
 *
 * <p>After the handshake it is the {@link Outbox.Sink} of a peer's relayed frames: queued frames
 * are encrypted together, into as few records as they fit.
 */
final class TlsChannel extends SSLSocketChannel2 implements Outbox.Sink {
  /**
   * Never given a task (see {@link #consumeDelegatedTasks}); the library's constructor wants one.
   */
  private static final ExecutorService NO_TASKS = Executors.newSingleThreadExecutor();

  private TlsChannel(SocketChannel socket, SSLEngine engine, SelectionKey key) throws IOException {
    super(socket, engine, NO_TASKS, key);
  }

  /** A server-side TLS channel for an accepted {@code socket}, registered as {@code key}. */
  static TlsChannel accept(SSLContext context, SocketChannel socket, SelectionKey key)
      throws IOException {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    return new TlsChannel(socket, engine, key);
  }

  /**
   * Runs the engine's tasks here: with an executor, nothing would wake the selector when a task
   * finished, and the library's answer to that is to keep it spinning.
   */
  @Override
  protected void consumeDelegatedTasks() {
    Runnable task;
    while ((task = sslEngine.getDelegatedTask()) != null) {
      task.run();
    }
  }

  @Override
  public boolean isNeedWrite() {
    return outCrypt.hasRemaining() || (handshaking() && hasRecordsToMake());
  }

  private boolean hasRecordsToMake() {
    HandshakeStatus s = sslEngine.getHandshakeStatus();
    return s == HandshakeStatus.NEED_WRAP || s == HandshakeStatus.NEED_TASK;
  }

  /** End of stream once the peer has sent close_notify; nothing can follow it. */
  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (sslEngine.isInboundDone()) {
      return -1;
    }
    int n = super.read(dst);
    if (isNeedWrite() && selectionKey != null && selectionKey.isValid()) {
      selectionKey.interestOps(selectionKey.interestOps() | SelectionKey.OP_WRITE);
    }
    return n;
  }

  /**
   * After the handshake: encrypts {@code srcs} record by record and writes each, for as long as the
   * socket takes them. Returns the bytes of {@code srcs} taken: fewer than offered only when the
   * socket is full, and then encrypted bytes wait for {@link #writeMore} ({@link #pending}).
   */
  @Override
  public synchronized long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long taken = 0;
    while (true) {
      outCrypt.compact();
      SSLEngineResult result;
      try {
        result = sslEngine.wrap(srcs, offset, length, outCrypt);
      } finally {
        outCrypt.flip();
      }
      socketChannel.write(outCrypt);
      if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
        throw new EOFException("connection is closed");
      }
      taken += result.bytesConsumed();
      if (outCrypt.hasRemaining()
          || result.bytesConsumed() == 0
          || !hasRemaining(srcs, offset, length)) {
        return taken;
      }
    }
  }

  private static boolean hasRemaining(ByteBuffer[] srcs, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (srcs[i].hasRemaining()) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when encrypted bytes of frames already taken wait for the socket (or the handshake's
   * records).
   */
  @Override
  public boolean pending() {
    return isNeedWrite();
  }

  /**
   * Sends what a partial write left; during the handshake, makes and sends the engine's next
   * records.
   */
  @Override
  public synchronized void writeMore() throws IOException {
    if (handshaking()) {
      super.writeMore();
    } else if (outCrypt.hasRemaining()) {
      socketChannel.write(outCrypt);
    }
  }

  /**
   * True while the handshake runs: not after it, and not once either side has closed (the engine
   * then wants to make its close_notify, which the library's close sends; its handshake code, asked
   * to make it, fails an assertion and ends the selector thread where assertions are on).
   */
  private boolean handshaking() {
    HandshakeStatus s = sslEngine.getHandshakeStatus();
    return s != HandshakeStatus.NOT_HANDSHAKING
        && s != HandshakeStatus.FINISHED
        && !sslEngine.isInboundDone()
        && !sslEngine.isOutboundDone();
  }
}
