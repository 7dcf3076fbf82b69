package jam.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.protocol.Wire;
import jam.testing.RecordingClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated frames sent raw at a running relay for a few seconds (bounded by time, seeded
 * so a failure can be replayed): the relay stays up and bystanders receive every message they were
 * sent, in order. Frames: text, binary, continuation, control and reserved opcodes, RSV bits,
 * masked and unmasked, every length encoding including 2^63-1, invalid UTF-8, oversized control
 * frames, close frames with bad codes, bit flips of valid frames, and garbage before the handshake.
 */
class RelayFuzzTest {
  private static final long FUZZ_MILLIS = 4_000;
  private static final String MARK = "bystander-";

  @Test
  void garbageFramesNeitherBringTheRelayDownNorCostBystandersAMessage() throws Exception {
    long seed = Long.getLong("jam.fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    AtomicInteger fuzzConnections = new AtomicInteger();
    try (Relay relay =
            Relay.start(
                RelayConfig.builder().maxMessage(64 << 10).build(), new RelayListener() {});
        RecordingClient sender = RecordingClient.connect(relay.url());
        RecordingClient receiver = RecordingClient.connect(relay.url())) {
      AtomicBoolean fuzzing = new AtomicBoolean(true);
      Thread fuzzer =
          new Thread(
              () -> {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FUZZ_MILLIS);
                while (System.nanoTime() < end) {
                  fuzzOnce(relay.port(), random);
                  fuzzConnections.incrementAndGet();
                }
                fuzzing.set(false);
              },
              "fuzzer");
      fuzzer.start();
      int sent = 0;
      while (fuzzing.get()) {
        sender.send(MARK + sent++);
        Thread.sleep(2); // a steady trickle beside the fuzzing, on purpose: not a flood
      }
      fuzzer.join();
      sender.send(MARK + "end");

      int next = 0;
      while (true) {
        String text = receiver.nextText(); // fails after RecordingClient.WAIT without a message
        if (!text.startsWith(MARK)) {
          continue; // collect, and whatever valid text the fuzzer got through: the relay forwards
          // it
        }
        if (text.equals(MARK + "end")) {
          break;
        }
        assertEquals(MARK + next, text, "seed " + seed);
        next++;
      }
      assertEquals(sent, next, "seed " + seed + ": messages lost");
      try (RecordingClient late = RecordingClient.connect(relay.url())) {
        late.assertText(Wire.COLLECT);
      }
      assertTrue(fuzzConnections.get() > 10, "only " + fuzzConnections.get() + " fuzz connections");
      System.out.println(
          "relay fuzz: seed "
              + seed
              + ", "
              + fuzzConnections.get()
              + " connections of garbage, "
              + sent
              + " bystander messages, none lost");
    }
  }

  /** One connection's worth of garbage; whatever the relay answers, the connection ends here. */
  private static void fuzzOnce(int port, Random random) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10);
      s.setSoLinger(true, 0);
      OutputStream out = s.getOutputStream();
      if (random.nextInt(10) == 0) {
        out.write(bytes(random, random.nextInt(600))); // no handshake at all
      } else {
        handshake(s, random.nextInt(20) == 0);
        int frames = 1 + random.nextInt(12);
        for (int i = 0; i < frames; i++) {
          out.write(frame(random));
        }
      }
      out.flush();
      drain(s.getInputStream());
    } catch (IOException e) {
      // the relay closed on us: that is its right
    }
  }

  private static void handshake(Socket s, boolean broken) throws IOException {
    byte[] nonce = new byte[16];
    new Random().nextBytes(nonce);
    String request =
        "GET /socket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(nonce)
            + "\r\n"
            + (broken ? "Sec-WebSocket-Version: 99\r\n" : "Sec-WebSocket-Version: 13\r\n")
            + "\r\n";
    s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    InputStream in = s.getInputStream();
    int matched = 0;
    while (matched < 4) { // read up to the end of the response head
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed");
      }
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  private static void drain(InputStream in) {
    // at most 50 ms: a fuzz connection that survived gets the sender's steady messages, so it may
    // never go quiet for the read timeout
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    try {
      byte[] buf = new byte[8192];
      while (in.read(buf) >= 0 && System.nanoTime() < end) {
        // what the relay forwards to us, until it closes, goes quiet, or the time is up
      }
    } catch (IOException e) {
      // quiet (timeout) or reset
    }
  }

  /**
   * A frame: mostly plausible headers with one or more things wrong, sometimes a valid frame with
   * bits flipped.
   */
  static byte[] frame(Random random) {
    int[] opcodes = {0x0, 0x1, 0x2, 0x8, 0x9, 0xA, 0x3, 0x7, 0xB, 0xF};
    int opcode = opcodes[random.nextInt(opcodes.length)];
    boolean fin = random.nextInt(4) != 0;
    int rsv = random.nextInt(8) == 0 ? (1 + random.nextInt(7)) << 4 : 0;
    boolean masked = random.nextInt(8) != 0;
    byte[] payload;
    switch (random.nextInt(6)) {
      case 0 -> payload = "hi from the fuzzer".getBytes(StandardCharsets.UTF_8);
      case 1 ->
          payload =
              new byte[] {
                (byte) 0xC3, (byte) 0x28, (byte) 0xED, (byte) 0xA0, (byte) 0x80
              }; // invalid UTF-8
      case 2 -> payload = bytes(random, 126 + random.nextInt(200)); // too big for a control frame
      case 3 ->
          payload =
              new byte[] {(byte) random.nextInt(256), (byte) random.nextInt(256)}; // close codes
      default -> payload = bytes(random, random.nextInt(100));
    }
    long declared = payload.length;
    int lie = random.nextInt(10);
    if (lie == 0) {
      declared = Long.MAX_VALUE; // 2^63-1
    } else if (lie == 1) {
      declared = 1L << 40;
    } else if (lie == 2) {
      declared = payload.length + 1 + random.nextInt(1000); // promises more than it sends
    }
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write((fin ? 0x80 : 0) | rsv | opcode);
    int maskBit = masked ? 0x80 : 0;
    int encoding = random.nextInt(3);
    if (declared < 126 && encoding == 0) {
      f.write(maskBit | (int) declared);
    } else if (declared <= 0xFFFF && encoding != 2) {
      f.write(maskBit | 126);
      f.write((int) (declared >> 8));
      f.write((int) declared);
    } else {
      f.write(maskBit | 127);
      long l = declared;
      if (random.nextInt(10) == 0) {
        l |= Long.MIN_VALUE; // the most significant bit must be 0
      }
      for (int i = 7; i >= 0; i--) {
        f.write((int) (l >> (8 * i)));
      }
    }
    byte[] key = bytes(random, 4);
    if (masked) {
      f.write(key, 0, 4);
    }
    for (int i = 0; i < payload.length; i++) {
      f.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
    }
    byte[] out = f.toByteArray();
    if (random.nextInt(5) == 0) {
      int flips = 1 + random.nextInt(3);
      for (int i = 0; i < flips; i++) {
        out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
      }
    }
    return out;
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
