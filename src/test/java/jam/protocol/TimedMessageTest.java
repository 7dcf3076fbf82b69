package jam.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

/** The messages of shared time: bangs with a time, clock pings and pongs, the tempo. */
class TimedMessageTest {
  @Test
  void aBangWithATimeCarriesItToTheMicrosecond() {
    Message.Bang b = new Message.Bang("kick", 1796634422799.125);
    assertEquals("{\"type\":\"bang\",\"sound\":\"kick\",\"at\":1796634422799.125}", b.encode());
    assertEquals(b, Message.parse(b.encode()));
    assertEquals("{\"type\":\"bang\",\"at\":5}", new Message.Bang(null, 5.0).encode());
    assertEquals(new Message.Bang(null, 1e3), Message.parse("{\"type\":\"bang\",\"at\":1e3}"));
  }

  @Test
  void aTimeThatIsNotANumberIsNotABang() {
    for (String text :
        new String[] {
          "{\"type\":\"bang\",\"at\":\"soon\"}",
          "{\"type\":\"bang\",\"at\":null,\"sound\":\"hat\"}x",
          "{\"type\":\"bang\",\"at\":[1]}"
        }) {
      assertInstanceOf(Message.Other.class, Message.parse(text), text);
    }
    // a null time is no time: the bang plays as it arrives
    assertEquals(
        new Message.Bang("hat"),
        Message.parse("{\"type\":\"bang\",\"at\":null,\"sound\":\"hat\"}"));
  }

  @Test
  void pingsAndPongsRoundTrip() {
    Message.ClockPing ping = new Message.ClockPing(7, 1796634422799.001);
    assertEquals("{\"type\":\"clock-ping\",\"n\":7,\"t0\":1796634422799.001}", ping.encode());
    assertEquals(ping, Message.parse(ping.encode()));
    Message.ClockPong pong = ping.pong(1796634422800.5, 1796634422800.75);
    assertEquals(
        "{\"type\":\"clock-pong\",\"n\":7,\"t0\":1796634422799.001,\"t1\":1796634422800.5,\"t2\":1796634422800.75}",
        pong.encode());
    assertEquals(pong, Message.parse(pong.encode()));
  }

  @Test
  void malformedClockMessagesAreOther() {
    for (String text :
        new String[] {
          "{\"type\":\"clock-ping\"}",
          "{\"type\":\"clock-ping\",\"n\":1.5,\"t0\":1}",
          "{\"type\":\"clock-ping\",\"n\":1,\"t0\":\"x\"}",
          "{\"type\":\"clock-pong\",\"n\":1,\"t0\":1,\"t1\":2}",
          "{\"type\":\"clock-ping\",\"n\":1,\"t0\":1e999}"
        }) {
      assertInstanceOf(Message.Other.class, Message.parse(text), text);
    }
  }

  @Test
  void aTempoOutOfRangeIsOther() {
    Message.Tempo t = new Message.Tempo(96, 1000.5);
    assertEquals("{\"type\":\"tempo\",\"bpm\":96,\"origin\":1000.5}", t.encode());
    assertEquals(t, Message.parse(t.encode()));
    for (String bpm : new String[] {"0", "-5", "19.9", "1000", "1e9", "\"fast\""}) {
      String text = "{\"type\":\"tempo\",\"bpm\":" + bpm + ",\"origin\":0}";
      assertInstanceOf(Message.Other.class, Message.parse(text), text);
    }
  }

  @Test
  void aTrackToPlayTogetherRoundTripsWithRestsAndItsName() {
    java.util.List<java.util.List<Double>> data =
        java.util.List.of(java.util.Arrays.asList(440.0, null, 660.5, null), java.util.List.of());
    Message.Play p = new Message.Play("riff <\"1\">", data, 1000.25, 125);
    assertEquals(
        "{\"type\":\"play\",\"at\":1000.25,\"step_ms\":125,\"trackname\":\"riff <\\\"1\\\">\","
            + "\"data\":[[440,null,660.5,null],[]]}",
        p.encode());
    assertEquals(p, Message.parse(p.encode()));
    assertEquals(250, p.lengthMs());
  }

  @Test
  void aPlayWithoutATimeDataOrAStepInRangeIsOther() {
    for (String text :
        new String[] {
          "{\"type\":\"play\",\"step_ms\":300,\"data\":[]}",
          "{\"type\":\"play\",\"at\":\"soon\",\"step_ms\":300,\"data\":[]}",
          "{\"type\":\"play\",\"at\":1,\"step_ms\":300,\"data\":5}",
          "{\"type\":\"play\",\"at\":1,\"step_ms\":0,\"data\":[]}",
          "{\"type\":\"play\",\"at\":1,\"step_ms\":1e9,\"data\":[]}",
        }) {
      assertInstanceOf(Message.Other.class, Message.parse(text), text);
    }
  }

  @Test
  void millisecondsAreWrittenWithoutExponentsOrTrailingZeros() {
    assertEquals("0", Message.appendMillis(new StringBuilder(), 0).toString());
    assertEquals("-1.5", Message.appendMillis(new StringBuilder(), -1.5).toString());
    assertEquals(
        "1796634422799.12",
        Message.appendMillis(new StringBuilder(), 1796634422799.1204).toString());
    assertEquals("0.001", Message.appendMillis(new StringBuilder(), 0.0012).toString());
  }
}
