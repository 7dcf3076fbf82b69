package jam.relay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.junit.jupiter.api.Test;

/** When a peer's key is given its interest back, on a real key over loopback. */
class WriteInterestRepairTest {
  @Test
  void aKeyWithFramesWaitingAndNoWriteInterestIsWoken() throws Exception {
    try (LoopbackPair pair = LoopbackPair.open();
        Selector selector = Selector.open()) {
      SelectionKey key = pair.server.register(selector, SelectionKey.OP_READ);
      assertTrue(
          WriteInterestRepair.needsWake(false, true, key),
          "set back to read-only as a frame was queued");
      assertFalse(WriteInterestRepair.needsWake(false, false, key), "nothing waits");
      key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      assertFalse(WriteInterestRepair.needsWake(false, true, key), "the selector will write it");
      key.interestOps(0);
      assertTrue(
          WriteInterestRepair.needsWake(true, false, key),
          "a held end of stream is due: read it again");
      key.cancel();
      assertFalse(
          WriteInterestRepair.needsWake(false, true, key), "cancelled: its close clears the queue");
      assertFalse(WriteInterestRepair.needsWake(false, true, null), "not registered yet");
    }
  }
}
