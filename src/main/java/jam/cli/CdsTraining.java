package jam.cli;

import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The training run behind {@code bin/jam}'s class-data-sharing archive: runs {@code add-track},
 * {@code tracks}, {@code rm} and {@code trigger} once each, the way a user would, on a temporary
 * store and against a relay in this process, so that {@code -XX:ArchiveClassesAtExit} records the
 * classes they load (picocli's are compiled for Java 5, which Java 17's CDS cannot archive, so it
 * is left out). Output goes nowhere. Not part of the command line.
 */
public final class CdsTraining {
  private static final String TRACK =
      "{\"trackname\":\"riff\",\"data\":[[440,null,580,332],[220,null,null,709]]}";

  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    Objects.requireNonNull(
        Main.class); // loaded, so archived too: bin/jam starts it with -jar (~1 ms from the jar)
    PrintWriter out = new PrintWriter(Writer.nullWriter());
    PrintWriter err = new PrintWriter(Writer.nullWriter());
    Path dir = Files.createTempDirectory("jam-cds");
    try {
      Path track = Files.writeString(dir.resolve("riff.json"), TRACK);
      String store = dir.resolve("tracks.json").toString();
      FastPath.run(new String[] {"add-track", "--store", store, track.toString()}, out, err);
      FastPath.run(
          new String[] {"add-track", "--store", store, track.toString()}, out, err); // a duplicate
      FastPath.run(new String[] {"tracks", "--store", store}, out, err);
      FastPath.run(new String[] {"tracks", "--json", "--store", store}, out, err);
      FastPath.run(new String[] {"rm", "--store", store, "riff"}, out, err);
      try (Relay relay = Relay.start(RelayConfig.loopback(), new RelayListener() {})) {
        FastPath.run(new String[] {"trigger", relay.url()}, out, err);
        FastPath.run(
            new String[] {
              "trigger", "--sound", "kick", "--count", "2", "--interval", "10ms", relay.url()
            },
            out,
            err);
      }
      int closed;
      try (ServerSocket s = new ServerSocket(0)) {
        closed = s.getLocalPort();
      }
      FastPath.run(
          new String[] {"trigger", "ws://127.0.0.1:" + closed + "/socket"}, out, err); // refused
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
