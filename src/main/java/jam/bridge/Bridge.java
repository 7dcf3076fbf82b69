package jam.bridge;

import jam.peer.TrackPeer;
import jam.protocol.Message;
import jam.sound.Score;
import jam.track.Track;
import java.time.Duration;
import java.util.List;

/**
 * A {@link TrackPeer.Sink} that hands everything to the sink it wraps (the printer or the console,
 * which play on the speaker) and also sends every bang, every track played together and, with
 * {@code playTracks}, every incoming track's rows to the {@link Output}s: so {@code --mute}
 * silences the speaker only, and a peer can drive SuperCollider or a synth while playing nothing
 * itself. Track rows sound {@link Score#TRACK_NOTE} each, as jam plays them. Called as the wrapped
 * sink is: on one connection thread at a time.
 */
public final class Bridge implements TrackPeer.Sink {
  private static final double NOTE_SECONDS = Score.TRACK_NOTE.toNanos() / 1e9;

  private final TrackPeer.Sink sink;
  private final List<Output> outputs;
  private final boolean playTracks;

  private Bridge(TrackPeer.Sink sink, List<Output> outputs, boolean playTracks) {
    this.sink = sink;
    this.outputs = List.copyOf(outputs);
    this.playTracks = playTracks;
  }

  /** {@code sink} alone when there are no outputs, else it with them beside it. */
  public static TrackPeer.Sink tee(TrackPeer.Sink sink, List<Output> outputs, boolean playTracks) {
    return outputs.isEmpty() ? sink : new Bridge(sink, outputs, playTracks);
  }

  @Override
  public boolean accept(Track track) {
    List<List<Double>> data = playTracks ? track.frequencies() : null;
    if (data != null) {
      steps(data, Score.TRACK_STEP, track.name(), System.nanoTime());
    }
    return sink.accept(track);
  }

  @Override
  public void bang(Message.Bang bang, long nanos) {
    sink.bang(bang, nanos);
    for (Output o : outputs) {
      o.bang(bang.sound(), bang.from(), nanos, bang.at() != null);
    }
  }

  @Override
  public void play(Message.Play play, long nanos) {
    sink.play(play, nanos);
    steps(play.data(), Duration.ofNanos(Math.round(play.stepMs() * 1e6)), play.name(), nanos);
  }

  @Override
  public void tempo(Message.Tempo tempo) {
    sink.tempo(tempo);
  }

  @Override
  public void presence(Message.Presence presence) {
    sink.presence(presence);
  }

  @Override
  public void peerEvent(Message.PeerEvent event) {
    sink.peerEvent(event);
  }

  @Override
  public void removed(List<Track> tracks) {
    sink.removed(tracks);
  }

  @Override
  public void sharedAgain(Track track) {
    sink.sharedAgain(track);
  }

  @Override
  public void connected() {
    sink.connected();
  }

  @Override
  public void reconnecting(Duration wait) {
    sink.reconnecting(wait);
  }

  private void steps(List<List<Double>> data, Duration step, String name, long firstNanos) {
    for (int r = 0; r < data.size(); r++) {
      List<Double> row = data.get(r);
      if (row == null || row.isEmpty()) {
        continue;
      }
      long at = firstNanos + r * step.toNanos();
      for (Output o : outputs) {
        o.step(row, NOTE_SECONDS, name, at);
      }
    }
  }
}
