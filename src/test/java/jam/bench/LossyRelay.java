package jam.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A broken relay for tests: it sends {@code collect} on every join and forwards the bench's barrier, but
 * drops every other message. A thread per connection (a handful in a test). Thread safe.
 */
final class LossyRelay implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  LossyRelay() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "lossy-relay");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "ws://127.0.0.1:" + server.getLocalPort() + "/socket";
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "lossy-relay-peer");
        t.setDaemon(true);
        t.start();
      }
    } catch (IOException e) {
      // closed
    }
  }

  private void serve(Socket s) {
    try (s) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      String head = readHead(in);
      Matcher m = Pattern.compile("Sec-WebSocket-Key: (\\S+)").matcher(head);
      if (!m.find()) {
        return;
      }
      String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
          .digest((m.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
      OutputStream out = s.getOutputStream();
      synchronized (s) {
        // in the set before the client can see the handshake done, or the bench's barrier, sent at once,
        // may miss it; a broadcast that finds it here waits for the lock, and so comes after the 101
        sockets.add(s);
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      }
      broadcast("collect".getBytes(StandardCharsets.US_ASCII));
      while (true) {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
          len = in.readUnsignedShort();
        } else if (len == 127) {
          len = in.readLong();
        }
        byte[] mask = new byte[4];
        if ((b1 & 0x80) != 0) {
          in.readFully(mask);
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i & 3];
        }
        if ((b0 & 0x0f) == 8) {
          return;
        }
        if (payload.length > 3 && payload[0] == '[' && payload[2] == 'B') {
          broadcast(payload);
        }
      }
    } catch (Exception e) {
      // the peer left
    } finally {
      sockets.remove(s);
    }
  }

  private void broadcast(byte[] payload) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(0x81);
    if (payload.length < 126) {
      f.write(payload.length);
    } else {
      f.write(126);
      f.write(payload.length >> 8);
      f.write(payload.length & 0xff);
    }
    f.writeBytes(payload);
    byte[] frame = f.toByteArray();
    for (Socket s : sockets) {
      try {
        OutputStream out = s.getOutputStream();
        synchronized (s) {
          out.write(frame);
          out.flush();
        }
      } catch (IOException e) {
        // that peer is gone
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("eof in request");
      }
      head.write(c);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
