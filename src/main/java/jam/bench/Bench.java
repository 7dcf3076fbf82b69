package jam.bench;

import jam.ExitCode;
import jam.JamException;
import jam.bench.ws.WsReactor;
import jam.relay.Relay;
import jam.relay.RelayConfig;
import jam.relay.RelayListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code jam bench}: a load generator for any relay that speaks the protocol, measuring what the
 * shared loadgen.js measures, the same way. All connections live on one reactor thread; the calling
 * thread waits, shows progress, and returns the result.
 */
public final class Bench {
  private static final long PROGRESS_MILLIS = 250;

  /** Beyond the run's own limits (connect 120 s, barrier 120 s, drain 5 s): a last resort. */
  private static final long SLACK_SECONDS = 60;

  private static final int PROBE_TIMEOUT_MILLIS = 10_000;
  private static final int WARM_UP_PEERS = 20;
  private static final int WARM_UP_STORM_PEERS = 30;
  private static final Duration WARM_UP_DURATION = Duration.ofMillis(500);
  private static final Duration WARM_UP_STORM_LIMIT = Duration.ofSeconds(2);
  private static final long WARM_UP_SILENCE_MICROS = 50_000;

  private Bench() {}

  /**
   * Runs one benchmark to the end, after a warm-up if the config asks for one. A relay that cannot
   * be reached is a JamException (UNAVAILABLE) naming the URL; lost messages are in the result
   * ({@link BenchResult#ok()}).
   */
  public static BenchResult run(BenchConfig config, Progress progress) {
    InetSocketAddress address = resolve(config.target());
    InetSocketAddress sendersAddress =
        config.senderTarget() == null ? address : resolve(config.senderTarget());
    try {
      if (config.warmUp()) {
        // an unreachable relay should not wait for the warm-up to be reported
        probe(config.target(), address);
        if (config.senderTarget() != null) {
          probe(config.senderTarget(), sendersAddress);
        }
        warmUp(config, progress);
      }
      return runOnce(config, address, sendersAddress, progress, StormRun.SILENCE_MICROS);
    } finally {
      progress.finish();
    }
  }

  private static InetSocketAddress resolve(Target target) {
    InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
    if (address.isUnresolved()) {
      throw new JamException(
          ExitCode.UNAVAILABLE, "cannot connect to " + target + ": unknown host " + target.host());
    }
    return address;
  }

  /** Fails as the run would if the relay does not accept a TCP connection. */
  private static void probe(Target target, InetSocketAddress address) {
    try (Socket s = new Socket()) {
      s.connect(address, PROBE_TIMEOUT_MILLIS);
    } catch (IOException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage();
      m = m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
      throw new JamException(ExitCode.UNAVAILABLE, "cannot connect to " + target + ": " + m, e);
    }
  }

  /**
   * Runs the same mode briefly against a jam relay inside this process (loopback, a free port), so
   * that the measured run does not pay for this JVM's just-in-time compilation of the client: a
   * cold JVM takes several times longer for a small storm. The measured relay sees none of it.
   */
  private static void warmUp(BenchConfig config, Progress progress) {
    long start = System.nanoTime();
    progress.update("warming up against an in-process relay");
    try (Relay relay = Relay.start(RelayConfig.loopback(), new RelayListener() {})) {
      Target target = Target.parse(relay.url());
      InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
      boolean storm = config.mode() == BenchConfig.Mode.STORM;
      BenchConfig warm =
          new BenchConfig(
              target,
              config.mode(),
              storm ? WARM_UP_STORM_PEERS : WARM_UP_PEERS,
              config.senders(),
              Long.MAX_VALUE,
              Math.min(config.size(), 64 << 10),
              config.rate() == 0 ? 0 : Math.max(config.rate(), 1000),
              storm ? WARM_UP_STORM_LIMIT : WARM_UP_DURATION,
              config.arrival(),
              List.of(),
              false,
              null);
      runOnce(warm, address, address, Progress.NONE, WARM_UP_SILENCE_MICROS);
    } catch (JamException | IllegalArgumentException e) {
      progress.note("warm-up skipped: " + e.getMessage());
      return;
    }
    progress.note(String.format("warmed up in %.2f s", (System.nanoTime() - start) / 1e9));
  }

  private static BenchResult runOnce(
      BenchConfig config,
      InetSocketAddress address,
      InetSocketAddress sendersAddress,
      Progress progress,
      long stormSilenceMicros) {
    RunContext[] holder = new RunContext[1];
    WsReactor reactor;
    try {
      reactor = WsReactor.start("jam-bench", t -> holder[0].bug(t));
    } catch (IOException e) {
      throw new JamException(
          ExitCode.FAILURE, "cannot start the network thread: " + e.getMessage(), e);
    }
    try (reactor) {
      RunContext ctx = new RunContext(reactor, config, address, sendersAddress);
      holder[0] = ctx;
      Run run =
          config.mode() == BenchConfig.Mode.STORM
              ? new StormRun(config, ctx, stormSilenceMicros)
              : new LoadRun(config, ctx);
      progress.update(
          run.status()); // not the warm-up's line, in a run that ends before the first tick
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
            throw new JamException(
                ExitCode.FAILURE, "jam bench gave up after " + limitSeconds(config) + " s");
          }
        } catch (ExecutionException e) {
          notes(ctx, progress);
          if (e.getCause() instanceof JamException je) {
            throw je;
          }
          throw new JamException(
              ExitCode.FAILURE, "unexpected error in jam bench: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new JamException(ExitCode.FAILURE, "interrupted", e);
        }
      }
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
    return config.mode() == BenchConfig.Mode.STORM
        ? 120 + d + SLACK_SECONDS
        : 240 + d + 5 + SLACK_SECONDS;
  }
}
