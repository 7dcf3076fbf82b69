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
 * or once {@code out} is closed (the reader is gone, as with {@code jam join | head -1}). With
 * {@code events} (JSON only), every line is an object with a {@code "type"}: a track as {@code
 * {"type":"track","track":TRACK}}, and bangs, joins, leaves, tempo changes and plays together as
 * jam re-encodes them for the wire ({@link Message#encode}). Called by the peer on one connection
 * thread at a time; not thread safe otherwise.
 */
public final class TrackPrinter implements TrackPeer.Sink {
  private final PrintWriter out;
  private final boolean json;
  private final boolean events;
  private final Integer count;
  private final Speaker speaker;
  private final boolean playTracks;
  private final Reporter reporter;
  private int printed;

  /**
   * @param json print tracks as JSON objects, one per line, instead of readable lines
   * @param events with json: print bangs, presence and tempo too, every line typed
   * @param count decline tracks after this many (null: no limit)
   * @param playTracks play each track as it arrives, besides the bangs
   */
  public TrackPrinter(
      PrintWriter out,
      boolean json,
      boolean events,
      Integer count,
      Speaker speaker,
      boolean playTracks,
      Reporter reporter) {
    this.out = out;
    this.json = json;
    this.events = json && events;
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
    if (!println(
        events
            ? "{\"type\":\"track\",\"track\":" + track.toJson() + "}"
            : json ? track.toJson() : TrackLines.line(track))) {
      return false; // the reader is gone: end quietly
    }
    printed++;
    return count == null || printed < count;
  }

  /** Prints one line, flushed; false when the reader is gone. */
  private boolean println(String line) {
    out.println(line);
    out.flush();
    return !out.checkError();
  }

  /** One event line, with --events; a closed stdout is seen at the next track. */
  private void event(Message message) {
    if (events) {
      println(message.encode());
    }
  }

  @Override
  public void peerEvent(Message.PeerEvent event) {
    event(event);
  }

  @Override
  public void tempo(Message.Tempo tempo) {
    event(tempo);
  }

  @Override
  public void bang(Message.Bang bang, long nanos) {
    speaker.bang(bang, nanos);
    event(bang);
    if (reporter.debugEnabled()) {
      reporter.debug(
          "bang "
              + (bang.sound() == null ? "(default)" : Printable.escape(bang.sound()))
              + (bang.from() == null ? "" : " from " + Printable.escape(bang.from())));
    }
  }

  @Override
  public void play(Message.Play play, long nanos) {
    speaker.playAt(play.data(), Duration.ofNanos(Math.round(play.stepMs() * 1e6)), nanos);
    event(play);
    if (reporter.debugEnabled()) {
      reporter.debug(
          "play "
              + (play.name() == null ? "(no name)" : Printable.escape(play.name()))
              + " together");
    }
  }
}
