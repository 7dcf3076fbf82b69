package jam.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.protocol.Message;
import jam.protocol.Wire;
import jam.testing.RecordingClient;
import jam.testing.RelayHarness;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who is here: a peer that says hello gets the list and hears joins and leaves, named once; a peer
 * that never says hello (a tutorial client) hears none of it; an observer is never announced.
 */
class PresenceTest {
  @RegisterExtension final RelayHarness harness = new RelayHarness();

  @Test
  void aPeerThatSaysHelloHearsWhoIsHereAndWhoComesAndGoes() {
    Relay relay = harness.relay(RelayConfig.loopback());
    RecordingClient tutorial = harness.peer(relay);
    tutorial.assertText(Wire.COLLECT);
    RecordingClient ana = harness.peer(relay);
    ana.assertText(Wire.COLLECT);
    ana.send(new Message.Hello("ana", false).encode());
    Message.Presence here = presence(ana.nextText());
    assertEquals(2, here.count(), here.toString());
    assertEquals(
        List.of(new Message.PeerInfo("p1", null), new Message.PeerInfo("p2", "ana")), here.peers());
    assertEquals("p2", here.you());

    RecordingClient bo = harness.peer(relay);
    bo.assertText(Wire.COLLECT);
    bo.send(new Message.Hello("bo", false).encode());
    assertEquals(3, presence(bo.nextText()).count());
    assertEquals(
        new Message.PeerEvent(true, new Message.PeerInfo("p3", "bo"), 3),
        Message.parse(ana.nextText()),
        "announced once, by name, as it said hello");

    bo.close();
    assertEquals(
        new Message.PeerEvent(false, new Message.PeerInfo("p3", "bo"), 2),
        Message.parse(ana.nextText()));

    tutorial.send("hello, all"); // the tutorial client got nothing of this: its next is this echo
    tutorial.assertText("hello, all");
    ana.assertText("hello, all");
  }

  @Test
  void aPeerThatSaysNothingIsAnnouncedWithoutANameAndAnObserverNever() throws Exception {
    Relay relay = harness.relay(RelayConfig.loopback());
    RecordingClient ana = harness.peer(relay);
    ana.assertText(Wire.COLLECT);
    ana.send(new Message.Hello("ana", false).encode());
    presence(ana.nextText());

    RecordingClient who = harness.peer(relay);
    who.assertText(Wire.COLLECT);
    who.send(new Message.Hello(null, true).encode());
    Message.Presence seen = presence(who.nextText());
    assertEquals(1, seen.count(), "the observer is not counted: " + seen);
    who.close();

    RecordingClient tutorial = harness.peer(relay);
    tutorial.assertText(Wire.COLLECT);
    // announced Presence.ANNOUNCE_AFTER_MILLIS after it opened, having said nothing
    assertEquals(
        new Message.PeerEvent(true, new Message.PeerInfo("p3", null), 2),
        Message.parse(ana.nextText()),
        "the observer p2 was never announced, nor its leaving");
  }

  @Test
  void aMalformedOrOversizedHelloIsDropped() {
    Relay relay = harness.relay(RelayConfig.loopback());
    RecordingClient a = harness.peer(relay);
    a.assertText(Wire.COLLECT);
    a.send("{\"type\":\"hello\",\"name\":\"" + "x".repeat(40) + "\"}");
    a.send("{\"type\":\"hello\",\"name\":5,\"pad\":\"" + "y".repeat(300) + "\"}");
    a.send("next");
    a.assertText("next"); // neither relayed nor answered
  }

  private static Message.Presence presence(String text) {
    Message m = Message.parse(text);
    assertTrue(m instanceof Message.Presence, text);
    return (Message.Presence) m;
  }
}
