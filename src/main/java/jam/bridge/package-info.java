/**
 * Bridges to the music software people already use: a session's bangs and track steps out as OSC
 * over UDP ({@link jam.bridge.OscOut}, jam's own {@code /jam/bang} or SuperDirt's {@code
 * /dirt/play}) and as MIDI notes ({@link jam.bridge.MidiOut}), and OSC messages in as bangs for the
 * whole jam ({@link jam.bridge.OscIn}). {@link jam.bridge.Osc} is the one OSC 1.0 codec, written
 * from the specification (JavaOSC 0.8, the newest that resolves, pulls in log4j 1.x and SLF4J
 * bindings for a few hundred lines of encoding); {@link jam.bridge.TimeTag} is NTP time. {@link
 * jam.bridge.Bridge} puts the outputs beside a peer's sink; {@link jam.bridge.MidiMap} says which
 * note each sound plays; {@link jam.bridge.UdpAddress} reads {@code udp://HOST:PORT}.
 */
package jam.bridge;
