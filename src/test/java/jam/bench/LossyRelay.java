package jam.bench;

import jam.testing.TestFrames;
import jam.testing.TestWebSocketServer;
import jam.websocket.WebSocketProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A broken relay for tests: it sends {@code collect} on every join and forwards the bench's
 * barrier, but drops every other message. A thread per connection (a handful in a test). Thread
 * safe.
 */
final class LossyRelay implements AutoCloseable {
  private final TestWebSocketServer server;
  private final List<TestWebSocketServer.Connection> peers = new CopyOnWriteArrayList<>();

  LossyRelay() throws IOException {
    server = new TestWebSocketServer();
    Thread acceptor = new Thread(this::acceptLoop, "lossy-relay");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return server.url();
  }

  private void acceptLoop() {
    try {
      while (true) {
        TestWebSocketServer.Connection c = server.accept();
        Thread t = new Thread(() -> serve(c), "lossy-relay-peer");
        t.setDaemon(true);
        t.start();
      }
    } catch (IOException e) {
      // closed
    }
  }

  private void serve(TestWebSocketServer.Connection c) {
    try (c) {
      c.readRequest();
      synchronized (c) {
        // in the set before the client can see the handshake done, or the bench's barrier, sent at
        // once,
        // may miss it; a broadcast that finds it here waits for the lock, and so comes after the
        // 101
        peers.add(c);
        c.upgrade();
      }
      broadcast("collect".getBytes(StandardCharsets.US_ASCII));
      while (true) {
        TestFrames.Frame f = c.readFrame();
        if (f.opcode() == WebSocketProtocol.OPCODE_CONTROL_CLOSE) {
          return;
        }
        byte[] payload = f.payload();
        if (payload.length > 3 && payload[0] == '[' && payload[2] == 'B') {
          broadcast(payload);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the peer left
    } finally {
      peers.remove(c);
    }
  }

  private void broadcast(byte[] payload) {
    byte[] frame =
        TestFrames.unmasked(WebSocketProtocol.B0_FLAG_FIN | WebSocketProtocol.OPCODE_TEXT, payload);
    for (TestWebSocketServer.Connection c : peers) {
      try {
        synchronized (c) {
          c.write(frame);
        }
      } catch (IOException e) {
        // that peer is gone
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
