package jam.relay;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.Framedata;

/**
 * RFC 6455 as Java-WebSocket implements it, plus one hook: the frames decoded from one read of a
 * peer's socket are processed as a batch, and what the fan-out queues for other peers during the
 * batch goes out when it ends, several frames per write. A sender at full speed delivers many
 * messages per read, and every receiver then gets them in one system call instead of one each; a
 * lone message (a bang) is written as soon as it is processed. One instance per connection, used by
 * the decoder thread that serves it.
 */
final class BatchingDraft extends Draft_6455 {
  private final FanOutBatch batch;
  private int framesLeft;

  BatchingDraft(int maxFrameSize, FanOutBatch batch) {
    super(Collections.emptyList(), maxFrameSize);
    this.batch = batch;
  }

  FanOutBatch batch() {
    return batch;
  }

  @Override
  public Draft copyInstance() {
    return new BatchingDraft(getMaxFrameSize(), batch);
  }

  @Override
  public List<Framedata> translateFrame(ByteBuffer buffer) throws InvalidDataException {
    List<Framedata> frames = super.translateFrame(buffer);
    framesLeft = frames.size();
    if (framesLeft > 1) {
      batch.begin();
    }
    return frames;
  }

  @Override
  public void processFrame(WebSocketImpl webSocketImpl, Framedata frame) throws InvalidDataException {
    try {
      super.processFrame(webSocketImpl, frame);
    } finally {
      if (--framesLeft <= 0) {
        batch.end();
      }
    }
  }
}
