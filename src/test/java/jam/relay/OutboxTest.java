package jam.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** A peer's bounded queue, writing to a real socket over loopback. */
class OutboxTest {
  private static final long MAX = 1 << 20;

  @Test
  void aFrameOfferedToAnIdleSocketIsWrittenAtOnceAndTheSharedFrameIsLeftAsItWas() throws Exception {
    try (LoopbackPair pair = LoopbackPair.open()) {
      Outbox outbox = new Outbox(Outbox.Sink.of(pair.server));
      ByteBuffer frame = Frames.text("hello");
      assertEquals(Outbox.Offer.SENT, outbox.offer(frame, MAX, false, true));
      assertArrayEquals(bytes(Frames.text("hello")), pair.clientReads(frame.remaining()));
      assertEquals(0, frame.position(), "every peer writes its own duplicate");
      assertTrue(outbox.isEmpty());
      assertFalse(outbox.waitsForSelector());
    }
  }

  @Test
  void whileTheLibraryHasTheSocketFramesQueueAndGoOutInOrderOnFlush() throws Exception {
    try (LoopbackPair pair = LoopbackPair.open()) {
      Outbox outbox = new Outbox(Outbox.Sink.of(pair.server));
      assertEquals(Outbox.Offer.QUEUED, outbox.offer(Frames.text("a"), MAX, false, false));
      assertEquals(Outbox.Offer.QUEUED, outbox.offer(Frames.text("b"), MAX, false, false));
      assertTrue(outbox.waitsForSelector(), "queued outside a batch: the selector writes it");
      assertTrue(outbox.flush(false), "not while the socket is not free");
      assertFalse(outbox.flush(true), "all written");
      assertArrayEquals(concat(Frames.text("a"), Frames.text("b")), pair.clientReads(6));
      assertFalse(outbox.waitsForSelector());
    }
  }

  @Test
  void aFullSocketQueuesTheRestUntilTheBoundThenTheOutboxRefuses() throws Exception {
    try (LoopbackPair pair = LoopbackPair.open(8 << 10)) {
      Outbox outbox = new Outbox(Outbox.Sink.of(pair.server));
      long filled = pair.fill();
      ByteBuffer frame = Frames.text("x".repeat(1000));
      int size = frame.remaining();
      long max = 10L * size;
      assertEquals(
          Outbox.Offer.QUEUED, outbox.offer(frame, max, false, true), "the socket takes nothing");
      for (int i = 1; i < 10; i++) {
        assertEquals(Outbox.Offer.QUEUED, outbox.offer(frame, max, false, true));
      }
      assertEquals(max, outbox.queuedBytes());
      assertEquals(
          Outbox.Offer.FULL,
          outbox.offer(frame, max, false, true),
          "one more would pass the bound");
      assertEquals(max, outbox.queuedBytes(), "a refused frame is not queued");

      pair.clientSkips(filled);
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      for (int i = 0; i < 10; i++) {
        expected.writeBytes(bytes(frame));
      }
      assertArrayEquals(
          expected.toByteArray(),
          readWhileFlushing(pair, outbox, 10 * size),
          "the peer reads: all of it");
      assertEquals(0, outbox.queuedBytes());
    }
  }

  @Test
  void anEmptyOutboxTakesAFrameLargerThanItsBound() throws Exception {
    try (LoopbackPair pair = LoopbackPair.open(8 << 10)) {
      Outbox outbox = new Outbox(Outbox.Sink.of(pair.server));
      pair.fill();
      assertEquals(
          Outbox.Offer.QUEUED, outbox.offer(Frames.text("y".repeat(500)), 100, false, true));
      assertEquals(Outbox.Offer.FULL, outbox.offer(Frames.text("z"), 100, false, true));
    }
  }

  @Test
  void clearForgetsWhatWasQueued() throws Exception {
    try (LoopbackPair pair = LoopbackPair.open()) {
      Outbox outbox = new Outbox(Outbox.Sink.of(pair.server));
      outbox.offer(Frames.text("gone"), MAX, false, false);
      outbox.clear();
      assertTrue(outbox.isEmpty());
      assertEquals(0, outbox.queuedBytes());
      assertFalse(outbox.waitsForSelector());
      assertFalse(outbox.flush(true));
      assertEquals(Outbox.Offer.SENT, outbox.offer(Frames.text("next"), MAX, false, true));
      assertArrayEquals(bytes(Frames.text("next")), pair.clientReads(6));
    }
  }

  @Test
  void aBatchQueuesUntilTheFrameThatEndsItWhichCarriesItsFramesOut() throws Exception {
    try (LoopbackPair pair = LoopbackPair.open()) {
      Outbox outbox = new Outbox(Outbox.Sink.of(pair.server));
      assertEquals(Outbox.Offer.BATCHED_FIRST, outbox.offer(Frames.text("1"), MAX, true, true));
      assertEquals(Outbox.Offer.BATCHED, outbox.offer(Frames.text("2"), MAX, true, true));
      assertTrue(outbox.batched());
      assertFalse(
          outbox.waitsForSelector(), "a batch's frames are its end's to write, not the selector's");
      assertEquals(Outbox.Offer.SENT, outbox.offer(Frames.text("3"), MAX, false, true));
      assertFalse(outbox.batched());
      assertArrayEquals(
          concat(Frames.text("1"), Frames.text("2"), Frames.text("3")), pair.clientReads(9));
    }
  }

  @Test
  void theBatchThatMarkedAnOutboxIsTheOneThatFlushesIt() throws Exception {
    try (LoopbackPair pair = LoopbackPair.open()) {
      Outbox outbox = new Outbox(Outbox.Sink.of(pair.server));
      outbox.offer(Frames.text("1"), MAX, true, true);
      assertTrue(outbox.unmarkBatched());
      assertFalse(outbox.unmarkBatched(), "only once");
      assertTrue(outbox.waitsForSelector(), "unmarked and not yet flushed: the selector's now");
      assertFalse(outbox.flush(true));
      assertArrayEquals(bytes(Frames.text("1")), pair.clientReads(3));
    }
  }

  @Test
  void aBatchsOwnFramesDoNotCountAgainstAPeerThatReads() throws Exception {
    try (LoopbackPair pair = LoopbackPair.open()) {
      Outbox outbox = new Outbox(Outbox.Sink.of(pair.server));
      ByteBuffer frame = Frames.text("b".repeat(600));
      int size = frame.remaining();
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      for (int i = 0; i < 20; i++) { // 12 KB in one batch, through a bound of two frames
        Outbox.Offer offer = outbox.offer(frame, 2L * size, true, true);
        assertTrue(
            offer == Outbox.Offer.BATCHED_FIRST || offer == Outbox.Offer.BATCHED, offer.toString());
        expected.writeBytes(bytes(frame));
      }
      assertTrue(outbox.unmarkBatched());
      assertFalse(outbox.flush(true));
      assertArrayEquals(expected.toByteArray(), pair.clientReads(20 * size));
    }
  }

  @Test
  void framesLargerThanOneWriteGoOutWholeOverManyFlushes() throws Exception {
    try (LoopbackPair pair = LoopbackPair.open(8 << 10)) {
      Outbox outbox = new Outbox(Outbox.Sink.of(pair.server));
      ByteBuffer big = Frames.text("q".repeat(300_000));
      int size = big.remaining();
      Outbox.Offer first = outbox.offer(big, MAX, false, true);
      assertEquals(Outbox.Offer.QUEUED, first, "more than the socket holds");
      assertTrue(outbox.queuedBytes() < size, "what the socket took is not counted");
      assertArrayEquals(bytes(big), readWhileFlushing(pair, outbox, size));
      assertTrue(outbox.isEmpty());
    }
  }

  private static byte[] bytes(ByteBuffer frame) {
    ByteBuffer d = frame.duplicate();
    byte[] b = new byte[d.remaining()];
    d.get(b);
    return b;
  }

  private static byte[] concat(ByteBuffer... frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuffer f : frames) {
      out.writeBytes(bytes(f));
    }
    return out.toByteArray();
  }

  /**
   * As the selector would: flushes whenever the peer has read some, until it has read {@code n}
   * bytes.
   */
  private static byte[] readWhileFlushing(LoopbackPair pair, Outbox outbox, int n)
      throws Exception {
    ByteBuffer received = ByteBuffer.allocate(n);
    while (received.hasRemaining()) {
      outbox.flush(true);
      pair.client.read(received);
    }
    return received.array();
  }
}
