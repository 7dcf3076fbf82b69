package jam.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.protocol.Wire;
import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import jam.testing.RecordingReporter;
import jam.tls.ClientTrust;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A session opened before its relay is up: it waits with backoff when asked to, and only then. */
class SessionStartTest {
  private static final RelayListener NO_LOG = new RelayListener() {};
  private static final Session.Options WAITING =
      new Session.Options(
              Duration.ofSeconds(10),
              true,
              Duration.ofMillis(20),
              Duration.ofMillis(200),
              ClientTrust.defaults())
          .withWaitAtStart(true);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void waitsWithOneLineThenConnectsOnceTheRelayIsUp() throws Exception {
    int port = freePort();
    URI url = URI.create("ws://127.0.0.1:" + port + "/socket");
    RecordingReporter lines = RecordingReporter.verbose();
    BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    Session session = Session.open(url, WAITING, (from, text) -> texts.add(text), lines);
    open.add(session);
    assertEquals("waiting for " + url + " (connection refused)", lines.next());
    for (int i = 0; i < 3; i++) {
      assertEquals(
          "cannot connect to " + url + ": connection refused; trying again",
          lines.next()); // -v only
    }
    assertFalse(session.ended().isDone());

    open.add(Relay.start(RelayConfig.builder().port(port).build(), NO_LOG));
    String line = lines.next();
    while (line.endsWith(
        "; trying again")) { // attempts that failed before the relay was up: -v's, not another
      // waiting line
      line = lines.next();
    }
    assertEquals("connected to " + url, line);
    assertEquals(Wire.COLLECT, texts.poll(10, TimeUnit.SECONDS));
    assertTrue(session.send("[]"));
    session.close();
    assertEquals(List.of(), lines.left());
  }

  @Test
  void aRelayThatComesUpRefusingUsEndsTheWait() throws Exception {
    int port = freePort();
    URI url = URI.create("ws://127.0.0.1:" + port + "/socket");
    RecordingReporter lines = new RecordingReporter();
    Session session = Session.open(url, WAITING, (from, text) -> {}, lines);
    open.add(session);
    lines.next();
    open.add(Relay.start(RelayConfig.builder().port(port).token("s3cret").build(), NO_LOG));
    ExecutionException ended =
        assertThrows(ExecutionException.class, () -> session.ended().get(30, TimeUnit.SECONDS));
    JamException e = (JamException) ended.getCause();
    assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
    assertTrue(e.getMessage().contains("the relay wants a token (HTTP 401)"), e.getMessage());
  }

  @Test
  void withoutWaitingOrForWhatWaitingCannotFixItFailsAtOnce() throws IOException {
    URI nowhere = URI.create("ws://127.0.0.1:" + freePort() + "/socket");
    JamException refused =
        assertThrows(
            JamException.class,
            () ->
                Session.open(
                    nowhere, WAITING.withWaitAtStart(false), (from, text) -> {}, Reporter.SILENT));
    assertEquals("cannot connect to " + nowhere + ": connection refused", refused.getMessage());

    URI unknown = URI.create("ws://no-such-host.invalid:8080/socket");
    RecordingReporter lines = new RecordingReporter();
    JamException e =
        assertThrows(
            JamException.class, () -> Session.open(unknown, WAITING, (from, text) -> {}, lines));
    assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
    assertEquals(List.of(), lines.left());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }
}
