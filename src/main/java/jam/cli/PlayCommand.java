package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.peer.Pattern;
import jam.protocol.RelayUrls;
import jam.sound.AudioEngine;
import jam.sound.AudioSettings;
import jam.sound.OfflineRenderer;
import jam.sound.Playback;
import jam.sound.SampleFormat;
import jam.sound.Score;
import jam.sound.WavLimit;
import jam.tls.ClientTrust;
import jam.track.Track;
import jam.track.TrackChoice;
import jam.track.TrackLines;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jam play}: checks the options, finds the track ({@link TrackChoice}) and plays it on an
 * {@link AudioEngine} until it ends or a signal, or renders it offline ({@link OfflineRenderer}).
 */
@Command(
    name = "play",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Play one track, then exit.",
    description = {
      "Plays a track the way the tutorial's app does: each row of its data a 300 ms step, each frequency a 0.5 s sine voice. The track comes from a JSON file, from stdin ('-' or nothing), or from your store by id or name.",
      "",
      "--audio-out records what is played to a WAV file; with --mute as well it is rendered at once, without waiting. Without an audio device: one warning, and it plays silently (still recording). Ctrl-C stops it, finishing the WAV, and exits 130: the track was cut short (--together --loop, which runs until stopped, exits 0). With no argument at a terminal it says that it reads stdin.",
      "",
      "The WAV file is written beside FILE.wav and renamed into place when done, so a failure or a full disk leaves the old file as it was. It may replace a WAV file (or an empty one); anything else only with --force; never the track played or the store. A track too long for a WAV file (4 GiB, 6.2 h) is refused before anything is written. Ctrl-C (or SIGTERM) during a --mute render keeps what was rendered, a shorter WAV, and exits 130 (143)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  jam play riff.json      from a file",
      "  jam play riff           from your store, by name or id",
      "  jam tracks --json | jq -c 'select(.trackname==\"riff\")' | jam play -",
      "  jam play riff --mute --audio-out riff.wav",
      "                          render to a file, fast",
      "  jam play riff --together",
      "                          every peer of the relay, from the next bar",
      "  jam play riff --together --loop --steps-per-beat 4",
      "                          a loop in time with the beat"
    })
final class PlayCommand implements Callable<Integer> {
  @ParentCommand JamCommand root;
  @Mixin StoreOption storeOption;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE|-|NAME",
      description =
          "A JSON file holding one track, '-' for stdin (the default), or a stored track's id or name. A path with a / or ending .json that cannot be read is an error (exit 5).")
  String source;

  @Option(names = "--mute", description = "Open no audio device; with --audio-out, render at once.")
  boolean mute;

  @Option(
      names = "--audio-out",
      paramLabel = "FILE.wav",
      converter = WavFileConverter.class,
      description = "Record what is played to a WAV file.")
  Path audioOut;

  @Option(
      names = "--force",
      description =
          "Let --audio-out replace a file that is not a WAV file (never the track played or the store).")
  boolean force;

  @Option(
      names = "--together",
      description =
          "Have every jam peer of the relay play the track instead of playing it here, starting on the next bar of the relay's beat (4 beats; 120 bpm from the Unix epoch when it has none), on the shared clock.")
  boolean together;

  @Option(
      names = "--loop",
      description =
          "With --together: play it again and again, each time from the next bar after it ends, until Ctrl-C.")
  boolean loop;

  @Option(
      names = "--steps-per-beat",
      paramLabel = "N",
      description =
          "With --together: N rows to a beat of the relay's tempo (4: sixteenth notes), so the track follows the tempo. Default: 300 ms a row, as the tutorial's app plays.")
  Integer stepsPerBeat;

  @Option(
      names = "--relay",
      paramLabel = "URL",
      description =
          "With --together: the relay. Default: $JAM_URL, else the relay on this machine, "
              + RelayUrlOption.DEFAULT_URL
              + "; ?token= in the URL or $JAM_TOKEN for a relay with a token.")
  String relay;

  @Override
  public Integer call() throws InterruptedException {
    if (!together && (loop || stepsPerBeat != null || relay != null)) {
      throw new JamException(
          ExitCode.USAGE,
          (loop ? "--loop" : stepsPerBeat != null ? "--steps-per-beat" : "--relay")
              + " goes with --together");
    }
    if (together) {
      return playTogether();
    }
    if (mute && audioOut == null) {
      throw new JamException(ExitCode.USAGE, "--mute without --audio-out plays nothing");
    }
    if (audioOut != null) {
      AudioOutCheck.check(audioOut, inputs(), force, !mute);
    }
    Reporter reporter = root.reporter();
    Track track = TrackChoice.find(source, storeOption.open(), () -> stdin(reporter));
    List<List<Double>> data = track.frequencies();
    if (data == null) {
      throw new JamException(ExitCode.DATA, describe(track) + " has no data array to play");
    }
    Score score = Score.ofTrack(data);
    if (audioOut != null) {
      WavLimit.check(score, audioOut);
    }
    // said once the output is open: a WAV file that cannot be made is the one line then
    String playing =
        String.format(
            Locale.ROOT,
            "playing %s, %.1f s",
            TrackLines.line(track),
            score.length().toMillis() / 1000.0);
    ShutdownSignal signal = ShutdownSignal.install();
    if (mute) {
      long frames =
          OfflineRenderer.toWav(score, audioOut, () -> reporter.info(playing), signal::received);
      if (frames < score.frames()) {
        reporter.warn(
            String.format(
                Locale.ROOT,
                "stopped by %s after %.1f s of %.1f s; %s holds what was rendered",
                signal.name(),
                seconds(frames),
                seconds(score.frames()),
                audioOut));
        return signal.exitCode();
      }
      return ExitCode.OK.code();
    }
    try (AudioEngine engine = AudioEngine.start(new AudioSettings(false, audioOut), reporter)) {
      reporter.info(playing);
      Playback playback = engine.play(score);
      CompletableFuture.anyOf(playback.finished(), signal.future()).join();
    }
    // cut short before its end, as a render is: the exit code says so (README, exit codes)
    return signal.received() ? signal.exitCode() : ExitCode.OK.code();
  }

  /** --together: a pattern of one play message (or one per pass, with --loop) on the next bar. */
  private int playTogether() throws InterruptedException {
    if (mute || audioOut != null) {
      throw new JamException(
          ExitCode.USAGE,
          "--together plays on the relay's peers, not here: --mute and --audio-out do not apply");
    }
    if (stepsPerBeat != null && !(stepsPerBeat >= 1 && stepsPerBeat <= 64)) {
      throw new JamException(
          ExitCode.USAGE, "--steps-per-beat must be from 1 to 64, not " + stepsPerBeat);
    }
    Reporter reporter = root.reporter();
    URI url = RelayUrlOption.resolve(relay, null);
    Track track = TrackChoice.find(source, storeOption.open(), () -> stdin(reporter));
    List<List<Double>> data = track.frequencies();
    if (data == null || data.isEmpty()) {
      throw new JamException(ExitCode.DATA, describe(track) + " has no rows to play");
    }
    Pattern.Events plays =
        Pattern.plays(
            track.name(),
            data,
            Score.TRACK_STEP.toMillis(),
            stepsPerBeat == null ? 0 : stepsPerBeat);
    reporter.info(
        "playing "
            + TrackLines.line(track)
            + " on every peer of "
            + RelayUrls.redact(url)
            + ", from the next bar"
            + (loop ? ", again and again until Ctrl-C" : ""));
    boolean tls = "wss".equalsIgnoreCase(url.getScheme());
    return UntilStopped.run(
        loop,
        () ->
            Pattern.fire(
                url,
                tls ? ClientTrust.defaults() : null,
                Duration.ofSeconds(5),
                PeerClock.fromEnvironment(),
                plays,
                new Pattern.When(null, null, 4),
                loop ? 0 : 1,
                reporter));
  }

  /** What --audio-out must never replace: the store, and the file or stdin's file read. */
  private List<AudioOutCheck.Input> inputs() {
    String name = source == null ? "-" : source;
    Path file = name.equals("-") ? null : Paths.get(name);
    List<AudioOutCheck.Input> inputs =
        new ArrayList<>(AudioOutCheck.store(storeOption.open().path()));
    inputs.add(
        name.equals("-")
            ? AudioOutCheck.stdin()
            : new AudioOutCheck.Input("the track played", Files.isRegularFile(file) ? file : null));
    return inputs;
  }

  private static double seconds(long frames) {
    return frames / (double) SampleFormat.RATE;
  }

  private static String describe(Track track) {
    return track.name() == null ? "the track" : "'" + track.name() + "'";
  }

  private static byte[] stdin(Reporter reporter) {
    if (StatusLine.isTerminal(0)) {
      reporter.info("reading a track from stdin (Ctrl-D to end; jam play --help for others)");
    }
    try {
      return System.in.readAllBytes();
    } catch (IOException e) {
      throw new JamException(ExitCode.IO, "cannot read stdin: " + e.getMessage(), e);
    }
  }
}
