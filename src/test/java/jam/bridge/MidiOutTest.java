package jam.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.testing.RecordingReporter;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.Sequencer;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;

/**
 * MidiOut into Java's own sequencer, a real MIDI device that records what its receiver is sent
 * (javax.sound.midi's public API; no sound card needed).
 */
class MidiOutTest {
  @Test
  void bangsAndRowsBecomeNoteOnAndOffAsMapped() throws Exception {
    Sequencer sequencer = MidiSystem.getSequencer(false);
    sequencer.open();
    try {
      Sequence sequence = new Sequence(Sequence.PPQ, 480);
      Track track = sequence.createTrack();
      sequencer.setSequence(sequence);
      sequencer.recordEnable(track, -1);
      sequencer.startRecording();
      MidiOut out =
          new MidiOut(
              sequencer,
              sequencer.getReceiver(),
              MidiMap.GENERAL_MIDI.with("snare=40/3"),
              new RecordingReporter());
      long now = System.nanoTime();
      out.bang("kick", null, now, false);
      out.bang("snare", null, now + 50_000_000, true);
      out.step(java.util.Arrays.asList(440.0, null), 0.2, "riff", now + 70_000_000);
      Thread.sleep(600); // every note off has gone out (the last at 270 ms)
      sequencer.stopRecording();
      out.close();
      List<String> notes = new ArrayList<>();
      for (int i = 0; i < track.size(); i++) {
        MidiEvent e = track.get(i);
        if (e.getMessage() instanceof ShortMessage m
            && (m.getCommand() == ShortMessage.NOTE_ON
                || m.getCommand() == ShortMessage.NOTE_OFF)) {
          notes.add(
              (m.getCommand() == ShortMessage.NOTE_ON ? "on " : "off ")
                  + m.getData1()
                  + "/"
                  + (m.getChannel() + 1));
        }
      }
      assertEquals(
          List.of("on 36/10", "on 40/3", "on 69/1", "off 36/10", "off 40/3", "off 69/1"),
          notes,
          "in time order");
    } finally {
      sequencer.close();
    }
  }

  @Test
  void aDeviceThatIsNotThereIsOneLine() {
    RecordingReporter reporter = new RecordingReporter();
    assertNull(MidiOut.open("no such synth", MidiMap.GENERAL_MIDI, reporter));
    assertTrue(reporter.next().startsWith("--midi: no MIDI output 'no such synth' here"));
    assertTrue(reporter.left().isEmpty());
  }

  @Test
  void devicesAreFoundByNumberNameOrAPartOnlyOneHas() {
    List<javax.sound.midi.MidiDevice.Info> outs = MidiOut.outputs();
    if (outs.isEmpty()) {
      assertNull(MidiOut.find("0"));
      return;
    }
    assertEquals(outs.get(0), MidiOut.find("0"));
    assertEquals(outs.get(0), MidiOut.find(outs.get(0).getName().toUpperCase()));
    assertNull(MidiOut.find(String.valueOf(outs.size())));
    assertNull(MidiOut.find(""));
  }
}
