package jam.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jam.protocol.Message;
import org.junit.jupiter.api.Test;

class BeatsTest {
  private final Message.Tempo t120 = new Message.Tempo(120, 10_000);

  @Test
  void theNextBeatAndBar() {
    assertEquals(10_500, Beats.next(t120, 10_001, 1));
    assertEquals(10_500, Beats.next(t120, 10_500, 1), "a time on the beat is that beat");
    assertEquals(12_000, Beats.next(t120, 10_001, 4));
    assertEquals(10_000, Beats.next(t120, 9_999, 4));
    assertEquals(10_250, Beats.next(t120, 10_001, 0.5));
  }

  @Test
  void aTempoChangeKeepsTheBeatWhereItIs() {
    double now = 13_250; // beat 6.5 at 120 bpm
    Message.Tempo t96 = Beats.change(t120, 96, now);
    assertEquals(96, t96.bpm());
    assertEquals(6.5, Beats.beatAt(t96, now), 1e-9);
    assertEquals(now + 312.5, Beats.next(t96, now + 1, 1), 1e-6, "half a 625 ms beat to beat 7");
  }

  @Test
  void aFirstTempoStartsAtBeatZeroNow() {
    assertEquals(new Message.Tempo(90, 5), Beats.change(null, 90, 5));
  }
}
