package jam.bench.ws;

import java.nio.ByteBuffer;

/** What one connection tells its owner. Every call is on the reactor thread and must not block. */
public interface WsHandler {
  /** The handshake succeeded: the connection can send. */
  default void onOpen(WsConnection connection) {}

  /**
   * A whole message (text or binary, fragments joined) arrived. Its first {@code present} payload
   * bytes, {@code present = min(length, peek)}, are at {@code buf[offset, offset + present)}; the
   * rest was skipped unread. Read {@code buf} with absolute gets only, and only during the call: it
   * is the reactor's read buffer or the connection's own, both reused.
   */
  void onMessage(WsConnection connection, ByteBuffer buf, int offset, int present, long length);

  /**
   * The connection failed or the relay closed it; {@code reason} is one lower-case phrase such as
   * "connection refused". It may quote what the relay sent (a status line, a close reason) as it
   * came: escape it before showing it. Called at most once, and never for {@link
   * WsConnection#close()}.
   */
  void onClose(WsConnection connection, String reason);
}
