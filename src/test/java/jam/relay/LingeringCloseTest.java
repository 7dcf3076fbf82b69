package jam.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A socket the relay closes, on a real connection over loopback. */
class LingeringCloseTest {
  @Test
  void thePeerReadsWhatWasWrittenThenTheEndAndMayStillWriteUntilTheSocketCloses() throws Exception {
    ScheduledThreadPoolExecutor closer = new ScheduledThreadPoolExecutor(1);
    try (LoopbackPair pair = LoopbackPair.open()) {
      pair.server.write(ByteBuffer.wrap(new byte[] {(byte) 0x88, 0}));
      new LingeringClose(closer).close(pair.server, 200);

      assertArrayEquals(new byte[] {(byte) 0x88, 0}, pair.clientReads(2), "the close frame");
      assertEquals(-1, pair.client.read(ByteBuffer.allocate(1)), "then end of stream");
      assertTrue(pair.server.isOpen(), "shut for writing only");
      pair.client.write(ByteBuffer.wrap(new byte[100])); // a peer still sending is not reset

      closer.shutdown(); // runs the close when it is due
      assertTrue(closer.awaitTermination(10, TimeUnit.SECONDS));
      assertFalse(pair.server.isOpen());
    }
  }

  @Test
  void withItsCloserStoppedASocketClosesAtOnce() throws Exception {
    ScheduledThreadPoolExecutor closer = new ScheduledThreadPoolExecutor(1);
    closer.shutdown();
    try (LoopbackPair pair = LoopbackPair.open()) {
      new LingeringClose(closer).close(pair.server, 60_000);
      assertFalse(pair.server.isOpen());
      assertEquals(-1, pair.client.read(ByteBuffer.allocate(1)));
    }
  }
}
