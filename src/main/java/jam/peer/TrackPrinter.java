package jam.peer;

import jam.Reporter;
import jam.protocol.Message;
import jam.sound.Speaker;
import jam.text.Printable;
import jam.track.Track;
import jam.track.TrackLines;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * The {@link TrackPeer.Sink} of {@code jam join} without a console: prints each new track on {@code
 * out} (a readable line, or the track as one JSON object), flushed; plays every bang, and with
 * {@code playTracks} every track, on the speaker; declines more tracks after {@code count} of them
 * or once {@code out} is closed (the reader is gone, as with {@code jam join | head -1}). Called by
 * the peer on one connection thread at a time; not thread safe otherwise.
 */
public final class TrackPrinter implements TrackPeer.Sink {
  private final PrintWriter out;
  private final boolean json;
  private final Integer count;
  private final Speaker speaker;
  private final boolean playTracks;
  private final Reporter reporter;
  private int printed;

  /**
   * @param json print tracks as JSON objects, one per line, instead of readable lines
   * @param count decline tracks after this many (null: no limit)
   * @param playTracks play each track as it arrives, besides the bangs
   */
  public TrackPrinter(
      PrintWriter out,
      boolean json,
      Integer count,
      Speaker speaker,
      boolean playTracks,
      Reporter reporter) {
    this.out = out;
    this.json = json;
    this.count = count;
    this.speaker = speaker;
    this.playTracks = playTracks;
    this.reporter = reporter;
  }

  @Override
  public boolean accept(Track track) {
    List<List<Double>> data = playTracks ? track.frequencies() : null;
    if (data != null) {
      speaker.play(track.id().orElse(track.identity()), data);
    }
    out.println(json ? track.toJson() : TrackLines.line(track));
    out.flush();
    if (out.checkError()) {
      return false; // the reader is gone: end quietly
    }
    printed++;
    return count == null || printed < count;
  }

  @Override
  public void bang(Message.Bang bang, long nanos) {
    speaker.bang(bang, nanos);
    if (reporter.debugEnabled()) {
      reporter.debug(
          "bang " + (bang.sound() == null ? "(default)" : Printable.escape(bang.sound())));
    }
  }

  @Override
  public void play(Message.Play play, long nanos) {
    speaker.playAt(play.data(), Duration.ofNanos(Math.round(play.stepMs() * 1e6)), nanos);
    if (reporter.debugEnabled()) {
      reporter.debug(
          "play "
              + (play.name() == null ? "(no name)" : Printable.escape(play.name()))
              + " together");
    }
  }
}
