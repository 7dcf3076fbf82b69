package jam.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jam.peer.RelayConnection;
import jam.track.Payload;
import jam.track.Track;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw relay client for tests, like a browser peer that does nothing on its own: it records every text
 * message and every close in a queue, and sends what the test tells it to. Thread safe.
 */
public final class RecordingPeer implements RelayConnection.Handler, AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CLOSED = "\u0000closed:";

  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private RelayConnection connection;

  public static RecordingPeer connect(String url) {
    RecordingPeer c = new RecordingPeer();
    c.connection = RelayConnection.open(URI.create(url), WAIT, c);
    return c;
  }

  @Override
  public void text(RelayConnection from, String text) {
    messages.add(text);
  }

  @Override
  public void closed(RelayConnection from, int code, String reason, boolean byRelay) {
    messages.add(CLOSED + code);
  }

  public void send(String text) {
    assertTrue(connection.send(text), "not connected");
  }

  /** The next message; fails when none comes within {@link #WAIT}. */
  public String next() {
    try {
      String m = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(m, "no message within " + WAIT);
      return m;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  public void assertMessage(String expected) {
    assertEquals(expected, next());
  }

  /** Reads messages until a payload holds a track named {@code name}; returns that track. */
  public Track awaitTrack(String name) {
    List<String> skipped = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String m;
      try {
        m = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      if (m == null) {
        break;
      }
      for (Track t : Payload.decode(m).tracks()) {
        if (name.equals(t.name())) {
          return t;
        }
      }
      skipped.add(m);
    }
    return fail("no track named " + name + " within " + WAIT + "; got " + skipped);
  }

  /** Nothing unexpected arrived. */
  public void assertExhausted() {
    assertTrue(messages.isEmpty(), "unexpected messages: " + messages);
  }

  @Override
  public void close() {
    connection.close();
  }
}
