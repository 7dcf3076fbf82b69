package jam.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jam.peer.TrackPeer;
import jam.track.Track;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records the tracks a peer reports, for tests to take with a bounded wait. Thread safe. */
public final class RecordingSink implements TrackPeer.Sink {
  private final BlockingQueue<Track> tracks = new LinkedBlockingQueue<>();

  @Override
  public boolean accept(Track track) {
    tracks.add(track);
    return true;
  }

  public Track take() {
    try {
      Track t = tracks.poll(RecordingClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(t, "no track within " + RecordingClient.WAIT);
      return t;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  public List<Track> take(int n) {
    List<Track> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(take());
    }
    return out;
  }

  public void assertExhausted() {
    assertTrue(tracks.isEmpty(), "unexpected tracks: " + tracks);
  }
}
