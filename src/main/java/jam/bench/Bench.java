package jam.bench;

import jam.ExitCode;
import jam.JamException;
import jam.bench.ws.WsReactor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code jam bench}: a load generator for any relay that speaks the protocol, measuring what the shared
 * loadgen.js measures, the same way. All connections live on one reactor thread; the calling thread
 * waits, shows progress, and returns the result.
 */
public final class Bench {
  private static final long PROGRESS_MILLIS = 250;
  /** Beyond the run's own limits (connect 120 s, barrier 120 s, drain 5 s): a last resort. */
  private static final long SLACK_SECONDS = 60;

  private Bench() {}

  /**
   * Runs one benchmark to the end. A relay that cannot be reached is a JamException (UNAVAILABLE)
   * naming the URL; lost messages are in the result ({@link BenchResult#ok()}).
   */
  public static BenchResult run(BenchConfig config, Progress progress) {
    InetSocketAddress address = new InetSocketAddress(config.url().host(), config.url().port());
    if (address.isUnresolved()) {
      throw new JamException(ExitCode.UNAVAILABLE, "cannot connect to " + config.url() + ": unknown host " + config.url().host());
    }
    RunContext[] holder = new RunContext[1];
    WsReactor reactor;
    try {
      reactor = WsReactor.start("jam-bench", t -> holder[0].bug(t));
    } catch (IOException e) {
      throw new JamException(ExitCode.FAILURE, "cannot start the network thread: " + e.getMessage(), e);
    }
    try (reactor) {
      RunContext ctx = new RunContext(reactor, config, address);
      holder[0] = ctx;
      Run run = config.mode() == BenchConfig.Mode.STORM ? new StormRun(config, ctx) : new LoadRun(config, ctx);
      reactor.execute(run::start);
      long limitNanos = limitSeconds(config) * 1_000_000_000L;
      long start = System.nanoTime();
      while (true) {
        try {
          BenchResult r = ctx.result().get(PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
          notes(ctx, progress);
          return r;
        } catch (TimeoutException e) {
          notes(ctx, progress);
          progress.update(run.status());
          if (System.nanoTime() - start > limitNanos) {
            throw new JamException(ExitCode.FAILURE, "jam bench gave up after " + limitSeconds(config) + " s");
          }
        } catch (ExecutionException e) {
          notes(ctx, progress);
          if (e.getCause() instanceof JamException je) {
            throw je;
          }
          throw new JamException(ExitCode.FAILURE, "unexpected error in jam bench: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new JamException(ExitCode.FAILURE, "interrupted", e);
        }
      }
    } finally {
      progress.finish();
    }
  }

  private static void notes(RunContext ctx, Progress progress) {
    String note;
    while ((note = ctx.nextNote()) != null) {
      progress.note(note);
    }
  }

  private static long limitSeconds(BenchConfig config) {
    long d = (long) Math.ceil(config.duration().toMillis() / 1000.0);
    return config.mode() == BenchConfig.Mode.STORM ? 120 + d + SLACK_SECONDS : 240 + d + 5 + SLACK_SECONDS;
  }
}
