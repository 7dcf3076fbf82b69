package jam.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A decoder thread's batch, on a clock the test sets. */
class FanOutBatchTest {
  private static final long IDLE = FanOutBatch.IDLE_NANOS;

  /** A receiver the fan-out queued frames for in the batch. */
  private static final class Receiver implements FanOutBatch.Member {
    final String name;
    boolean marked = true;

    Receiver(String name) {
      this.name = name;
    }

    @Override
    public boolean unmarkBatched() {
      boolean was = marked;
      marked = false;
      return was;
    }
  }

  private final AtomicLong clock = new AtomicLong(100 * IDLE);
  private final FanOutBatch<Receiver> batch = new FanOutBatch<>(clock::get);
  private final List<String> flushed = new ArrayList<>();

  FanOutBatchTest() {
    batch.flushWith(r -> flushed.add(r.name));
  }

  @Test
  void aLoneMessageAfterIdleEndsItsBatchAndIsWrittenAtOnce() {
    batch.beginRead(() -> true);
    assertTrue(batch.isOpen());
    assertFalse(batch.endsWith(false), "not the last message of its read");
    assertTrue(batch.endsWith(true), "the read's last, nothing queued, no read to follow");
    batch.endRead(false);
    assertFalse(batch.isOpen());
  }

  @Test
  void aBatchThatBeginsSoonAfterTheLastOneIsNotIdleAndQueuesItsMessages() {
    batch.beginRead(() -> true);
    batch.endRead(false);
    clock.addAndGet(IDLE - 1);
    batch.beginRead(() -> true);
    assertFalse(
        batch.endsWith(true), "busy: the pass that only queues lets the next messages join");
    batch.endRead(false);
    clock.addAndGet(IDLE);
    batch.beginRead(() -> true);
    assertTrue(batch.endsWith(true));
  }

  @Test
  void aMessageWithAReadToFollowOrWithFramesQueuedDoesNotEndTheBatch() {
    batch.beginRead(() -> false);
    assertFalse(batch.endsWith(true), "another read waits");
    batch.endRead(true);
    batch.beginRead(() -> true);
    batch.add(new Receiver("a"));
    assertFalse(batch.endsWith(true), "frames are queued in this batch already");
  }

  @Test
  void aBatchSpansTheReadsThatWaitAndFlushesEachReceiverOnceAtItsEnd() {
    Receiver a = new Receiver("a");
    Receiver b = new Receiver("b");
    batch.beginRead(() -> false);
    batch.add(a);
    batch.endRead(true);
    assertTrue(batch.isOpen(), "a read waits: the batch goes on");
    batch.beginRead(() -> true);
    batch.add(b);
    batch.add(a); // queued again, as the fan-out never does twice; flushed once anyway
    batch.endRead(false);
    assertFalse(batch.isOpen());
    assertEquals(List.of("a", "b"), flushed);
  }

  @Test
  void aReceiverUnmarkedMeanwhileIsNotTheBatchsToFlush() {
    Receiver a = new Receiver("a");
    batch.beginRead(() -> true);
    batch.add(a);
    a.marked = false; // a message outside any batch carried its frames out
    batch.endRead(false);
    assertEquals(List.of(), flushed);
  }

  @Test
  void aBusyDecoderEndsItsBatchAfterMaxReads() {
    for (int i = 1; i < FanOutBatch.MAX_READS; i++) {
      batch.beginRead(() -> false);
      batch.endRead(true);
      assertTrue(batch.isOpen(), "read " + i);
    }
    batch.beginRead(() -> false);
    batch.endRead(true);
    assertFalse(batch.isOpen(), "at " + FanOutBatch.MAX_READS + " reads, more waiting or not");
  }

  @Test
  void eachThreadHasItsOwnBatch() throws Exception {
    batch.beginRead(() -> false);
    assertTrue(batch.isOpen());
    assertFalse(CompletableFuture.supplyAsync(batch::isOpen).get());
  }
}
