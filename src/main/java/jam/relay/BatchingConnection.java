package jam.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.SocketChannelIOHelper;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;

/**
 * A connection whose reads are decoded inside its decoder's {@link FanOutBatch}. The selector
 * thread counts the reads it hands each decoder ({@link RelayServer#queue}); after decoding one,
 * the decoder keeps the batch open while that count says more are waiting. The count is raised
 * before the read is queued, so a decoder never ends a batch early; it may see a read as waiting a
 * moment before it is queued, and then takes it next. When the selector decodes a read itself
 * ({@link #decodeHere}), it reads the socket again for what arrived meanwhile, and the batch spans
 * those reads instead.
 *
 * <p>Whether a read follows ({@link FanOutBatch.NextRead}), asked when a read's last message is
 * relayed: on a decoder, whether another read is queued; on the selector, whether the socket has
 * more, read then into a spare buffer rather than after the fan-out (the same one read either way).
 */
final class BatchingConnection extends WebSocketImpl {
  private static final int AHEAD_NOT_READ = -2;

  private final FanOutBatch<?> batch;

  /** Reads queued for this connection's decoder and not yet decoded; set before the first read. */
  private volatile AtomicInteger decoderBacklog;

  private final FanOutBatch.NextRead noneQueued = () -> decoderBacklog.get() <= 1;
  private final FanOutBatch.NextRead noneReadable = this::readAhead;

  /** On the selector, in {@link #decodeHere}: where a read ahead goes, and what it returned. */
  private ByteBuffer ahead;

  private int aheadRead = AHEAD_NOT_READ;
  private IOException aheadFailure;

  BatchingConnection(WebSocketAdapter listener, List<Draft> drafts, FanOutBatch<?> batch) {
    super(listener, drafts);
    this.batch = batch;
  }

  BatchingConnection(WebSocketAdapter listener, Draft draft, FanOutBatch<?> batch) {
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
   * On the selector thread, with this connection's decoder idle: decodes {@code read}, then reads
   * the socket again for what arrived meanwhile, all in one batch of at most {@link
   * FanOutBatch#MAX_READS}.
   */
  void decodeHere(ByteBuffer read, ByteBuffer spare) throws IOException {
    ahead = spare;
    batch.beginRead(noneReadable);
    try {
      for (int reads = 1; ; reads++) {
        aheadRead = AHEAD_NOT_READ;
        super.decode(read);
        if (aheadFailure != null) {
          throw aheadFailure;
        }
        if (reads >= FanOutBatch.MAX_READS || !isOpen()) {
          break;
        }
        if (aheadRead > 0) { // what was read ahead is the next read
          read.clear();
          read.put(spare.flip()).flip();
        } else if (aheadRead == -1) {
          eot();
          break;
        } else if (aheadRead == 0 || !SocketChannelIOHelper.read(read, this, getChannel())) {
          break; // nothing more; what came during the fan-out, the selector sees next
        }
        batch.beginRead(noneReadable);
      }
    } finally {
      ahead = null;
      aheadRead = AHEAD_NOT_READ;
      aheadFailure = null;
      decoderBacklog.decrementAndGet();
      batch.endRead(false);
    }
  }

  /**
   * On the selector, at a read's last message: reads the socket into the spare buffer; true if
   * nothing came.
   */
  private boolean readAhead() {
    if (aheadRead == AHEAD_NOT_READ) {
      try {
        ahead.clear();
        aheadRead = getChannel().read(ahead);
      } catch (IOException e) {
        aheadFailure = e;
        aheadRead = -1;
      }
    }
    return aheadRead <= 0;
  }

  @Override
  public void decode(ByteBuffer socketBuffer) {
    batch.beginRead(noneQueued);
    try {
      super.decode(socketBuffer);
    } finally {
      AtomicInteger backlog = decoderBacklog;
      batch.endRead(backlog != null && backlog.decrementAndGet() > 0);
    }
  }
}
