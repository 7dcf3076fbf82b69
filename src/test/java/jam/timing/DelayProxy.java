package jam.timing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on loopback that delays each direction on its own: every chunk read is written {@code
 * mean ± jitter} ms later (uniform, at least 0), independently in each direction, and never before
 * the chunk ahead of it (TCP keeps order). For the timing harness: it stands for one peer's
 * network. Thread safe; threads are daemons; {@link #close} stops accepting and ends every
 * connection.
 */
final class DelayProxy implements AutoCloseable {
  /** One peer's network: mean one-way delays and the jitter on each, in ms. */
  record Delay(double upMs, double downMs, double jitterMs) {}

  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final Delay delay;
  private final SplittableRandom seeds;
  private volatile boolean closed;

  private DelayProxy(ServerSocket server, InetSocketAddress upstream, Delay delay, long seed) {
    this.server = server;
    this.upstream = upstream;
    this.delay = delay;
    this.seeds = new SplittableRandom(seed);
  }

  /** Listens on 127.0.0.1, a free port, forwarding to {@code upstream} with {@code delay}. */
  static DelayProxy start(InetSocketAddress upstream, Delay delay, long seed) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    DelayProxy proxy = new DelayProxy(server, upstream, delay, seed);
    Thread acceptor = new Thread(proxy::accept, "proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    return proxy;
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket relay = new Socket();
        relay.connect(upstream, 5_000);
        client.setTcpNoDelay(true);
        relay.setTcpNoDelay(true);
        SplittableRandom r;
        synchronized (seeds) {
          r = seeds.split();
        }
        pipe(client, relay, delay.upMs(), r.split());
        pipe(relay, client, delay.downMs(), r.split());
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private record Chunk(byte[] bytes, long releaseNanos) {}

  private void pipe(Socket from, Socket to, double meanMs, SplittableRandom random) {
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              long last = 0;
              byte[] buffer = new byte[64 << 10];
              try (InputStream in = from.getInputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                  double ms =
                      Math.max(0, meanMs + (random.nextDouble() * 2 - 1) * delay.jitterMs());
                  long release = Math.max(last, System.nanoTime() + (long) (ms * 1e6));
                  last = release;
                  byte[] copy = new byte[n];
                  System.arraycopy(buffer, 0, copy, 0, n);
                  queue.add(new Chunk(copy, release));
                }
              } catch (IOException e) {
                // the connection ended
              }
              queue.add(new Chunk(null, last));
            },
            "proxy-read");
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream out = to.getOutputStream()) {
                while (true) {
                  Chunk c = queue.take();
                  for (long left; (left = c.releaseNanos() - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(left);
                  }
                  if (c.bytes() == null) {
                    to.shutdownOutput();
                    return;
                  }
                  out.write(c.bytes());
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // the connection ended
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "proxy-write");
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closed
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closed
    }
  }
}
