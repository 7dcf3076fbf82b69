package jam.bench;

import jam.ExitCode;
import jam.JamException;
import jam.bench.ws.WsConnection;
import jam.bench.ws.WsHandler;
import jam.bench.ws.WsReactor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What a run shares with {@link Bench}: the reactor, the relay's address (and the senders', when
 * they connect elsewhere), the clock that send times are written in, where its result goes, and
 * lines for the user. Thread safe.
 */
final class RunContext {
  private final WsReactor reactor;
  private final BenchConfig config;
  private final InetSocketAddress address;
  private final InetSocketAddress sendersAddress;
  private final long originNanos = System.nanoTime();
  private final CompletableFuture<BenchResult> result = new CompletableFuture<>();
  private final Queue<String> notes = new ConcurrentLinkedQueue<>();

  RunContext(
      WsReactor reactor,
      BenchConfig config,
      InetSocketAddress address,
      InetSocketAddress sendersAddress) {
    this.reactor = reactor;
    this.config = config;
    this.address = address;
    this.sendersAddress = sendersAddress;
  }

  WsReactor reactor() {
    return reactor;
  }

  /** Microseconds since the run began (monotonic): the send time written into messages. */
  long nowMicros() {
    return (System.nanoTime() - originNanos) / 1000;
  }

  /** Opens one connection; null (and the run failed) when no socket can be made. Reactor thread. */
  WsConnection connect(WsHandler handler, int peek, int tag) {
    return connect(handler, peek, tag, false);
  }

  /** Opens one connection, a sender's to the senders' target; as {@link #connect}. */
  WsConnection connect(WsHandler handler, int peek, int tag, boolean sender) {
    Target target = sender ? config.sendersTarget() : config.target();
    try {
      return reactor.connect(sender ? sendersAddress : address, target.url(), handler, peek, tag);
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      String hint = why.contains("Too many open files") ? " (raise the limit: ulimit -n)" : "";
      fail(
          ExitCode.UNAVAILABLE,
          "cannot open connection " + (tag + 1) + " to " + target + ": " + why + hint);
      return null;
    }
  }

  /** A line for the user (stderr), shown above the progress line. */
  void info(String line) {
    notes.add(line);
  }

  void warn(String line) {
    notes.add(line);
  }

  String nextNote() {
    return notes.poll();
  }

  void fail(ExitCode code, String message) {
    result.completeExceptionally(new JamException(code, message));
  }

  /** A bug on the reactor thread ends the run. */
  void bug(Throwable t) {
    result.completeExceptionally(
        new JamException(ExitCode.FAILURE, "unexpected error in jam bench: " + t, t));
  }

  void complete(BenchResult r) {
    result.complete(r);
  }

  CompletableFuture<BenchResult> result() {
    return result;
  }
}
