package jam.cli;

import static jam.testing.JamProcess.jam;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.testing.JamProcess;
import jam.testing.JsonValues;
import jam.testing.Needs;
import jam.track.Store;
import jam.track.Track;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jam's page, and the second tutorial's, in a real browser: headless Chromium (Debian's) driven by
 * playwright-core from {@code src/test/browser/pages.mjs}, against {@code jam serve} run through
 * bin/jam, with a {@code jam join} beside the pages. What the pages play is read from their Web
 * Audio calls (wrapped from outside the page). Needs node, /usr/bin/chromium and {@code npm ci} in
 * src/test/browser ({@code .ci/run} does all three).
 */
class BrowserIT {
  static final Path BROWSER = JamProcess.PROJECT.resolve("src/test/browser");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** A name a page must show as text: markup, a terminal escape, BEL, a bidi override. */
  static final String HOSTILE =
      "<script>window.__pwned=true</script><img src=x onerror=\"window.__pwned=true\">\u0007\u001b[31m\u202eevil";

  @TempDir Path dir;

  @BeforeAll
  static void browserIsThere() {
    Needs.programs("node");
    Needs.that(Files.isExecutable(CHROMIUM), "chromium is not installed (/usr/bin/chromium)");
    Needs.that(
        Files.isDirectory(BROWSER.resolve("node_modules/playwright-core")),
        "playwright-core is not installed: npm ci in src/test/browser");
  }

  @Test
  void threePagesAndAJoinShareTracksAndBangs() throws Exception {
    StringBuilder name = new StringBuilder();
    jam.text.JsonStrings.append(HOSTILE, name);
    String hostile =
        "{\"trackname\":" + name + ",\"data\":[[440,null,null,null]],\"id\":\"hostile-1\"}";
    new Store(dir.resolve("a.json")).add(List.of(Track.parse(hostile)));
    try (JamProcess serve = jam(dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", "0")) {
      String url = serve.nextLine();
      String page = ServeCommand.pageUrl(url, "/", null);
      try (JamProcess join =
          jam(dir, Map.of(), "join", "--json", "--mute", "-v", "--store", "a.json", url)) {
        join.awaitErr("connected to " + url);
        Path shots = Files.createDirectories(JamProcess.PROJECT.resolve("target/browser"));
        Map<String, Object> r = pages("builtin", page, shots.toString());
        assertEquals(List.of(), r.get("errors"));

        Map<?, ?> h = (Map<?, ?>) r.get("hostile");
        String shown =
            "<script>window.__pwned=true</script><img src=x onerror=\"window.__pwned=true\">\\a\\e[31m\\u202eevil";
        assertTrue(((List<?>) h.get("names")).contains(shown), h.toString());
        assertEquals(0L, ((Number) h.get("scripts")).longValue(), "no element from a name");
        assertEquals(false, h.get("pwned"));

        Map<?, ?> here = (Map<?, ?>) r.get("here");
        assertEquals("4 here: you, ana <b> and 2 more", here.get("b"), "three pages and the join");
        assertEquals(0L, ((Number) here.get("bold")).longValue(), "a name is text, never markup");

        Map<?, ?> tracks = (Map<?, ?>) r.get("tracks");
        for (String p : List.of("a", "b", "c")) {
          List<?> names = (List<?>) tracks.get(p);
          assertEquals(1, Collections.frequency(names, "made in a"), p + ": " + names);
          assertEquals(1, Collections.frequency(names, shown), p + ": " + names);
        }
        List<?> stored = (List<?>) r.get("stored");
        assertEquals(1, stored.size());
        Map<?, ?> made = (Map<?, ?>) stored.get(0);
        assertEquals("made in a", made.get("trackname"));
        List<?> data = (List<?>) made.get("data");
        assertEquals(8, data.size());
        assertEquals(List.of(523.25, "null", "null", "null"), nulls((List<?>) data.get(0)));
        assertEquals(List.of("null", 392.0, "null", "null"), nulls((List<?>) data.get(2)));
        assertEquals(List.of("null", 392.0, "null", "null"), nulls((List<?>) data.get(3)));
        assertTrue(made.get("id") instanceof String);

        assertEquals(List.of(1L, 1L, 1L), longs(r.get("kicks")), "a kick in every page");
        assertEquals(List.of(1L, 1L, 1L), longs(r.get("bells")), "a bell in every page");
        double ahead = ((Number) ((Map<?, ?>) r.get("scheduled")).get("aheadS")).doubleValue();
        assertTrue(ahead > 0.3 && ahead < 0.85, "a bang 800 ms ahead is started ahead: " + ahead);

        List<?> notes = (List<?>) r.get("notes");
        assertEquals(3, notes.size(), notes.toString());
        assertEquals(List.of(523.25, 392.0, 392.0), field(notes, "hz"));
        assertEquals(List.of(0.0, 0.6, 0.9), field(notes, "after"), "300 ms steps");

        for (Object o : (List<?>) r.get("together")) {
          Map<?, ?> t = (Map<?, ?>) o;
          assertEquals(
              List.of(440.0, 660.0),
              ((List<?>) t.get("hz")).stream().map(x -> ((Number) x).doubleValue()).toList(),
              "a track played together: " + t);
          double early = ((Number) t.get("aheadS")).doubleValue();
          assertTrue(early > 0.3 && early < 0.95, "started ahead, on the shared clock: " + t);
          assertEquals(0.3, ((Number) t.get("stepS")).doubleValue(), 0.002, "step_ms 150, 2 rows");
        }

        // the join: the page's track on stdout, the pages' bangs played
        String line;
        do {
          line = join.nextLine();
        } while (!line.contains("\"made in a\""));
        Map<String, Object> track = JsonValues.object(line);
        assertEquals(made.get("id"), track.get("id"));
        join.awaitErr("bang kick from ana <b>");
        join.awaitErr("bang bell");
        join.awaitErr("bang snare");
      }
    }
  }

  @Test
  void theSecondTutorialsClientServedWithStaticPlaysInThreePages() throws Exception {
    Path site = dir.resolve("websockets-101");
    copy(BROWSER.resolve("tutorial"), site);
    Files.createDirectories(site.resolve("assets"));
    Files.write(site.resolve("assets/sample.wav"), wav(0.2));
    try (JamProcess serve =
        jam(
            dir,
            Map.of(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--static",
            site.toString())) {
      String url = serve.nextLine();
      Map<String, Object> r = pages("tutorial", ServeCommand.pageUrl(url, "/", null), null);
      assertEquals(List.of(), r.get("errors"));
      assertEquals(List.of(1L, 1L, 1L), longs(r.get("sounds")), "one click, three sounds");
    }
  }

  private static Map<String, Object> pages(String mode, String url, String out)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", "pages.mjs", mode, url));
    if (out != null) {
      command.add(out);
    }
    Path err = Files.createTempFile("pages", ".err");
    Process p =
        new ProcessBuilder(command).directory(BROWSER.toFile()).redirectError(err.toFile()).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "pages.mjs did not finish");
    String errors = Files.readString(err);
    Files.delete(err);
    assertEquals(0, p.exitValue(), "pages.mjs failed: " + text + errors);
    String last = text.strip().lines().reduce((a, b) -> b).orElse("");
    try {
      return JsonValues.object(last);
    } catch (jam.text.MalformedJson e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  private static List<Object> nulls(List<?> row) {
    List<Object> out = new ArrayList<>();
    for (Object o : row) {
      out.add(o == null ? "null" : ((Number) o).doubleValue());
    }
    return out;
  }

  private static List<Long> longs(Object list) {
    return ((List<?>) list).stream().map(o -> ((Number) o).longValue()).toList();
  }

  private static List<Double> field(List<?> objects, String name) {
    return objects.stream().map(o -> ((Number) ((Map<?, ?>) o).get(name)).doubleValue()).toList();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  /** A mono 16-bit WAV of a 440 Hz tone, {@code seconds} long. */
  static byte[] wav(double seconds) {
    int rate = 44_100;
    int frames = (int) (seconds * rate);
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * frames).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * frames);
    b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1);
    b.putShort((short) 1).putInt(rate).putInt(2 * rate).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * frames);
    for (int k = 0; k < frames; k++) {
      b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * k / rate)));
    }
    return b.array();
  }
}
