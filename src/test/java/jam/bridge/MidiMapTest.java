package jam.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MidiMapTest {
  @Test
  void generalMidiDrumsOnChannelTenByDefault() {
    MidiMap m = MidiMap.GENERAL_MIDI;
    assertEquals(new MidiMap.Note(36, 10), m.of("kick"));
    assertEquals(new MidiMap.Note(42, 10), m.of(" HAT "));
    assertEquals(new MidiMap.Note(39, 10), m.of(null));
    assertEquals(new MidiMap.Note(39, 10), m.of("cowbell"), "other names play as bang");
  }

  @Test
  void entriesChangeOneSound() {
    MidiMap m = MidiMap.GENERAL_MIDI.with("kick=35").with("bell=60/2").with("bang=1/16");
    assertEquals(new MidiMap.Note(35, 10), m.of("kick"));
    assertEquals(new MidiMap.Note(60, 2), m.of("bell"));
    assertEquals(new MidiMap.Note(1, 16), m.of("anything"));
    for (String bad :
        new String[] {"kick", "=3", "kick=x", "kick=128", "kick=3/0", "kick=3/17", "k=1/2/3"}) {
      assertThrows(IllegalArgumentException.class, () -> MidiMap.GENERAL_MIDI.with(bad), bad);
    }
  }

  @Test
  void frequenciesBecomeTheirNearestNote() {
    assertEquals(69, MidiMap.noteOf(440));
    assertEquals(60, MidiMap.noteOf(261.63));
    assertEquals(81, MidiMap.noteOf(880));
    assertEquals(-1, MidiMap.noteOf(0));
    assertEquals(-1, MidiMap.noteOf(30_000));
  }
}
