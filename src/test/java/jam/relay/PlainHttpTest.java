package jam.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.testing.RecordingClient;
import jam.testing.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's answers to plain HTTP, over loopback sockets: the built-in page and its headers,
 * HEAD, other methods, missing files, every spelling of a way out of a --static folder, a huge
 * header, garbage; and after each, a WebSocket peer still joins and hears itself.
 */
class PlainHttpTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  /** A status line, headers (lower-case names) and body, read from a raw socket until it closes. */
  record Reply(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  static Reply raw(int port, String request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return read(s.getInputStream());
    }
  }

  static Reply read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    byte[] b = all.toByteArray();
    String text = new String(b, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    assertTrue(end > 0, "no complete head in: " + text);
    String[] lines = text.substring(0, end).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(b, end + 4, b.length);
    return new Reply(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
  }

  static Reply get(int port, String target) throws IOException {
    return raw(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  }

  /** A peer joins the relay, is asked for its tracks, and hears its own message. */
  static void relayUnharmed(Relay relay) {
    try (RecordingClient peer = RecordingClient.connect(relay.url())) {
      peer.assertText("collect");
      peer.send("[]");
      peer.assertText("[]");
    }
  }

  @Test
  void theBuiltInPageIsServedWithTypesAndPolicies() throws Exception {
    try (Relay relay = Relay.start(RelayConfig.loopback(), new RelayListener() {})) {
      HttpResponse<String> page =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.port() + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode());
      assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").get());
      assertEquals("nosniff", page.headers().firstValue("x-content-type-options").get());
      assertEquals("no-cache", page.headers().firstValue("cache-control").get());
      assertEquals(
          "no-referrer",
          page.headers().firstValue("referrer-policy").get(),
          "the URL has the token");
      String policy = page.headers().firstValue("content-security-policy").get();
      assertTrue(policy.startsWith("default-src 'self'; connect-src 'self' ws: wss:"), policy);
      assertTrue(page.body().contains("<script type=\"module\" src=\"jam.js\""), page.body());
      for (String[] file :
          new String[][] {
            {"/jam.js", "text/javascript; charset=utf-8"},
            {"/jam.css", "text/css; charset=utf-8"},
            {"/jam/", "text/html; charset=utf-8"},
            {"/jam/jam.js", "text/javascript; charset=utf-8"},
            {"/?token=abc", "text/html; charset=utf-8"}
          }) {
        Reply r = get(relay.port(), file[0]);
        assertEquals(200, r.status(), file[0]);
        assertEquals(file[1], r.headers().get("content-type"), file[0]);
        assertEquals(r.body().length, Integer.parseInt(r.headers().get("content-length")));
      }
      Reply head = raw(relay.port(), "HEAD /jam.js HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals(200, head.status());
      assertEquals(0, head.body().length, "HEAD: the head alone");
      assertEquals(
          get(relay.port(), "/jam.js").body().length,
          Integer.parseInt(head.headers().get("content-length")));
      relayUnharmed(relay);
    }
  }

  @Test
  void badRequestsGetTheirStatusAndTheRelayCarriesOn() throws Exception {
    try (Relay relay = Relay.start(RelayConfig.loopback(), new RelayListener() {})) {
      int port = relay.port();
      for (String method : new String[] {"POST", "PUT", "DELETE", "OPTIONS", "PATCH", "BREW"}) {
        Reply r = raw(port, method + " / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
        assertEquals(405, r.status(), method);
        assertEquals("GET, HEAD", r.headers().get("allow"));
      }
      assertEquals(404, get(port, "/missing.js").status());
      assertEquals(404, get(port, "/a/b/c").status());
      String huge = "x".repeat(20_000);
      Reply tooLarge = raw(port, "GET / HTTP/1.1\r\nHost: x\r\nX-Huge: " + huge + "\r\n\r\n");
      assertEquals(431, tooLarge.status());
      assertEquals(400, raw(port, "hello there\r\n\r\n").status());
      assertEquals(400, raw(port, "GET / HTTP/1.1\r\nno colon here\r\n\r\n").status());
      assertEquals(200, raw(port, "GET /jam.css HTTP/1.0\r\n\r\n").status(), "HTTP/1.0 too");
      relayUnharmed(relay);
    }
  }

  @Test
  void aStaticFolderIsServedAndNothingOutsideIt() throws Exception {
    Path site = Files.createDirectories(dir.resolve("site"));
    Files.writeString(site.resolve("index.html"), "<p>tutorial</p>");
    Files.writeString(site.resolve("main.js"), "console.log(1)");
    Files.createDirectories(site.resolve("lib"));
    Files.writeString(site.resolve("lib/resume-audio-context.js"), "export default 1");
    Files.createDirectories(site.resolve("assets/empty"));
    Files.writeString(site.resolve(".env"), "SECRET=1");
    byte[] wav = new byte[3 << 20]; // larger than a socket's buffer: written over many events
    new Random(7).nextBytes(wav);
    Files.write(site.resolve("assets/sample.wav"), wav);
    Files.writeString(dir.resolve("secret.txt"), "outside");
    Files.createSymbolicLink(site.resolve("out"), dir.resolve("secret.txt"));
    Files.createSymbolicLink(site.resolve("outdir"), dir);
    Files.writeString(site.resolve("inside.txt"), "inside");
    Files.createSymbolicLink(site.resolve("link.txt"), site.resolve("inside.txt"));
    RelayConfig config = RelayConfig.builder().staticDir(site).build();
    try (Relay relay = Relay.start(config, new RelayListener() {})) {
      int port = relay.port();
      Reply index = get(port, "/");
      assertEquals(200, index.status());
      assertEquals("<p>tutorial</p>", index.text());
      assertEquals("text/html; charset=utf-8", index.headers().get("content-type"));
      assertEquals(null, index.headers().get("content-security-policy"), "the folder's own page");
      assertEquals("nosniff", index.headers().get("x-content-type-options"));
      assertEquals(
          "text/javascript; charset=utf-8", get(port, "/main.js").headers().get("content-type"));
      assertEquals(200, get(port, "/lib/resume-audio-context.js").status());
      assertEquals(200, get(port, "/index.html?x=1").status());
      Reply sample = get(port, "/assets/sample.wav");
      assertEquals("audio/wav", sample.headers().get("content-type"));
      assertArrayEquals(wav, sample.body());
      Reply lib = get(port, "/lib?q=1");
      assertEquals(301, lib.status());
      assertEquals("/lib/?q=1", lib.headers().get("location"));
      assertEquals(404, get(port, "/lib/").status(), "no index.html, and no listing");
      assertEquals(404, get(port, "/assets/empty/").status());
      assertEquals("inside", get(port, "/link.txt").text(), "a link inside the folder is fine");
      assertEquals(200, get(port, "/jam/").status(), "the built-in page moved");
      assertTrue(get(port, "/jam/").text().contains("jam.js"));
      assertEquals(301, get(port, "/jam").status());
      for (String out :
          new String[] {
            "/../secret.txt",
            "/lib/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/%2e./secret.txt",
            "/lib/%2e%2e%2f%2e%2e%2fsecret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "/%252e%252e/secret.txt",
            "/%c0%ae%c0%ae/secret.txt",
            "//../secret.txt",
            "/./index.html",
            "/out",
            "/outdir/secret.txt",
            "/.env",
            "/%2eenv",
            "/index.html%00.js",
            "/jam/../../secret.txt",
          }) {
        Reply r = get(port, out);
        assertEquals(404, r.status(), out);
        assertTrue(!r.text().contains("outside") && !r.text().contains("SECRET"), out);
      }
      relayUnharmed(relay);
    }
  }

  @Test
  void theSameOverTls() throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    SSLContext server = certs.serverContextFromPem();
    RelayConfig config = RelayConfig.builder().tls(server).build();
    try (Relay relay = Relay.start(config, new RelayListener() {})) {
      SSLContext client = jam.tls.ClientTrust.trusting(certs.certPem()).context();
      HttpClient https = HttpClient.newBuilder().sslContext(client).build();
      HttpResponse<String> page =
          https.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + relay.port() + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("jam.js"));
      HttpResponse<String> post =
          https.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + relay.port() + "/"))
                  .POST(HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(405, post.statusCode());
    }
  }
}
