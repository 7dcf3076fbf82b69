package jam.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Where reads are decoded, with the selector's selected keys on real sockets over loopback. */
class DecoderSchedulerTest {
  @Test
  void connectionsAreGivenTheDecodersInTurn() {
    DecoderScheduler s = new DecoderScheduler(3, true);
    assertEquals(
        List.of(0, 1, 2, 0, 1),
        List.of(s.assign(), s.assign(), s.assign(), s.assign(), s.assign()));
  }

  @Test
  void aLoneReadWithItsDecoderIdleIsDecodedOnTheSelectorAndTheNextWhileItWaitsIsNot()
      throws Exception {
    try (LoopbackPair a = LoopbackPair.open();
        Selector selector = Selector.open()) {
      SelectionKey key = a.server.register(selector, SelectionKey.OP_READ);
      a.client.write(ByteBuffer.wrap(new byte[] {1}));
      assertEquals(1, selector.select(5_000));
      DecoderScheduler s = new DecoderScheduler(2, true);
      AtomicInteger backlog = s.backlog(s.assign());
      assertTrue(s.decodeOnSelector(backlog, true, key));
      assertEquals(1, backlog.get(), "counted: the selector counts it down when done");
      assertFalse(
          s.decodeOnSelector(backlog, true, key),
          "its decoder has one queued: this one goes behind it");
      assertEquals(2, backlog.get());
    }
  }

  @Test
  void aReadGoesToItsDecoderOnTlsWhenSwitchedOffOrWhenOtherPeersHaveDataWaiting() throws Exception {
    try (LoopbackPair a = LoopbackPair.open();
        LoopbackPair b = LoopbackPair.open();
        Selector selector = Selector.open()) {
      SelectionKey ka = a.server.register(selector, SelectionKey.OP_READ);
      SelectionKey kb = b.server.register(selector, SelectionKey.OP_READ);
      a.client.write(ByteBuffer.wrap(new byte[] {1}));
      assertEquals(1, selector.select(5_000));
      assertFalse(
          new DecoderScheduler(1, true).decodeOnSelector(new AtomicInteger(), false, ka), "TLS");
      assertFalse(
          new DecoderScheduler(1, false).decodeOnSelector(new AtomicInteger(), true, ka),
          "switched off");
      assertFalse(DecoderScheduler.othersReadable(ka));

      b.client.write(ByteBuffer.wrap(new byte[] {2}));
      for (int i = 0; i < 10 && selector.selectedKeys().size() < 2; i++) {
        selector.select(5_000);
      }
      assertTrue(DecoderScheduler.othersReadable(ka));
      assertFalse(
          new DecoderScheduler(1, true).decodeOnSelector(new AtomicInteger(), true, ka),
          "b has data too");
      selector.selectedKeys().remove(kb); // the library read b
      assertTrue(new DecoderScheduler(1, true).decodeOnSelector(new AtomicInteger(), true, ka));
    }
  }
}
