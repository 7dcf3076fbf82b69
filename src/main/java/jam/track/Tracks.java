package jam.track;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of tracks without duplicates by {@link Track#identity()}, in the order they were first
 * added; the first copy of a track wins. Not thread safe.
 */
public final class Tracks {
  private final Map<String, Track> byIdentity = new LinkedHashMap<>();

  public Tracks() {}

  public static Tracks of(Collection<Track> tracks) {
    Tracks set = new Tracks();
    set.addAll(tracks);
    return set;
  }

  /** Adds {@code track} unless a track with its identity is here; true when it was added. */
  public boolean add(Track track) {
    return byIdentity.putIfAbsent(track.identity(), track) == null;
  }

  /** The tracks that were new, in order. */
  public List<Track> addAll(Collection<Track> tracks) {
    List<Track> added = new ArrayList<>();
    for (Track t : tracks) {
      if (add(t)) {
        added.add(t);
      }
    }
    return added;
  }

  /** Removes the track whose {@link Track#key()} is {@code key}; it, or null when none was here. */
  public Track remove(String key) {
    return byIdentity.remove(key);
  }

  public boolean contains(Track track) {
    return byIdentity.containsKey(track.identity());
  }

  public int size() {
    return byIdentity.size();
  }

  public boolean isEmpty() {
    return byIdentity.isEmpty();
  }

  /** A copy of the tracks, in the order they were added. */
  public List<Track> list() {
    return List.copyOf(byIdentity.values());
  }
}
