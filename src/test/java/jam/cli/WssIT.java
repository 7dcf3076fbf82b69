package jam.cli;

import static jam.testing.JamProcess.jam;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.testing.JamProcess;
import jam.testing.Needs;
import jam.testing.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jam serve} over wss:// as many clients meet it: Node's {@code ws} clients one after
 * another and all at once, each registered within 5 s; and jam's own {@code join} and {@code
 * trigger}, started again and again. A handshake that stalls shows only among many: one or two
 * connections never meet it (docs/reliability.md, "wss:// handshakes under many connections").
 */
class WssIT {
  /**
   * How long one short-lived {@code jam join} or {@code jam trigger} may take, start-up included.
   */
  private static final int EACH_SECONDS = 30;

  /** Joins (and as many triggers) started together, wave after wave. */
  private static final int AT_ONCE = 5;

  @TempDir Path dir;

  @Test
  void twoHundredNodeClientsOneAfterAnotherAndAHundredAtOnceAreAllRegisteredWithin5s()
      throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    try (JamProcess serve = serve(certs)) {
      String url = serve.nextLine();
      Process node =
          node(
              "src/test/resources/interop/wss-clients.js",
              url,
              certs.certPem().toString(),
              "200",
              "100",
              "5000");
      String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertTrue(node.waitFor(120, TimeUnit.SECONDS), "node still running");
      assertEquals(0, node.exitValue(), out);
      assertTrue(
          out.startsWith("{\"sequential\":200,\"burst\":100,"),
          out + "\nrelay: " + tail(serve.err()));
    }
  }

  @Test
  void joinAndTriggerOverWss50TimesEachNeverHang() throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    Files.writeString(
        dir.resolve("a.json"),
        "[{\"id\":\"wss-1\",\"trackname\":\"riff\",\"data\":[[440,null,null,null]]}]");
    Files.writeString(dir.resolve("empty.json"), "[]");
    String ca = certs.certPem().toString();
    try (JamProcess serve = serve(certs)) {
      String url = serve.nextLine();
      try (JamProcess sharer =
          jam(
              dir,
              Map.of(),
              "join",
              "--json",
              "--mute",
              "--cacert",
              ca,
              "--store",
              "a.json",
              url)) {
        assertTrue(sharer.nextLine().contains("\"wss-1\""));
        for (int wave = 0; wave < 50 / AT_ONCE; wave++) {
          List<JamProcess> joins = new ArrayList<>();
          List<JamProcess> triggers = new ArrayList<>();
          try {
            for (int i = 0; i < AT_ONCE; i++) {
              joins.add(
                  jam(
                      dir,
                      Map.of(),
                      "join",
                      "--json",
                      "--mute",
                      "--cacert",
                      ca,
                      "--store",
                      "empty.json",
                      "--count",
                      "1",
                      "--exit-after",
                      "15s",
                      url));
              triggers.add(jam(dir, Map.of(), "trigger", "--cacert", ca, url));
            }
            for (JamProcess join : joins) {
              assertEquals(0, join.exitCode(EACH_SECONDS), "join: " + join.err());
              assertTrue(join.out().contains("\"wss-1\""), "a join got no track: " + join.err());
            }
            for (JamProcess trigger : triggers) {
              assertEquals(0, trigger.exitCode(EACH_SECONDS), "trigger: " + trigger.err());
            }
          } finally {
            joins.forEach(JamProcess::close);
            triggers.forEach(JamProcess::close);
          }
        }
      }
    }
  }

  private JamProcess serve(TestCertificates certs) {
    return jam(
        dir,
        Map.of(),
        "serve",
        "-q",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--tls-cert",
        certs.certPem().toString(),
        "--tls-key",
        certs.keyPem().toString());
  }

  /**
   * Node with the benchmark harness's ws module (NODE_PATH as .ci/run sets it, else
   * ../shared/bench).
   */
  private static Process node(String... args) throws IOException {
    Needs.programs("node");
    String modules = System.getenv("NODE_PATH");
    if (modules == null || modules.isEmpty()) {
      modules = Path.of("../shared/bench/node_modules").toAbsolutePath().normalize().toString();
    }
    boolean hasWs = false;
    for (String m : modules.split(":")) {
      hasWs |= Files.isDirectory(Path.of(m, "ws"));
    }
    Needs.that(hasWs, "no ws module in " + modules + " (npm ci in ../shared/bench)");
    ProcessBuilder pb = new ProcessBuilder("node");
    pb.command().addAll(List.of(args));
    pb.environment().put("NODE_PATH", modules);
    return pb.redirectError(ProcessBuilder.Redirect.INHERIT)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
  }

  private static String tail(String text) {
    return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
  }
}
