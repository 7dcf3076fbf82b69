package jam.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Relays and recording clients for one test, closed after it in reverse order
 * ({@code @RegisterExtension}). The relays' listener writes the events of the kinds asked for to
 * {@link #log()} as lines: {@code joined N}, {@code left N CODE}, {@code dropped WHY}, {@code
 * refused STATUS WHY}.
 */
public final class RelayHarness implements AfterEachCallback {
  private final BlockingQueue<String> log = new LinkedBlockingQueue<>();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final RelayListener listener;

  /** Records the events named: any of "joined", "left", "dropped", "refused". */
  public RelayHarness(String... kinds) {
    Set<String> logged = Set.of(kinds);
    listener =
        new RelayListener() {
          @Override
          public void joined(InetSocketAddress peer, int peers) {
            record(logged, "joined", peers);
          }

          @Override
          public void left(InetSocketAddress peer, int peers, int code, String reason) {
            record(logged, "left", peers + " " + code);
          }

          @Override
          public void dropped(InetSocketAddress peer, String why) {
            record(logged, "dropped", why);
          }

          @Override
          public void refused(InetSocketAddress peer, int status, String why) {
            record(logged, "refused", status + " " + why);
          }
        };
  }

  private void record(Set<String> logged, String kind, Object detail) {
    if (logged.contains(kind)) {
      log.add(kind + " " + detail);
    }
  }

  public BlockingQueue<String> log() {
    return log;
  }

  public Relay relay(RelayConfig config) {
    return closeLater(Relay.start(config, listener));
  }

  public RecordingClient peer(Relay relay) {
    return peer(relay.url());
  }

  public RecordingClient peer(String url) {
    return closeLater(RecordingClient.connect(url));
  }

  /**
   * Waits until {@code relay} counts {@code n} peers: it counts joins and leaves on its own
   * threads.
   */
  public static void awaitPeers(Relay relay, int n) {
    Wait.atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertEquals(n, relay.peers(), "peers"));
  }

  public <T extends AutoCloseable> T closeLater(T resource) {
    synchronized (open) {
      open.add(resource);
    }
    return resource;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    synchronized (open) {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
      open.clear();
    }
  }
}
