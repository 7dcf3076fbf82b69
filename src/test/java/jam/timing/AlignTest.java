package jam.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.protocol.Wire;
import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.testing.RecordingClient;
import jam.testing.RelayHarness;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code jam serve --align}: a trigger-output reaches peers 2, 25 and 50 ms away (each way) at
 * about the same moment, as the relay's pings measure them; without it, 48 ms apart. Clients are
 * plain WebSocket clients, as a tutorial's page is, each behind its own {@link DelayProxy}.
 */
class AlignTest {
  private static final double[] DELAYS_MS = {2, 25, 50};

  @RegisterExtension final RelayHarness harness = new RelayHarness();

  @Test
  void triggerOutputArrivesEverywhereAtOnceWithAlign() throws Exception {
    List<Double> spreads = spreads(true);
    System.out.println("trigger-output arrival spread with --align: " + spreads + " ms");
    for (double s : spreads) {
      assertTrue(s < 15, "arrival spread with --align: " + spreads + " ms");
    }
  }

  /** The contrast that shows the measurement sees the delays: without --align, their difference. */
  @Test
  void withoutAlignTheSpreadIsTheDelayDifference() throws Exception {
    List<Double> spreads = spreads(false);
    for (double s : spreads) {
      assertTrue(s > 40, "arrival spread without --align: " + spreads + " ms");
    }
  }

  /**
   * The arrival spread of each of four trigger-outputs, sent 400 ms apart once the peers joined.
   */
  private List<Double> spreads(boolean align) throws Exception {
    Relay relay = harness.relay(RelayConfig.loopback().toBuilder().align(align).build());
    InetSocketAddress upstream = new InetSocketAddress("127.0.0.1", relay.port());
    List<Arrivals> peers = new ArrayList<>();
    for (int i = 0; i < DELAYS_MS.length; i++) {
      DelayProxy proxy =
          DelayProxy.start(upstream, new DelayProxy.Delay(DELAYS_MS[i], DELAYS_MS[i], 0), i);
      harness.closeLater(proxy);
      RecordingClient client = harness.peer("ws://127.0.0.1:" + proxy.port() + "/");
      assertEquals(Wire.COLLECT, client.nextText());
      peers.add(new Arrivals(client));
    }
    // The relay pings each peer on joining and every second after: by now it knows their round
    // trips.
    Thread.sleep(1_500);
    List<Double> spreads = new ArrayList<>();
    for (int bang = 0; bang < 4; bang++) {
      peers.get(0).client.send(Wire.TRIGGER_INPUT);
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (Arrivals p : peers) {
        long at = p.next();
        first = Math.min(first, at);
        last = Math.max(last, at);
      }
      spreads.add((last - first) / 1e6);
      Thread.sleep(400);
    }
    return spreads;
  }

  /** The times at which one client received trigger-output, read by a thread of its own. */
  private static final class Arrivals {
    final RecordingClient client;
    final BlockingQueue<Long> times = new LinkedBlockingQueue<>();

    Arrivals(RecordingClient client) {
      this.client = client;
      Thread reader =
          new Thread(
              () -> {
                while (true) {
                  RecordingClient.Event e;
                  try {
                    e = client.next();
                  } catch (AssertionError quiet) {
                    return; // the test is over
                  }
                  if (e instanceof RecordingClient.Text t && t.text().equals(Wire.TRIGGER_OUTPUT)) {
                    times.add(System.nanoTime());
                  } else if (!(e instanceof RecordingClient.Text)) {
                    return;
                  }
                }
              },
              "arrivals");
      reader.setDaemon(true);
      reader.start();
    }

    long next() throws InterruptedException {
      Long at = times.poll(10, TimeUnit.SECONDS);
      assertTrue(at != null, "no trigger-output within 10 s");
      return at;
    }
  }
}
