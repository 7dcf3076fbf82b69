package jam.cli;

import jam.bridge.MidiOut;
import jam.text.Printable;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sound.midi.MidiDevice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jam midi --list}: the MIDI outputs {@code jam join --midi} can play on. */
@Command(
    name = "midi",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "List the MIDI outputs jam join --midi can play on.",
    description = {
      "Prints one line per MIDI output of this machine (javax.sound.midi): its number, name, vendor and description, tab-separated. jam join --midi takes the number, the name, or a part of the name only one output has. Java's software synthesizer (Gervill) is always there; hardware and virtual ports (ALSA's, a DAW's) appear when connected. With none at all it prints nothing and says so on stderr; it exits 0 either way."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam midi --list        a line per output: 0  Gervill  OpenJDK ...",
      "  jam join --midi 0      bangs as General MIDI drums on channel 10"
    })
final class MidiCommand implements Callable<Integer> {
  @ParentCommand JamCommand root;
  @Spec CommandSpec spec;

  @Option(names = "--list", description = "List the outputs (what jam midi does without it too).")
  boolean list;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<MidiDevice.Info> outputs = MidiOut.outputs();
    for (int i = 0; i < outputs.size(); i++) {
      MidiDevice.Info info = outputs.get(i);
      out.println(
          i
              + "\t"
              + Printable.escape(info.getName())
              + "\t"
              + Printable.escape(info.getVendor())
              + "\t"
              + Printable.escape(info.getDescription()));
    }
    out.flush();
    if (outputs.isEmpty()) {
      root.reporter().info("no MIDI outputs on this machine");
    }
    return 0;
  }
}
