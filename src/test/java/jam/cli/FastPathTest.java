package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * {@link FastPath} against picocli, the one definition of the command line: for plain command lines
 * both fill in the same command and give the same exit code and output; everything else goes to
 * picocli.
 */
class FastPathTest {
  private static final String GIVEN =
      "{\"trackname\":\"riff\",\"data\":[[440,null,580,332]],\"id\":\"given\"}";
  private static final String NO_ID = "{\"trackname\":\"bass\",\"data\":[[110,null,null,null]]}";

  @TempDir Path dir;

  // ------------------------------------------------------------------------------ what it reads

  @Test
  void plainAddTrackLinesFillInWhatPicocliFillsIn() {
    for (String[] args :
        List.of(
            a("add-track"),
            a("add-track", "-"),
            a("add-track", "a.json", "b.json", "-"),
            a("add-track", "--store", "s.json", "a.json"),
            a("add-track", "--store=s.json", "a.json"),
            a("-q", "add-track", "a.json", "--store", "s.json"),
            a("add-track", "-v", "a.json"),
            a("--verbose", "add-track", "--quiet", "a=b.json"),
            a("add-track", "help", "trigger"))) {
      AddTrackCommand fast = FastPath.parse(args).addTrack;
      AddTrackCommand slow = picocli(args, AddTrackCommand.class);
      String what = String.join(" ", args);
      assertEquals(slow.inputs, fast.inputs, what);
      assertEquals(slow.storeOption.store, fast.storeOption.store, what);
      assertEquals(slow.root.quiet, FastPath.parse(args).quiet, what);
      assertEquals(slow.root.verbose, FastPath.parse(args).verbose, what);
    }
  }

  @Test
  void plainTriggerLinesFillInWhatPicocliFillsIn() {
    for (String[] args :
        List.of(
            a("trigger"),
            a("trigger", "ws://127.0.0.1:8080/socket"),
            a("trigger", "--sound", "kick", "ws://h:1/socket"),
            a("trigger", "--count", "16", "--interval", "250ms", "--sound=hat"),
            a("trigger", "--count=0", "--interval=0s"),
            a("trigger", "--interval", "1.5", "--count", "999999999"),
            a("-q", "trigger", "--token", "s3cret", "-v", "wss://example.org/socket"),
            a("trigger", "not a url"))) {
      FastPath.Parsed parsed = FastPath.parse(args);
      TriggerCommand fast = parsed.trigger;
      TriggerCommand slow = picocli(args, TriggerCommand.class);
      String what = String.join(" ", args);
      assertEquals(slow.relayUrl.url, fast.relayUrl.url, what);
      assertEquals(slow.relayUrl.token, fast.relayUrl.token, what);
      assertEquals(slow.relayUrl.caCert, fast.relayUrl.caCert, what);
      assertEquals(slow.relayUrl.insecure, fast.relayUrl.insecure, what);
      assertEquals(slow.sound, fast.sound, what);
      assertEquals(slow.count, fast.count, what);
      assertEquals(slow.interval, fast.interval, what);
      assertEquals(slow.root.quiet, parsed.quiet, what);
      assertEquals(slow.root.verbose, parsed.verbose, what);
    }
  }

  @Test
  void everythingElseIsLeftToPicocli() {
    for (String[] args :
        List.of(
            a(),
            a("--help"),
            a("--version"),
            a("help", "add-track"),
            a("tracks", "extra"),
            a("tracks", "--json", "--json"),
            a("tracks", "--bogus"),
            a("rm"),
            a("rm", "-"),
            a("rm", "--json", "riff"),
            a("join"),
            a("add-track", "--help"),
            a("add-track", "-h"),
            a("trigger", "-V"),
            a("add-track", "--bogus"),
            a("add-track", "--store"),
            a("add-track", "--store", "a.json", "--store", "b.json"),
            a("add-track", "--store="),
            a("add-track", "--store", "-q"),
            a("add-track", "--store", "@s"),
            a("add-track", "@args.txt"),
            a("add-track", "--", "-x.json"),
            a("add-track", ""),
            a("add-track", "-qv"),
            a("-q", "-q", "add-track"),
            a("add-track", "--quiet=true"),
            a("add-track", "--sound", "kick"),
            a("trigger", "--store", "s.json"),
            a("trigger", "ws://a/socket", "ws://b/socket"),
            a("trigger", "--count", "010"),
            a("trigger", "--count", "+3"),
            a("trigger", "--count", "-1"),
            a("trigger", "--count", "0x10"),
            a("trigger", "--count", "9999999999"),
            a("trigger", "--count", "many"),
            a("trigger", "--interval", "5parsecs"),
            a("trigger", "--interval", "soon"),
            a("trigger", "--sound"),
            a("trigger", "--count", "2", "--count", "3"),
            a("trigger", "--cacert", "ca.pem", "wss://h/socket"),
            a("trigger", "--insecure", "wss://h/socket"))) {
      assertNull(FastPath.parse(args), String.join(" ", args));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      assertEquals(
          OptionalInt.empty(), FastPath.run(args, new PrintWriter(out), new PrintWriter(err)));
      assertEquals("", out + "" + err, String.join(" ", args));
    }
  }

  // ------------------------------------------------------------------------------ what it does

  @Test
  void addTrackGivesPicocliOutcome() throws IOException {
    Files.writeString(dir.resolve("given.json"), GIVEN);
    Files.writeString(dir.resolve("noid.json"), NO_ID);
    Files.writeString(dir.resolve("bad.json"), "[{\"trackname\":\"x\",\"data\":[]}, 7]");
    for (String[] args :
        List.of(
            a("add-track", "--store", "STORE", "DIR/given.json"),
            a("add-track", "--store", "STORE", "DIR/given.json", "DIR/given.json"),
            a("-q", "add-track", "--store=STORE", "DIR/given.json", "DIR/given.json"),
            a("add-track", "--store", "STORE", "DIR/given.json", "DIR/bad.json"),
            a("add-track", "-v", "--store", "STORE", "DIR/missing.json"),
            a("add-track", "--store", "DIR/given.json", "DIR/noid.json"))) {
      Path fastStore = Files.createTempDirectory(dir, "fast").resolve("tracks.json");
      Path slowStore = Files.createTempDirectory(dir, "slow").resolve("tracks.json");
      Outcome fast = fast(args, fastStore);
      Outcome slow = slow(args, slowStore);
      String what = String.join(" ", args);
      assertEquals(slow, fast, what);
      assertEquals(read(slowStore), read(fastStore), what);
    }
  }

  @Test
  void aTrackWithoutIdGetsItsContentIdOnBothPaths() throws IOException {
    Files.writeString(dir.resolve("noid.json"), NO_ID);
    String[] args = a("add-track", "--store", "STORE", "DIR/noid.json");
    Outcome fast = fast(args, dir.resolve("f.json"));
    Outcome slow = slow(args, dir.resolve("s.json"));
    assertTrue(fast.out.matches("[0-9a-f]{16}\n"), fast.out);
    assertEquals(new Outcome(0, fast.out, ""), slow);
    assertEquals(new Outcome(0, fast.out, ""), fast);
  }

  @Test
  void tracksAndRmGivePicocliOutcome() throws IOException {
    Files.writeString(dir.resolve("given.json"), GIVEN);
    Files.writeString(dir.resolve("noid.json"), NO_ID);
    for (String[] args :
        List.of(
            a("tracks", "--store", "STORE"),
            a("tracks", "--json", "--store=STORE"),
            a("-q", "tracks", "--store", "STORE"),
            a("rm", "--store", "STORE", "nosuch"),
            a("rm", "--store", "STORE", "riff"),
            a("-v", "rm", "--store", "STORE", "riff", "riff"))) {
      Path fastStore = Files.createTempDirectory(dir, "fast").resolve("tracks.json");
      Path slowStore = Files.createTempDirectory(dir, "slow").resolve("tracks.json");
      for (Path store : List.of(fastStore, slowStore)) {
        assertEquals(
            0,
            fast(a("add-track", "--store", "STORE", "DIR/given.json", "DIR/noid.json"), store)
                .code);
      }
      String what = String.join(" ", args);
      assertEquals(slow(args, slowStore), fast(args, fastStore), what);
      assertEquals(read(slowStore), read(fastStore), what);
    }
    Path empty = dir.resolve("empty.json");
    assertEquals(
        slow(a("tracks", "--store", "STORE"), empty), fast(a("tracks", "--store", "STORE"), empty));
  }

  @Test
  void triggerGivesPicocliOutcome() throws IOException, InterruptedException {
    String nowhere = "ws://127.0.0.1:" + freePort() + "/socket";
    BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();
    try (Relay relay = Relay.start(RelayConfig.loopback(), new Closes(closes))) {
      for (String[] args :
          List.of(
              a("trigger", relay.url()),
              a("trigger", "--sound", "kick", "--count", "2", "--interval", "20ms", relay.url()),
              a("trigger", "--sound", "tuba", relay.url()),
              a("-q", "trigger", "--sound", "tuba", relay.url()),
              a("trigger", "--count", "0", relay.url()),
              a("trigger", "--interval", "0ms", relay.url()),
              a("trigger", "ftp://127.0.0.1/socket"),
              a("trigger", "--token", "s3cret", nowhere),
              a("trigger", nowhere))) {
        String what = String.join(" ", args);
        Outcome fast = fast(args, dir.resolve("unused.json"));
        Outcome slow = slow(args, dir.resolve("unused.json"));
        assertEquals(slow, fast, what);
        if (fast.code == 0) {
          assertEquals(1000, closes.poll(5, TimeUnit.SECONDS), what); // the fast one
          assertEquals(1000, closes.poll(5, TimeUnit.SECONDS), what); // picocli's
        }
      }
      assertNull(closes.poll(100, TimeUnit.MILLISECONDS));
    }
  }

  // ------------------------------------------------------------------------------ helpers

  private record Outcome(int code, String out, String err) {}

  private Outcome fast(String[] args, Path store) {
    String[] real = resolve(args, store);
    assertNotNull(FastPath.parse(real), String.join(" ", real));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        FastPath.run(real, new PrintWriter(out, true), new PrintWriter(err, true)).orElseThrow();
    return new Outcome(code, out.toString(), shown(err, store));
  }

  private Outcome slow(String[] args, Path store) {
    String[] real = resolve(args, store);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true), real)
            .execute(real);
    return new Outcome(code, out.toString(), shown(err, store));
  }

  /** stderr without the frames of stack traces, which differ between the two paths by design. */
  private static String shown(StringWriter err, Path store) {
    return err.toString()
        .replace(store.toString(), "STORE")
        .replaceAll("(?m)^\\t(at |\\.\\.\\. ).*\\n", "");
  }

  private String[] resolve(String[] args, Path store) {
    List<String> real = new ArrayList<>();
    for (String a : args) {
      real.add(a.replace("STORE", store.toString()).replace("DIR", dir.toString()));
    }
    return real.toArray(String[]::new);
  }

  private static String read(Path store) throws IOException {
    return Files.exists(store) ? Files.readString(store) : "(none)";
  }

  private static <T> T picocli(String[] args, Class<T> type) {
    CommandLine cl =
        CommandLineFactory.create(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args);
    ParseResult parsed = cl.parseArgs(args);
    return type.cast(parsed.subcommand().commandSpec().userObject());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String[] a(String... args) {
    return args;
  }

  private static final class Closes implements RelayListener {
    private final BlockingQueue<Integer> codes;

    Closes(BlockingQueue<Integer> codes) {
      this.codes = codes;
    }

    @Override
    public void left(java.net.InetSocketAddress peer, int peers, int code, String reason) {
      codes.add(code);
    }
  }
}
