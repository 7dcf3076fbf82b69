package jam.relay;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.handshake.Handshakedata;

/**
 * A Java-WebSocket listener that ignores everything: for connections made in tests, not on a
 * socket.
 */
class QuietListener extends WebSocketAdapter {
  @Override
  public void onWebsocketMessage(WebSocket conn, String message) {}

  @Override
  public void onWebsocketMessage(WebSocket conn, ByteBuffer blob) {}

  @Override
  public void onWebsocketOpen(WebSocket conn, Handshakedata d) {}

  @Override
  public void onWebsocketClose(WebSocket ws, int code, String reason, boolean remote) {}

  @Override
  public void onWebsocketClosing(WebSocket ws, int code, String reason, boolean remote) {}

  @Override
  public void onWebsocketCloseInitiated(WebSocket ws, int code, String reason) {}

  @Override
  public void onWebsocketError(WebSocket conn, Exception ex) {
    throw new AssertionError(ex);
  }

  @Override
  public void onWriteDemand(WebSocket conn) {}

  @Override
  public InetSocketAddress getLocalSocketAddress(WebSocket conn) {
    return null;
  }

  @Override
  public InetSocketAddress getRemoteSocketAddress(WebSocket conn) {
    return null;
  }
}
