package jam.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.protocol.Message;
import jam.protocol.Wire;
import jam.testing.RecordingClient;
import jam.testing.RelayHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The relay's side of shared time: pongs to the sender alone, and the relay's tempo handed to a
 * peer that keeps a clock (its first ping), never to a tutorial client that only ever sees the
 * messages it knows.
 */
class SharedTimeTest {
  private static final Message.Tempo TEMPO = new Message.Tempo(96, 1_000);

  @RegisterExtension final RelayHarness harness = new RelayHarness();

  @Test
  void aPeerThatPingsGetsItsPongAloneAndThenTheTempoOnce() {
    Relay relay = harness.relay(RelayConfig.builder().tempo(TEMPO).build());
    RecordingClient other = harness.peer(relay);
    other.assertText(Wire.COLLECT);
    RecordingClient clock = harness.peer(relay);
    clock.assertText(Wire.COLLECT);

    clock.send(new Message.ClockPing(1, 5.0).encode());
    assertTrue(
        Message.parse(clock.nextText()) instanceof Message.ClockPong pong && pong.n() == 1,
        "a pong first");
    assertEquals(TEMPO.encode(), clock.nextText());
    clock.send(new Message.ClockPing(2, 6.0).encode());
    assertTrue(Message.parse(clock.nextText()) instanceof Message.ClockPong, "no second tempo");

    other.send("hello"); // what the other peer gets next: no pong, no tempo
    other.assertText("hello");
    clock.assertText("hello");
  }

  @Test
  void aTutorialClientIsNeverHandedTheTempo() {
    Relay relay = harness.relay(RelayConfig.builder().tempo(TEMPO).build());
    RecordingClient tutorial = harness.peer(relay);
    tutorial.assertText(Wire.COLLECT);
    tutorial.send("[]");
    tutorial.assertText("[]");
  }
}
