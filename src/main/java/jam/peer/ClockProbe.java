package jam.peer;

import jam.Reporter;
import jam.clock.Clock;
import jam.clock.ClockSync;
import jam.protocol.Message;
import jam.tls.ClientTrust;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code jam sync} and {@code jam tempo} are: one connection to a relay that keeps a {@link
 * ClockSync} and notes the relay's tempo (handed to each newcomer), and can change it. Ignores
 * everything else. Lifecycle: {@link #open}, then {@link #close} (1000). Thread safe.
 */
public final class ClockProbe implements AutoCloseable {
  private final Link link;
  private final ClockSync sync;
  private final Handler handler;

  private ClockProbe(Link link, ClockSync sync, Handler handler) {
    this.link = link;
    this.sync = sync;
    this.handler = handler;
  }

  /**
   * Connects and starts syncing by {@code schedule}.
   *
   * @throws jam.JamException ({@link jam.ExitCode#UNAVAILABLE}) when the relay cannot be reached
   */
  public static ClockProbe open(
      URI url,
      ClientTrust trust,
      Duration timeout,
      Clock local,
      ClockSync.Schedule schedule,
      Reporter reporter) {
    ClockSync sync = ClockSync.start(local, reporter, schedule);
    Handler handler = new Handler(sync);
    Link link;
    try {
      link = Trigger.connect(url, trust, timeout, handler);
    } catch (RuntimeException e) {
      sync.close();
      throw e;
    }
    sync.connected(link::send);
    return new ClockProbe(link, sync, handler);
  }

  public ClockSync sync() {
    return sync;
  }

  /**
   * Waits until the clock has settled (or its schedule's settle time, and a second, have passed):
   * its state then, {@link ClockSync.Status#OWN_CLOCK} for a relay that does not answer pings.
   */
  public ClockSync.State awaitSettled(ClockSync.Schedule schedule)
      throws InterruptedException, java.util.concurrent.ExecutionException {
    try {
      return sync.settled()
          .get(
              ClockSync.settleTime(schedule).toMillis() + 1_000,
              java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return sync.state();
    }
  }

  /** Completes with the relay's tempo when it hands one over; never, when it has none. */
  public CompletableFuture<Message.Tempo> tempo() {
    return handler.tempo;
  }

  /**
   * Asks a jam relay who is here ({@link Message.Hello}, as an observer, not announced): completes
   * with its answer. Ask once the clock has settled as synced, so that a relay that does not answer
   * pings (a tutorial's, which would broadcast the hello) is never asked.
   */
  public CompletableFuture<Message.Presence> who() {
    link.send(new Message.Hello(null, true).encode());
    return handler.presence;
  }

  /** Completes when the relay closes the connection or it breaks, with the close code. */
  public CompletableFuture<Integer> closed() {
    return handler.closed;
  }

  /**
   * Sends {@code tempo} to the relay, which relays it to every peer; false when the connection is
   * gone.
   */
  public boolean send(Message.Tempo tempo) throws InterruptedException {
    return link.send(tempo.encode()) && link.awaitSent(Duration.ofSeconds(5));
  }

  @Override
  public void close() {
    sync.close();
    link.close();
  }

  private static final class Handler extends Link.Listener {
    private final ClockSync sync;
    final CompletableFuture<Message.Tempo> tempo = new CompletableFuture<>();
    final CompletableFuture<Message.Presence> presence = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    Handler(ClockSync sync) {
      this.sync = sync;
    }

    @Override
    public void text(String text) {
      if (sync.accept(text, System.nanoTime())) {
        return;
      }
      if (text.startsWith("{\"type\":\"tempo\"")
          && Message.parse(text) instanceof Message.Tempo t) {
        tempo.complete(t);
      } else if (text.startsWith("{\"type\":\"presence\"")
          && Message.parse(text) instanceof Message.Presence p) {
        presence.complete(p);
      }
    }

    @Override
    public void closed(int code) {
      closed.complete(code);
    }
  }
}
