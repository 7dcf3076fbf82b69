package jam.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.SocketChannelIOHelper;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;

/**
 * A connection whose reads are decoded inside its decoder's {@link FanOutBatch}. The selector thread
 * counts the reads it hands each decoder ({@link RelayServer#queue}); after decoding one, the decoder
 * keeps the batch open while that count says more are waiting. The count is raised before the read
 * is queued, so a decoder never ends a batch early; it may see a read as waiting a moment before it
 * is queued, and then takes it next. When the selector decodes a read itself ({@link #decodeHere}),
 * it reads the socket again for what arrived meanwhile, and the batch spans those reads instead.
 */
final class BatchingConnection extends WebSocketImpl {
  private final FanOutBatch batch;
  /** Reads queued for this connection's decoder and not yet decoded; set before the first read. */
  private volatile AtomicInteger decoderBacklog;

  BatchingConnection(WebSocketAdapter listener, List<Draft> drafts, FanOutBatch batch) {
    super(listener, drafts);
    this.batch = batch;
  }

  BatchingConnection(WebSocketAdapter listener, Draft draft, FanOutBatch batch) {
    super(listener, draft);
    this.batch = batch;
  }

  AtomicInteger decoderBacklog() {
    return decoderBacklog;
  }

  void decoderBacklog(AtomicInteger backlog) {
    this.decoderBacklog = backlog;
  }

  /**
   * On the selector thread, with this connection's decoder idle: decodes {@code read}, then reads the
   * socket again for what arrived meanwhile, all in one batch of at most {@link FanOutBatch#MAX_READS}.
   */
  void decodeHere(ByteBuffer read) throws IOException {
    batch.beginRead();
    try {
      for (int reads = 1; ; reads++) {
        super.decode(read);
        if (reads >= FanOutBatch.MAX_READS || !isOpen() || !SocketChannelIOHelper.read(read, this, getChannel())) {
          break;
        }
        batch.beginRead();
      }
    } finally {
      decoderBacklog.decrementAndGet();
      batch.endRead(false);
    }
  }

  @Override
  public void decode(ByteBuffer socketBuffer) {
    batch.beginRead();
    try {
      super.decode(socketBuffer);
    } finally {
      AtomicInteger backlog = decoderBacklog;
      batch.endRead(backlog != null && backlog.decrementAndGet() > 0);
    }
  }
}
