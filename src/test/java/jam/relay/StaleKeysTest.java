package jam.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.java_websocket.WebSocketImpl;
import org.junit.jupiter.api.Test;

/** The selector's selected set, swept as the relay sweeps it, on real sockets over loopback. */
class StaleKeysTest {
  @Test
  void keysWithNothingToWriteLeaveTheSelectedSetAndAreReportedAgainWhenReady() throws Exception {
    List<SocketChannel> clients = new ArrayList<>();
    List<SelectionKey> keys = new ArrayList<>();
    try (Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      for (int i = 0; i < 3; i++) {
        clients.add(SocketChannel.open(server.getLocalAddress()));
        SocketChannel accepted = server.accept();
        accepted.configureBlocking(false);
        keys.add(accepted.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE));
      }
      assertEquals(3, selector.select(5_000), "all three writable");
      // as Java-WebSocket leaves them once written: read interest only, still in the selected set
      keys.forEach(k -> k.interestOps(SelectionKey.OP_READ));
      assertEquals(0, selector.selectNow());
      assertEquals(
          Set.copyOf(keys),
          selector.selectedKeys(),
          "stale: nothing happened, yet all still selected");

      // the third has a frame waiting: the library set it back to read-only just as it was queued
      WebSocketImpl waiting = new WebSocketImpl(new QuietListener(), List.of());
      waiting.outQueue.add(ByteBuffer.allocate(1));
      keys.get(2).attach(waiting);

      StaleKeys stale = new StaleKeys();
      assertTrue(stale.due(keys.get(0)));
      assertFalse(stale.due(keys.get(1)), "one sweep per wake-up");
      stale.sweep(keys.get(0));
      assertEquals(
          Set.of(keys.get(2)), selector.selectedKeys(), "the one with something to write stays");
      // the library's extra read asks again right after the sweep: yes would loop there forever
      assertFalse(stale.due(keys.get(0)), "no second sweep from the same extra read");
      waiting.outQueue.clear();
      assertTrue(stale.due(keys.get(0)), "the next wake-up's read sweeps again");
      stale.sweep(keys.get(0));
      assertFalse(stale.due(keys.get(0)));
      assertTrue(selector.selectedKeys().isEmpty());
      assertFalse(stale.due(keys.get(2)), "nothing left to sweep");
      stale.sweep(keys.get(2));

      clients.get(1).write(ByteBuffer.wrap(new byte[] {1}));
      assertEquals(1, selector.select(5_000));
      assertEquals(
          Set.of(keys.get(1)),
          selector.selectedKeys(),
          "a key ready for what it asks is reported again");
    } finally {
      for (SocketChannel c : clients) {
        c.close();
      }
    }
  }
}
