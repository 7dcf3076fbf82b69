package jam.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.protocol.Message;
import jam.protocol.Wire;
import jam.testing.RecordingClient;
import jam.testing.RelayHarness;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rooms: each path is its own jam (messages, triggers, shared arrays, tempo and presence stay in
 * it), the bare paths are the default room, and the limits on rooms and on peers in a room.
 */
class RoomsTest {
  @RegisterExtension final RelayHarness harness = new RelayHarness("refused");

  @Test
  void nothingCrossesRooms() {
    Relay relay = harness.relay(RelayConfig.builder().tempo(new Message.Tempo(90, 0)).build());
    String base = relay.url(); // ws://127.0.0.1:PORT/socket
    RecordingClient red1 = harness.peer(base + "/red");
    red1.assertText(Wire.COLLECT);
    red1.send("[{\"trackname\":\"red riff\",\"data\":[[440]]}]");
    red1.assertText("[{\"trackname\":\"red riff\",\"data\":[[440]]}]");
    red1.send(new Message.Tempo(120, 5).encode()); // the red room's beat
    red1.assertText(new Message.Tempo(120, 5).encode());

    RecordingClient blue = harness.peer(base.replace("/socket", "/blue"));
    blue.assertText(Wire.COLLECT); // no red array handed over
    RecordingClient red2 = harness.peer(base + "/red");
    red2.assertText(Wire.COLLECT);
    red2.assertText("[{\"trackname\":\"red riff\",\"data\":[[440]]}]");
    RecordingClient lobby = harness.peer(base);
    lobby.assertText(Wire.COLLECT);

    blue.send(Wire.TRIGGER_INPUT);
    blue.assertText(Wire.TRIGGER_OUTPUT);
    blue.send(new Message.ClockPing(1, 1).encode());
    assertTrue(Message.parse(blue.nextText()) instanceof Message.ClockPong);
    assertEquals(new Message.Tempo(90, 0).encode(), blue.nextText(), "blue keeps the relay's beat");
    blue.send(new Message.Hello("bo", false).encode());
    Message.Presence blueHere = (Message.Presence) Message.parse(blue.nextText());
    assertEquals(1, blueHere.count(), "presence counts the room: " + blueHere);

    red2.send("done");
    red1.assertText("done"); // red heard nothing of blue; blue and the lobby nothing of red
    red2.assertText("done");
    lobby.send("lobby");
    lobby.assertText("lobby");
    blue.send("blue");
    blue.assertText("blue");
  }

  @Test
  void roomsAndPeersInARoomAreLimited() {
    Relay relay = harness.relay(RelayConfig.builder().maxRooms(2).maxRoomPeers(1).build());
    String base = relay.url();
    harness.peer(base + "/a").assertText(Wire.COLLECT);
    harness.peer(base).assertText(Wire.COLLECT); // the default room counts as one
    assertRefused(base + "/b", "refused 503 full: 2 rooms");
    assertRefused(base + "/a", "refused 503 room full: 1 peers");
  }

  @Test
  void anEmptyRoomIsForgottenSoItsPlaceIsFree() throws Exception {
    Relay relay = harness.relay(RelayConfig.builder().maxRooms(1).build());
    String base = relay.url();
    RecordingClient a = harness.peer(base + "/a");
    a.assertText(Wire.COLLECT);
    a.close();
    jam.testing.Wait.atMost(java.time.Duration.ofSeconds(10)).until(() -> relay.peers() == 0);
    harness.peer(base + "/b").assertText(Wire.COLLECT);
  }

  private void assertRefused(String url, String logged) {
    CompletableFuture<RecordingClient> c = RecordingClient.connectAsync(url);
    assertTrue(c.handle((ok, t) -> t).join() != null, url + " must be refused");
    assertEquals(logged, harness.log().poll());
  }
}
