package jam.relay;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import org.java_websocket.server.WebSocketServer;

/**
 * Gives a read buffer back to Java-WebSocket's pool: the one place the relay reaches past the
 * library's API, by reflection into {@code WebSocketServer.pushBuffer}, a private method. The
 * library's selector takes a pooled buffer for each read and its decoder thread gives it back; when
 * the relay's selector decodes a read itself ({@link DecoderScheduler}), it must give it back as
 * the decoder would, or the pool runs dry and the selector blocks on its next read. Thread safe.
 */
final class ReadBufferPool {
  private static final MethodHandle PUSH_BUFFER;

  static {
    try {
      PUSH_BUFFER =
          MethodHandles.privateLookupIn(WebSocketServer.class, MethodHandles.lookup())
              .findVirtual(
                  WebSocketServer.class,
                  "pushBuffer",
                  MethodType.methodType(void.class, ByteBuffer.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private ReadBufferPool() {}

  /**
   * Puts {@code read} back in {@code server}'s pool. At shutdown the library interrupts the
   * selector thread, which may be here: the interrupt goes on to its loop, which ends quietly on
   * it, as it does when its decoder's path is interrupted.
   */
  static void giveBack(WebSocketServer server, ByteBuffer read) throws InterruptedException {
    try {
      PUSH_BUFFER.invoke(server, read);
    } catch (RuntimeException | Error | InterruptedException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
