package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.bridge.MidiMap;
import jam.bridge.MidiOut;
import jam.bridge.OscFormat;
import jam.bridge.OscIn;
import jam.bridge.OscOut;
import jam.bridge.Output;
import jam.bridge.Rooms;
import jam.bridge.UdpAddress;
import jam.clock.Clock;
import jam.peer.TrackPeer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code jam join}'s options for the music software people already use ({@link jam.bridge}): OSC
 * out, OSC in, MIDI out. Checks them ({@link #check}, usage errors), then opens what they ask for;
 * what cannot be opened (a port in use, no such MIDI device) is one line and the session goes on
 * without it; {@link #close} ends them all. Not thread safe.
 */
final class BridgeOptions {
  static final Duration MAX_LOOKAHEAD = Duration.ofSeconds(1);

  @Option(
      names = "--osc",
      paramLabel = "udp://HOST:PORT",
      description =
          "Also send every bang (and with --play-tracks or play --together every track row) as OSC over UDP: scheduled ones in bundles time-tagged with their time on this machine's clock, sent --osc-lookahead before it; others at once. See --osc-format.")
  String osc;

  @Option(
      names = "--osc-format",
      paramLabel = "jam|superdirt",
      description =
          "jam (default): /jam/bang SOUND SENDER ROOM, and /jam/note HZ SECONDS TRACK ROOM per note of a row; superdirt: /dirt/play s NAME orbit 0 (bang cp, kick bd, snare sn, hat hh, bell cb, other names as they are; a row's notes as s superpiano freq HZ sustain S), for SuperDirt on UDP 57120.")
  OscFormat oscFormat = OscFormat.JAM;

  @Option(
      names = "--osc-lookahead",
      paramLabel = "DURATION",
      converter = Units.DurationConverter.class,
      description =
          "How long before its time a scheduled event is sent over OSC (default 100ms, at most 1s).")
  Duration oscLookahead = Duration.ofMillis(100);

  @Option(
      names = "--osc-listen",
      paramLabel = "udp://HOST:PORT",
      description =
          "Take OSC here: /jam/bang [SOUND] becomes a bang for the whole jam, at its bundle's time tag when that is in the future. Use 127.0.0.1: any other address lets the network bang.")
  String oscListen;

  @Option(
      names = "--midi",
      paramLabel = "DEVICE",
      description =
          "Also play bangs and track rows as MIDI notes on this output (its number or name from jam midi --list). No such device: one line, and it goes on.")
  String midi;

  @Option(
      names = "--midi-map",
      paramLabel = "SOUND=NOTE[/CH]",
      split = ",",
      description =
          "Change a sound's note (0-127) and channel (1-16, default 10); default General MIDI drums on channel 10: bang=39 kick=36 snare=38 hat=42 bell=56. Track rows: the nearest note, channel 1.")
  List<String> midiMap = new ArrayList<>();

  private UdpAddress oscTo;
  private UdpAddress listenAt;
  private MidiMap map = MidiMap.GENERAL_MIDI;
  private final List<Output> opened = new ArrayList<>();
  private OscIn listening;

  /** Reads the options; a bad one is a usage error. */
  void check() {
    oscTo = address("--osc", osc);
    listenAt = address("--osc-listen", oscListen);
    if (oscLookahead.isNegative() || oscLookahead.compareTo(MAX_LOOKAHEAD) > 0) {
      throw new JamException(ExitCode.USAGE, "--osc-lookahead must be from 0 to 1s");
    }
    for (String entry : midiMap) {
      try {
        map = map.with(entry);
      } catch (IllegalArgumentException e) {
        throw new JamException(ExitCode.USAGE, "--midi-map: " + e.getMessage());
      }
    }
  }

  /** The outputs asked for that could be opened. */
  List<Output> outputs(URI relay, Clock local, Reporter reporter) {
    List<Output> out = new ArrayList<>();
    if (oscTo != null) {
      OscOut o = OscOut.open(oscTo, oscFormat, local, oscLookahead, Rooms.of(relay), reporter);
      if (o != null) {
        out.add(o);
      }
    }
    if (midi != null) {
      MidiOut m = MidiOut.open(midi, map, reporter);
      if (m != null) {
        out.add(m);
      }
    }
    opened.addAll(out);
    return out;
  }

  /** Listens for OSC bangs for {@code peer}'s jam, when asked to and the port can be bound. */
  void listen(TrackPeer peer, Reporter reporter) {
    if (listenAt != null && listening == null) {
      listening = OscIn.open(listenAt, peer.clock(), peer::send, reporter);
    }
  }

  /** Closes the listener and the outputs opened. */
  void close() {
    if (listening != null) {
      listening.close();
    }
    opened.forEach(Output::close);
  }

  private static UdpAddress address(String option, String text) {
    if (text == null) {
      return null;
    }
    try {
      return UdpAddress.parse(text);
    } catch (IllegalArgumentException e) {
      throw new JamException(ExitCode.USAGE, option + ": " + e.getMessage());
    }
  }
}
