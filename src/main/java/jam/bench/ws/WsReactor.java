package jam.bench.ws;

import jam.websocket.WebSocketUrl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Many client WebSocket connections on one thread: one selector, one shared read buffer, timers,
 * and output written once per loop. Everything that runs on it (handlers, tasks, timers) must not
 * block. Thread safe only in {@link #execute} and {@link #close}; every other method is for the
 * reactor thread.
 *
 * <p>Lifecycle: {@link #start} starts the thread; {@link #close} stops it and closes every
 * connection without a close handshake. A task, timer or handler that throws is passed to the error
 * consumer given at start, and the loop goes on.
 */
public final class WsReactor implements AutoCloseable {
  private static final int READ_BUFFER = 256 << 10;

  private final Selector selector;
  private final Thread thread;
  private final Consumer<Throwable> onError;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
  private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<Runnable> later = new ArrayDeque<>();
  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
  private final ArrayList<WsConnection> dirty = new ArrayList<>();
  private volatile boolean running = true;

  /** WebSocket bytes read on all connections after their handshakes. */
  long frameBytes;

  private WsReactor(String name, Consumer<Throwable> onError) throws IOException {
    this.selector = Selector.open();
    this.onError = onError;
    this.thread = new Thread(this::loop, name);
    this.thread.setDaemon(true);
  }

  /** Starts the reactor thread. */
  public static WsReactor start(String name, Consumer<Throwable> onError) throws IOException {
    WsReactor reactor = new WsReactor(name, onError);
    reactor.thread.start();
    return reactor;
  }

  /** Runs {@code task} on the reactor thread soon. Any thread. */
  public void execute(Runnable task) {
    inbox.add(task);
    selector.wakeup();
  }

  /**
   * Starts connecting to {@code url} at {@code address} (resolved once by the caller). Failures,
   * even immediate ones, arrive later through {@link WsHandler#onClose}; an IOException here means
   * no socket could be made at all (e.g. too many open files). Plain ws:// only: a wss:// URL is an
   * IllegalArgumentException.
   *
   * @param peek payload bytes of each message the handler gets; the rest is skipped
   * @param tag a number for the owner, e.g. the peer's index
   */
  public WsConnection connect(
      InetSocketAddress address, WebSocketUrl url, WsHandler handler, int peek, int tag)
      throws IOException {
    if (peek < 0) {
      throw new IllegalArgumentException("peek must not be negative");
    }
    if (url.secure()) {
      throw new IllegalArgumentException("this client speaks plain ws:// only, not wss:// (TLS)");
    }
    return new WsConnection(this, address, url, handler, peek, tag);
  }

  /** Runs {@code task} once after {@code delayNanos}. */
  public Timer after(long delayNanos, Runnable task) {
    return schedule(new Timer(System.nanoTime() + delayNanos, 0, task));
  }

  /** Runs {@code task} every {@code periodNanos}, the first time one period from now. */
  public Timer every(long periodNanos, Runnable task) {
    if (periodNanos <= 0) {
      throw new IllegalArgumentException("period must be positive");
    }
    return schedule(new Timer(System.nanoTime() + periodNanos, periodNanos, task));
  }

  /** WebSocket bytes (frame headers and payloads) read by all connections so far. */
  public long frameBytesRead() {
    return frameBytes;
  }

  /** Stops the thread and closes every connection; waits up to 5 s. Any thread. */
  @Override
  public void close() {
    running = false;
    selector.wakeup();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  Selector selector() {
    return selector;
  }

  void later(Runnable task) {
    later.add(task);
  }

  void dirty(WsConnection connection) {
    dirty.add(connection);
  }

  private Timer schedule(Timer timer) {
    timers.add(timer);
    return timer;
  }

  private void loop() {
    try {
      while (running) {
        long timeout = timeoutMillis();
        if (timeout < 0) {
          selector.selectNow(this::onKey);
        } else {
          selector.select(this::onKey, timeout);
        }
        Runnable task;
        while ((task = inbox.poll()) != null) {
          run(task);
        }
        runLater();
        runTimers();
        runLater();
        flushDirty();
      }
    } catch (IOException | RuntimeException e) {
      onError.accept(e);
    } finally {
      for (SelectionKey key : selector.keys()) {
        if (key.attachment() instanceof WsConnection c) {
          c.close();
        }
      }
      try {
        selector.close();
      } catch (IOException e) {
        // closing: nothing left to do with it
      }
    }
  }

  /** -1: poll now; 0: block until woken; else milliseconds until the next timer (at least 1). */
  private long timeoutMillis() {
    if (!inbox.isEmpty() || !later.isEmpty()) {
      return -1;
    }
    Timer next = timers.peek();
    if (next == null) {
      return 0;
    }
    long nanos = next.deadline - System.nanoTime();
    return nanos <= 0 ? -1 : Math.max(1, (nanos + 999_999) / 1_000_000);
  }

  private void onKey(SelectionKey key) {
    if (!(key.attachment() instanceof WsConnection c)) {
      return;
    }
    try {
      int ready = key.readyOps();
      if ((ready & SelectionKey.OP_CONNECT) != 0) {
        c.onConnectable();
      }
      if (key.isValid() && (ready & SelectionKey.OP_READ) != 0) {
        c.onReadable(readBuffer);
      }
      if (key.isValid() && (ready & SelectionKey.OP_WRITE) != 0) {
        c.flush();
      }
    } catch (RuntimeException e) {
      onError.accept(e);
    }
  }

  private void runLater() {
    Runnable task;
    while ((task = later.poll()) != null) {
      run(task);
    }
  }

  private void runTimers() {
    long now = System.nanoTime();
    Timer t;
    while ((t = timers.peek()) != null && t.deadline - now <= 0) {
      timers.poll();
      if (t.cancelled) {
        continue;
      }
      if (t.period > 0) {
        t.deadline += t.period;
        if (t.deadline - now <= 0) {
          t.deadline = now + t.period;
        }
        timers.add(t);
      } else {
        t.cancelled = true;
      }
      run(t.task);
    }
  }

  private void flushDirty() {
    // flushing can fail a connection, whose handler may queue more: index loop, not an iterator
    for (int i = 0; i < dirty.size(); i++) {
      WsConnection c = dirty.get(i);
      try {
        c.flush();
      } catch (RuntimeException e) {
        onError.accept(e);
      }
    }
    dirty.clear();
  }

  private void run(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      onError.accept(e);
    }
  }

  /** A task the reactor runs later, once or periodically, until cancelled. Reactor thread only. */
  public static final class Timer {
    private long deadline;
    private final long period;
    private final Runnable task;
    private boolean cancelled;

    private Timer(long deadline, long period, Runnable task) {
      this.deadline = deadline;
      this.period = period;
      this.task = task;
    }

    public void cancel() {
      cancelled = true;
    }
  }
}
