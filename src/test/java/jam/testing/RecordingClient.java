package jam.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jam.track.Payload;
import jam.track.Track;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The WebSocket peer of tests, like a browser page that does nothing on its own, on the JDK's own
 * client (neither the library the relay is built on nor one of jam's): every event goes into a
 * queue that assertions poll with a timeout; {@link #assertExhausted} fails on anything unexpected
 * left over. It sends what the test tells it to. Thread safe.
 */
public final class RecordingClient implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** What the relay did to this peer. */
  public sealed interface Event {}

  public record Text(String text) implements Event {}

  public record Binary(int bytes) implements Event {}

  public record Closed(int code, String reason) implements Event {}

  public record Failed(Throwable error) implements Event {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final WebSocket socket;

  private RecordingClient(WebSocket socket) {
    this.socket = socket;
  }

  /** Connects and waits for the handshake. */
  public static RecordingClient connect(String url) {
    return connectAsync(url).join();
  }

  /** Connects over TLS with {@code tls} deciding which certificates to trust. */
  public static RecordingClient connect(String url, SSLContext tls) {
    return connectAsync(url, tls).join();
  }

  public static CompletableFuture<RecordingClient> connectAsync(String url, SSLContext tls) {
    return connectAsync(url, HttpClient.newBuilder().sslContext(tls).build());
  }

  /** Starts connecting; many can be in flight at once. */
  public static CompletableFuture<RecordingClient> connectAsync(String url) {
    return connectAsync(url, HTTP);
  }

  private static CompletableFuture<RecordingClient> connectAsync(String url, HttpClient http) {
    Recorder recorder = new Recorder();
    return http.newWebSocketBuilder()
        .connectTimeout(WAIT)
        .buildAsync(URI.create(url), recorder)
        .thenApply(
            ws -> {
              RecordingClient client = new RecordingClient(ws);
              recorder.attach(client);
              return client;
            });
  }

  public void send(String text) {
    socket.sendText(text, true).join();
  }

  /**
   * Sends {@code text} unless the connection's output is already closed (by the relay); says which.
   */
  public boolean trySend(String text) {
    try {
      socket.sendText(text, true).join();
      return true;
    } catch (java.util.concurrent.CompletionException e) {
      return false;
    }
  }

  /** The next event, or a failure after {@link #WAIT}. */
  public Event next() {
    try {
      Event e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(e, "no event within " + WAIT);
      return e;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new AssertionError(ex);
    }
  }

  /** The next event within {@code wait}, or null when none came. */
  public Event poll(Duration wait) {
    try {
      return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new AssertionError(ex);
    }
  }

  /** The next event must be the text message {@code expected}. */
  public void assertText(String expected) {
    assertEquals(new Text(expected), next());
  }

  public String nextText() {
    Event e = next();
    if (e instanceof Text t) {
      return t.text();
    }
    return fail("expected a text message, got " + e);
  }

  /** The next event must be a close with {@code code}; returns it. */
  public Closed assertClosed(int code) {
    Event e = next();
    assertTrue(e instanceof Closed, "expected a close, got " + e);
    assertEquals(code, ((Closed) e).code(), "close code of " + e);
    return (Closed) e;
  }

  /** Takes messages until one holds a track named {@code name}; returns that track. */
  public Track awaitTrack(String name) {
    List<Event> skipped = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Event e;
      try {
        e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new AssertionError(ex);
      }
      if (e == null) {
        return fail("no track named " + name + " within " + WAIT + "; got " + skipped);
      }
      if (e instanceof Text t) {
        for (Track track : Payload.decode(t.text()).tracks()) {
          if (name.equals(track.name())) {
            return track;
          }
        }
      }
      skipped.add(e);
    }
  }

  /** Nothing else arrives within a short while. */
  public void assertExhausted() {
    try {
      Event e = events.poll(200, TimeUnit.MILLISECONDS);
      assertNull(e, "unexpected event " + e);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new AssertionError(ex);
    }
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket
          .sendClose(WebSocket.NORMAL_CLOSURE, "bye")
          .orTimeout(2, TimeUnit.SECONDS)
          .exceptionally(t -> null)
          .join();
    }
    socket.abort();
  }

  /** Reassembles partial messages; delivers events once the client object exists. */
  private static final class Recorder implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private final BlockingQueue<Event> early = new LinkedBlockingQueue<>();
    private volatile RecordingClient client;

    synchronized void attach(RecordingClient c) {
      early.drainTo(c.events);
      client = c;
    }

    private synchronized void record(Event e) {
      if (client == null) {
        early.add(e);
      } else {
        client.events.add(e);
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        record(new Text(partial.toString()));
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      record(new Binary(data.remaining()));
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
      record(new Closed(code, reason));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      record(new Failed(error));
    }
  }
}
