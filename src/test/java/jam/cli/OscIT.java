package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.bridge.TimeTag;
import jam.testing.JamProcess;
import jam.testing.Needs;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jam join --osc} and {@code --osc-listen} through bin/jam against a real {@code jam serve},
 * checked with an independent OSC implementation: liblo's {@code oscdump} receives what jam sends,
 * its {@code oscsend} and {@code oscsendfile} (time-tagged bundles) send to jam.
 */
class OscIT {
  /** An oscdump line: time tag, address, type tags, arguments. */
  private static final Pattern DUMP =
      Pattern.compile("([0-9a-f]{8})\\.([0-9a-f]{8}) (/\\S+) (\\S*) ?(.*)");

  @TempDir Path dir;

  @BeforeEach
  void tools() {
    Needs.programs("oscdump", "oscsend", "oscsendfile");
  }

  @Test
  void oscdumpReceivesBangsAndTrackRowsAsJamAndSuperDirtFormatThem() throws Exception {
    try (JamProcess relay = serve()) {
      String url = relay.readLine();
      int jamPort = freePort();
      int dirtPort = freePort();
      try (JamProcess jamDump = oscdump(jamPort);
          JamProcess dirtDump = oscdump(dirtPort);
          JamProcess join =
              join(url, "a", "--osc", "udp://127.0.0.1:" + jamPort, "--osc-lookahead", "200ms");
          JamProcess dirt =
              join(url, "b", "--osc", "udp://127.0.0.1:" + dirtPort, "--osc-format", "superdirt")) {
        join.awaitErr("connected to");
        dirt.awaitErr("connected to");

        trigger(url, "--sound", "kick", "--name", "cy");
        assertDump(jamDump.nextLine(), "/jam/bang", "sss", "\"kick\" \"cy\" \"\"");
        assertDump(dirtDump.nextLine(), "/dirt/play", "sssi", "\"s\" \"bd\" \"orbit\" 0");

        double at = System.currentTimeMillis() + 1_500.0;
        trigger(url, "--at", String.format("%.0f", at), "--sound", "hat");
        Matcher hat = assertDump(jamDump.nextLine(), "/jam/bang", "sss", "\"hat\" \"\" \"\"");
        double tagMs = TimeTag.toUnixMs(Long.parseUnsignedLong(hat.group(1) + hat.group(2), 16));
        assertEquals(at, tagMs, 50, "the time tag is the bang's time (clocks here agree)");
        assertDump(dirtDump.nextLine(), "/dirt/play", "sssi", "\"s\" \"hh\" \"orbit\" 0");

        Files.writeString(
            dir.resolve("two.json"), "{\"trackname\":\"two\",\"data\":[[440,null],[],[660]]}");
        JamProcess.Result play =
            JamProcess.run(dir, Map.of(), "play", "two.json", "--together", "--relay", url);
        assertEquals(0, play.exitCode(), play.err());
        assertDump(jamDump.nextLine(), "/jam/note", "ffss", "440.000000 0.500000 \"two\" \"\"");
        assertDump(jamDump.nextLine(), "/jam/note", "ffss", "660.000000 0.500000 \"two\" \"\"");
        assertDump(
            dirtDump.nextLine(),
            "/dirt/play",
            "sssfsfsi",
            "\"s\" \"superpiano\" \"freq\" 440.000000 \"sustain\" 0.500000 \"orbit\" 0");
      }
    }
  }

  @Test
  void oscsendAndOscsendfileBangForTheWholeJamAndBadInputIsOneLineEach() throws Exception {
    try (JamProcess relay = serve()) {
      String url = relay.readLine();
      int listen = freePort();
      int dumpPort = freePort();
      try (JamProcess dump = oscdump(dumpPort);
          JamProcess listener =
              join(url, "a", "--osc-listen", "udp://127.0.0.1:" + listen, "--name", "ana");
          JamProcess other = join(url, "b", "--osc", "udp://127.0.0.1:" + dumpPort);
          JamProcess events =
              JamProcess.jam(
                  dir,
                  Map.of(),
                  "join",
                  url,
                  "--mute",
                  "--json",
                  "--events",
                  "--store",
                  "e.json")) {
        listener.awaitErr("listening for OSC on udp://127.0.0.1:" + listen);
        other.awaitErr("connected to");
        events.awaitErr("connected to");

        run("oscsend", "127.0.0.1", String.valueOf(listen), "/jam/bang", "s", "snare");
        assertDump(dump.nextLine(), "/jam/bang", "sss", "\"snare\" \"ana\" \"\"");
        String line;
        do {
          line = events.nextLine();
        } while (!line.contains("\"bang\""));
        assertEquals("{\"type\":\"bang\",\"sound\":\"snare\",\"from\":\"ana\"}", line);
        run("oscsend", "127.0.0.1", String.valueOf(listen), "/jam/bang");
        assertDump(dump.nextLine(), "/jam/bang", "sss", "\"bang\" \"ana\" \"\"");

        // oscsendfile sends each line as a bundle, time-tagged when it sends it
        Files.writeString(
            dir.resolve("bangs.txt"),
            "00000001.00000000 /jam/bang s \"kick\"\n00000001.40000000 /jam/bang s \"bell\"\n");
        run("oscsendfile", "127.0.0.1", String.valueOf(listen), "bangs.txt");
        assertDump(dump.nextLine(), "/jam/bang", "sss", "\"kick\" \"ana\" \"\"");
        assertDump(dump.nextLine(), "/jam/bang", "sss", "\"bell\" \"ana\" \"\"");

        run("oscsend", "127.0.0.1", String.valueOf(listen), "/synth/cutoff", "f", "0.5");
        try (DatagramSocket s = new DatagramSocket()) {
          InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), listen);
          byte[] garbage = "not OSC at all!!".getBytes(StandardCharsets.US_ASCII);
          s.send(new DatagramPacket(garbage, garbage.length, to));
          byte[] big = new byte[10_000];
          big[0] = '/';
          s.send(new DatagramPacket(big, big.length, to));
        }
        run("oscsend", "127.0.0.1", String.valueOf(listen), "/jam/bang", "s", "hat");
        assertDump(dump.nextLine(), "/jam/bang", "sss", "\"hat\" \"ana\" \"\"");
        String err = listener.err();
        assertTrue(err.contains("jam: --osc-listen: ignored /synth/cutoff from 127.0.0.1:"), err);
        assertTrue(err.contains("jam: --osc-listen: ignored a malformed OSC packet"), err);
        assertTrue(err.contains("jam: --osc-listen: ignored a packet over 4096 bytes"), err);

        try (JamProcess taken = join(url, "c", "--osc-listen", "udp://127.0.0.1:" + listen)) {
          assertTrue(
              taken
                  .awaitErr("--osc-listen")
                  .startsWith("jam: --osc-listen: cannot listen on udp://127.0.0.1:" + listen));
          assertTrue(taken.err().contains("jam: connected to"), taken.err());
        }
      }
    }
  }

  /** At a terminal (tmux), the console's own bang goes out over OSC as well. */
  @Test
  void theConsolesBangGoesOutOverOsc() throws Exception {
    Needs.programs("tmux");
    String socket = "jam-osc-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    try (JamProcess relay = serve()) {
      String url = relay.readLine();
      int port = freePort();
      try (JamProcess dump = oscdump(port)) {
        String join =
            "cd '"
                + dir
                + "' && env -u JAM_URL -u JAM_TOKEN -u JAM_STORE HOME='"
                + dir
                + "' XDG_STATE_HOME='"
                + dir.resolve("state")
                + "' TERM=xterm-256color '"
                + JamProcess.LAUNCHER
                + "' join --mute --store c.json --name bo --osc udp://127.0.0.1:"
                + port
                + " "
                + url
                + "; sleep 60";
        tmux(socket, "new-session", "-d", "-s", "jam", "-x", "120", "-y", "30", join);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!tmux(socket, "capture-pane", "-p", "-t", "jam").contains("connected")) {
          assertTrue(System.nanoTime() < deadline, tmux(socket, "capture-pane", "-p", "-t", "jam"));
          Thread.sleep(100);
        }
        tmux(socket, "send-keys", "-t", "jam", "-l", "bang bell");
        tmux(socket, "send-keys", "-t", "jam", "Enter");
        assertDump(dump.nextLine(), "/jam/bang", "sss", "\"bell\" \"bo\" \"\"");
        while (!tmux(socket, "capture-pane", "-p", "-t", "jam").contains("bang bell from bo")) {
          assertTrue(System.nanoTime() < deadline, tmux(socket, "capture-pane", "-p", "-t", "jam"));
          Thread.sleep(100);
        }
        tmux(socket, "send-keys", "-t", "jam", "-l", "quit");
        tmux(socket, "send-keys", "-t", "jam", "Enter");
      } finally {
        try {
          tmux(socket, "kill-server");
        } catch (AssertionError e) {
          // already gone
        }
      }
    }
  }

  @Test
  void troubleWithOutputsIsOneLineAndTheJoinGoesOn() {
    try (JamProcess relay = serve()) {
      String url = relay.readLine();
      JamProcess.Result r =
          JamProcess.run(
              dir,
              Map.of(),
              "join",
              url,
              "--mute",
              "--format",
              "text",
              "--store",
              "s.json",
              "--osc",
              "udp://no-such-host.invalid:57120",
              "--midi",
              "no such synth",
              "--exit-after",
              "4s");
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.err().contains("jam: --osc: cannot resolve no-such-host.invalid;"), r.err());
      assertTrue(r.err().contains("jam: --midi: no MIDI output 'no such synth' here"), r.err());
      assertTrue(r.err().contains("jam: connected to"), r.err());
    }
    for (String[] bad :
        new String[][] {
          {"--osc", "tcp://127.0.0.1:9", "--osc: 'tcp://127.0.0.1:9' is not udp://HOST:PORT"},
          {"--osc-listen", "udp://127.0.0.1", "--osc-listen: 'udp://127.0.0.1' is not"},
          {"--osc-lookahead", "2s", "--osc-lookahead must be from 0 to 1s"},
          {"--midi-map", "kick=200", "--midi-map: a MIDI note is from 0 to 127, not 200"},
          {"--osc-format", "tidal", "--osc-format"}
        }) {
      JamProcess.Result r = JamProcess.run(dir, Map.of(), "join", bad[0], bad[1]);
      assertEquals(2, r.exitCode(), r.err());
      assertTrue(r.err().contains(bad[2]), r.err());
    }
    JamProcess.Result list = JamProcess.run(dir, Map.of(), "midi", "--list");
    assertEquals(0, list.exitCode(), list.err());
    for (String line : list.out().lines().toList()) {
      assertTrue(line.matches("[0-9]+\t[^\t]+\t[^\t]*\t[^\t]*"), line);
    }
  }

  private JamProcess serve() {
    return JamProcess.jam(dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", "0", "-q");
  }

  private JamProcess join(String url, String name, String... more) {
    String[] args = new String[8 + more.length];
    String[] base = {"join", url, "--mute", "--format", "text", "--store", name + ".json", "-v"};
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return JamProcess.jam(dir, Map.of(), args);
  }

  private JamProcess oscdump(int port) {
    return JamProcess.shell(dir, Map.of(), "exec oscdump -L " + port);
  }

  private void trigger(String url, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "trigger";
    System.arraycopy(args, 0, all, 1, args.length);
    all[all.length - 1] = url;
    JamProcess.Result r = JamProcess.run(dir, Map.of(), all);
    assertEquals(0, r.exitCode(), r.err());
  }

  private void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    assertEquals(0, p.waitFor(), String.join(" ", command));
  }

  private static String tmux(String socket, String... args) throws Exception {
    java.util.List<String> command =
        new java.util.ArrayList<>(java.util.List.of("tmux", "-L", socket));
    command.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "tmux hangs: " + command);
    assertEquals(0, p.exitValue(), command + ": " + out);
    return out;
  }

  private static Matcher assertDump(String line, String address, String types, String args) {
    Matcher m = DUMP.matcher(line);
    assertTrue(m.matches(), line);
    assertEquals(
        address + " " + types + " " + args, m.group(3) + " " + m.group(4) + " " + m.group(5), line);
    return m;
  }

  private static int freePort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
