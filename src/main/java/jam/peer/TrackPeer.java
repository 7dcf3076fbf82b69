package jam.peer;

import jam.ExitCode;
import jam.JamException;
import jam.Reporter;
import jam.clock.Clock;
import jam.clock.ClockSync;
import jam.protocol.Message;
import jam.text.Printable;
import jam.track.Payload;
import jam.track.Store;
import jam.track.Track;
import jam.track.Tracks;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * What {@code jam join} is: a peer that answers every {@code collect} with the store's tracks as a
 * JSON array (as several, when one would be over the relay's message limit: 1 MiB, jam serve's
 * default, lowered each time the relay closes the connection with 1009, down to 16 KiB, below which
 * the store is not shared; a track over the limit alone is left out and named in a warning), shares
 * the store again as soon as the file changes (first telling a jam relay, for the jam peers, which
 * tracks left the store or were replaced, and forgetting them itself), and hands each track it has
 * not seen before (its own included, as the relay echoes them) to a {@link Sink}, once, and every
 * bang ({@code trigger-output} or a bang object) as it arrives. A store that is not valid JSON, at
 * start or later, is said once per problem (with where it is) and never written; the peer then
 * shares the last good copy it read, none when it has read none, until the file reads again (a fix
 * is picked up at once, and said). Lifecycle: {@link #start} reads the store (a store it cannot
 * read for another reason is an error) and opens the {@link Session} (a relay it cannot reach is an
 * error, unless the session waits for it); the peer then runs until {@link #close}, until the sink
 * declines more tracks, or until the session ends with an error. Thread safe.
 */
public final class TrackPeer implements AutoCloseable {
  /**
   * A bang scheduled further ahead than this on the relay's clock is refused: a clock is off, or it
   * is a mistake.
   */
  public static final long MAX_AHEAD_MS = 60_000;

  /** The smallest share limit a peer goes down to: 16 KiB holds a long track. */
  static final int MIN_SHARE_BYTES = 16 << 10;

  /** Where new tracks and bangs go; called on a connection thread, one at a time. */
  public interface Sink {
    /**
     * Takes one new track; returns false to end the peer (enough tracks, or nowhere left to write).
     */
    boolean accept(Track track);

    /**
     * A bang object, or {@code trigger-output} as {@link Message.Bang#DEFAULT}. {@code nanos} (a
     * {@link System#nanoTime()}) is when it was read from the relay for a bang to play at once, and
     * when it must be heard, the relay's time mapped onto this machine's clock, for a scheduled one
     * ({@code bang.at()} not null). Must return quickly: the next message waits.
     */
    default void bang(Message.Bang bang, long nanos) {}

    /** The relay's beat changed (or was handed to us on joining). */
    default void tempo(Message.Tempo tempo) {}

    /**
     * A track to play together ({@code jam play --together}), its first row at {@code nanos} (a
     * {@link System#nanoTime()}).
     */
    default void play(Message.Play play, long nanos) {}

    /** Who is here, as the relay tells it after this peer's hello (each connection). */
    default void presence(Message.Presence presence) {}

    /** A peer came or went. */
    default void peerEvent(Message.PeerEvent event) {}

    /**
     * Tracks handed to {@link #accept} before are gone: removed from this peer's store (or replaced
     * by a new version, which comes to {@link #accept} next), or by another jam peer.
     */
    default void removed(List<Track> tracks) {}

    /** A track handed to {@link #accept} before was shared again (by a peer that has it). */
    default void sharedAgain(Track track) {}

    /** A connection to the relay is open (the first, or again after a loss). */
    default void connected() {}

    /**
     * The connection is lost, or not made yet while waiting for the relay at start; the next
     * attempt is {@code wait} from now (again after each failed one).
     */
    default void reconnecting(Duration wait) {}
  }

  private final Store store;
  private final Sink sink;
  private final Reporter reporter;
  private final Tracks seen = new Tracks();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Object shareLock = new Object();

  /** Guarded by shareLock. */
  private List<Track> lastGood;

  /**
   * Guarded by shareLock: the last messages sent since the store changed, to skip sending them
   * twice.
   */
  private List<String> lastShared;

  /**
   * Guarded by shareLock: the most a message may hold, in bytes. jam serve's default limit; each
   * time the relay closes the connection because a message was too big (1009), half the largest
   * message sent on it, down to {@link #MIN_SHARE_BYTES}, so that a relay with a lower
   * --max-message gets the store in parts instead of a loop of reconnections. It may end below the
   * relay's limit: the warnings say so.
   */
  private int shareLimit = Payload.RELAY_DEFAULT_MAX;

  /**
   * Guarded by shareLock: a relay refused even {@link #MIN_SHARE_BYTES}; the store is not shared.
   */
  private boolean sharingOff;

  /**
   * Guarded by shareLock: the largest message sent since the last connection ended, in UTF-16
   * units.
   */
  private int largestSent;

  /**
   * Guarded by shareLock: the tracks too big to share that were reported, by identity, once each.
   */
  private final Set<String> reportedTooBig = new HashSet<>();

  /** Guarded by shareLock: the store's last read error, reported once. */
  private String lastError;

  private volatile Session session;
  private volatile Store.Watch watch;
  private final ClockSync clock;
  private volatile Message.Tempo tempo;

  /** Bangs refused for a time too far ahead; the first is said, the rest only with -v. */
  private final AtomicLong tooFarAhead = new AtomicLong();

  /** The name this peer gives the relay in its hello, or null. */
  private volatile String name;

  /**
   * The connection this peer said hello on. The hello goes after the relay's first pong, as only a
   * jam relay answers pings: the tutorials' relays would broadcast it, and their clients play a
   * sound on any message.
   */
  private volatile RelayConnection greeted;

  private TrackPeer(Store store, Sink sink, Reporter reporter, ClockSync clock) {
    this.store = store;
    this.sink = sink;
    this.reporter = reporter;
    this.clock = clock;
    this.lastGood = List.of();
  }

  /**
   * Reads the store, opens the session to {@code url} and starts sharing; {@link JamException} when
   * the store cannot be read (other than not being valid JSON) or the session cannot be opened.
   */
  public static TrackPeer start(
      URI url, Session.Options options, Store store, Sink sink, Reporter reporter) {
    return start(
        url,
        options,
        store,
        sink,
        reporter,
        ClockSync.start(
            Clock.ofPeer(System.getenv(Clock.OFFSET_VARIABLE)), reporter, ClockSync.Schedule.PEER));
  }

  /**
   * As {@link #start(URI, Session.Options, Store, Sink, Reporter)}, keeping the relay's time with
   * {@code clock}.
   */
  public static TrackPeer start(
      URI url,
      Session.Options options,
      Store store,
      Sink sink,
      Reporter reporter,
      ClockSync clock) {
    return start(url, options, store, sink, reporter, clock, null);
  }

  /**
   * As {@link #start(URI, Session.Options, Store, Sink, Reporter, ClockSync)}, giving the relay
   * {@code name} (or none) in the hello it sends on each connection, to hear who is here.
   */
  public static TrackPeer start(
      URI url,
      Session.Options options,
      Store store,
      Sink sink,
      Reporter reporter,
      ClockSync clock,
      String name) {
    TrackPeer peer = new TrackPeer(store, sink, reporter, clock);
    peer.name = name;
    try {
      peer.lastGood = store.read();
    } catch (JamException e) {
      if (e.exitCode() != ExitCode.DATA) {
        throw e;
      }
      peer.unreadable(e); // not valid JSON: join all the same, sharing none of it
    }
    Message.parse(
        Message.Bang.DEFAULT.encode()); // loads the JSON parser now, not during the first bang
    peer.watch = store.watch(peer::storeChanged);
    try {
      peer.session = Session.open(url, options, peer.new Listener(), reporter);
    } catch (JamException e) {
      peer.watch.close();
      clock.close();
      throw e;
    }
    peer.session
        .ended()
        .whenComplete(
            (ok, failure) -> {
              if (failure != null) {
                peer.done.completeExceptionally(failure);
              } else {
                peer.done.complete(null);
              }
            });
    return peer;
  }

  /**
   * Waits until the peer is over or {@code timeout} passes (null: no bound); true when it is over.
   * A connection lost without reconnecting comes out as its {@link JamException}.
   */
  public boolean await(Duration timeout) throws InterruptedException {
    try {
      if (timeout == null) {
        done.get();
      } else {
        done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      }
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof JamException je) {
        throw je;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Sends {@code message} to the relay; false when there is no connection right now (it is
   * dropped). A bang that names no sender goes out {@code from} this peer's name, when it has one.
   */
  public boolean send(Message message) {
    Session s = session;
    String n = name;
    if (n != null && message instanceof Message.Bang b && b.from() == null) {
      message = b.withFrom(n);
    }
    return s != null && !done.isDone() && s.send(message.encode());
  }

  /** The peer's view of the relay's clock. */
  public ClockSync clock() {
    return clock;
  }

  /** The relay's beat as last heard, or null when it has none. */
  public Message.Tempo tempo() {
    return tempo;
  }

  /** Stops watching the store and closes the connection with 1000. Idempotent. */
  @Override
  public void close() {
    done.complete(null);
    clock.close();
    Store.Watch w = watch;
    if (w != null) {
      w.close();
    }
    Session s = session;
    if (s != null) {
      s.close();
    }
  }

  /**
   * The store now, or the last good copy when it cannot be read (said once per problem, and once
   * when it reads again).
   */
  private List<Track> storeTracks() {
    synchronized (shareLock) {
      try {
        lastGood = store.read();
        if (lastError != null) {
          lastError = null;
          reporter.info(
              "the store " + store.path() + " reads again: sharing " + count(lastGood.size()));
        }
      } catch (JamException e) {
        unreadable(e);
      }
      return lastGood;
    }
  }

  /** Says why the store cannot be read and what is shared instead, once per problem. */
  private void unreadable(JamException e) {
    synchronized (shareLock) {
      if (!e.getMessage().equals(lastError)) {
        lastError = e.getMessage();
        reporter.warn(
            e.getMessage()
                + (lastGood.isEmpty()
                    ? "; sharing none of its tracks until it reads again"
                    : "; sharing the last good copy (" + count(lastGood.size()) + ")"));
      }
    }
  }

  private void storeChanged() {
    if (done.isDone()) {
      return;
    }
    synchronized (shareLock) {
      List<Track> before = lastGood;
      List<String> messages = messages();
      List<String> gone = gone(before, lastGood);
      if (!gone.isEmpty()) {
        forget(gone);
        Session s = session;
        if (s != null && greeted != null) { // a jam relay: it hands this to jam peers only
          for (int i = 0; i < gone.size(); i += Message.Removed.MAX_IDS) {
            s.send(
                new Message.Removed(
                        gone.subList(i, Math.min(gone.size(), i + Message.Removed.MAX_IDS)))
                    .encode());
          }
        }
      }
      if (messages.equals(lastShared)) {
        return;
      }
      Session s = session;
      if (s != null && sendAll(messages, s::send)) {
        lastShared = messages;
        if (reporter.debugEnabled()) {
          reporter.debug("store changed: shared " + count(lastGood.size()) + in(messages));
        }
      }
    }
  }

  /**
   * The keys of the tracks of {@code before} that {@code after} no longer holds as they were:
   * removed, or replaced by a new version under the same id.
   */
  private static List<String> gone(List<Track> before, List<Track> after) {
    Map<String, String> now = new HashMap<>();
    for (Track t : after) {
      now.putIfAbsent(t.key(), t.toJson());
    }
    List<String> gone = new ArrayList<>();
    for (Track t : before) {
      String key = t.key();
      if (!t.toJson().equals(now.get(key)) && !gone.contains(key)) {
        gone.add(key);
      }
    }
    return gone;
  }

  /** Forgets the tracks {@code keys} name, so that a new version is taken, and tells the sink. */
  private void forget(List<String> keys) {
    List<Track> known = new ArrayList<>();
    synchronized (seen) {
      for (String key : keys) {
        Track t = seen.remove(key);
        if (t != null) {
          known.add(t);
        }
      }
    }
    if (!known.isEmpty()) {
      sink.removed(known);
    }
  }

  /**
   * Another jam peer removed tracks: they are forgotten; one this peer still stores is shared
   * again, so that it stays the session's while a peer has it.
   */
  private void removedByPeer(Message.Removed removed, RelayConnection from) {
    forget(removed.ids());
    synchronized (shareLock) {
      Set<String> ids = new HashSet<>(removed.ids());
      for (Track t : lastGood) {
        if (ids.contains(t.key())) {
          List<String> messages = messages();
          if (sendAll(messages, from::send)) {
            lastShared = messages;
          }
          return;
        }
      }
    }
  }

  private void answerCollect(RelayConnection from) {
    synchronized (shareLock) {
      List<String> messages = messages();
      if (sendAll(messages, from::send)) {
        lastShared = messages;
        if (reporter.debugEnabled()) {
          reporter.debug("collect: shared " + count(lastGood.size()) + in(messages));
        }
      }
    }
  }

  /** The store as messages within the share limit; each track too big for one is reported once. */
  private List<String> messages() {
    if (sharingOff) {
      return List.of();
    }
    Payload.Parts parts = Payload.encode(storeTracks(), shareLimit);
    for (Track t : parts.tooBig()) {
      if (reportedTooBig.add(t.identity())) {
        String limit =
            shareLimit == Payload.RELAY_DEFAULT_MAX
                ? "the " + Payload.sizeText(shareLimit) + " a relay takes in one message by default"
                : "the "
                    + Payload.sizeText(shareLimit)
                    + " jam sends this relay in one message (it refused more)";
        reporter.warn(
            (t.name() == null ? "a track" : "\"" + Printable.escape(t.name()) + "\"")
                + " is "
                + Payload.sizeOver(Payload.size(t), shareLimit)
                + " as JSON, over "
                + limit
                + ": not shared");
      }
    }
    return parts.messages();
  }

  /** Guarded by shareLock. */
  private boolean sendAll(List<String> messages, Predicate<String> send) {
    for (String m : messages) {
      largestSent = Math.max(largestSent, m.length());
      if (!send.test(m)) {
        return false;
      }
    }
    return true;
  }

  private static String in(List<String> messages) {
    return messages.size() == 1 ? "" : " in " + messages.size() + " messages";
  }

  /**
   * The connection ended with {@code code}; 1009 from the relay: a message of ours was over its
   * limit.
   */
  private void lost(int code, boolean byRelay) {
    synchronized (shareLock) {
      int largest = largestSent;
      largestSent = 0; // for the next connection
      if (code != 1009
          || !byRelay) { // not a refusal, or one jam raised itself, on a message too big for it
        return;
      }
      lastShared = null;
      if (shareLimit <= MIN_SHARE_BYTES) {
        if (!sharingOff) {
          sharingOff = true;
          reporter.warn(
              "the relay refuses even messages of "
                  + Payload.sizeText(MIN_SHARE_BYTES)
                  + " (1009): not sharing this store with it; its tracks still arrive");
        }
        return;
      }
      // the message refused was at most the largest sent (in UTF-16 units; its UTF-8 bytes may be
      // more)
      shareLimit = Math.max(MIN_SHARE_BYTES, Math.min(shareLimit, largest) / 2);
      reporter.warn(
          "the relay closed the connection as a message was too big (1009); sharing in messages of at most "
              + Payload.sizeText(shareLimit)
              + " from now on");
    }
  }

  private void received(String message) {
    Payload.Decoded decoded = Payload.decode(message);
    if (reporter.debugEnabled()) {
      for (String line : decoded.ignored()) {
        reporter.debug(line);
      }
    }
    synchronized (seen) {
      for (Track t : decoded.tracks()) {
        if (done.isDone()) {
          return;
        }
        if (!seen.add(t)) {
          sink.sharedAgain(t);
        } else if (!sink.accept(t)) {
          done.complete(null);
          return;
        }
      }
    }
  }

  private void bang(Message.Bang bang, long arrivalNanos) {
    if (done.isDone()) {
      return;
    }
    if (bang.at() == null) {
      sink.bang(bang, arrivalNanos);
      return;
    }
    if (withinReach("a bang", bang.at(), arrivalNanos)) {
      sink.bang(bang, clock.nanosAt(bang.at()));
    }
  }

  private void play(Message.Play play, long arrivalNanos) {
    if (!done.isDone() && withinReach("a track", play.at(), arrivalNanos)) {
      sink.play(play, clock.nanosAt(play.at()));
    }
  }

  /** False, with a warning the first time, for {@code at} too far ahead to be meant. */
  private boolean withinReach(String what, double at, long arrivalNanos) {
    double ahead = at - clock.relayAt(arrivalNanos);
    if (ahead <= MAX_AHEAD_MS) {
      return true;
    }
    String line =
        "ignored "
            + what
            + " scheduled "
            + Math.round(ahead / 1000)
            + " s ahead: jam plays at most "
            + MAX_AHEAD_MS / 1000
            + " s ahead (is a clock wrong?)";
    if (tooFarAhead.getAndIncrement() == 0) {
      reporter.warn(line);
    } else if (reporter.debugEnabled()) {
      reporter.debug(line);
    }
    return false;
  }

  private static String count(int n) {
    return n == 1 ? "1 track" : n + " tracks";
  }

  private final class Listener implements Session.Listener {
    @Override
    public void connected(RelayConnection connection, boolean again) {
      clock.connected(connection::send);
      sink.connected();
    }

    @Override
    public void reconnecting(Duration wait) {
      sink.reconnecting(wait);
    }

    @Override
    public void lost(int code, boolean byRelay) {
      clock.disconnected();
      TrackPeer.this.lost(code, byRelay);
    }

    @Override
    public void text(RelayConnection from, String text) {
      long arrivalNanos = System.nanoTime();
      if (clock.accept(text, arrivalNanos)) {
        if (greeted != from && text.startsWith("{\"type\":\"clock-pong\"")) {
          greeted = from;
          from.send(new Message.Hello(name, false).encode());
        }
        return;
      }
      Message message = Message.parse(text);
      if (message instanceof Message.Collect) {
        answerCollect(from);
      } else if (message instanceof Message.TriggerOutput) {
        bang(Message.Bang.DEFAULT, arrivalNanos);
      } else if (message instanceof Message.Bang bang) {
        bang(bang, arrivalNanos);
      } else if (message instanceof Message.Tempo t) {
        tempo = t;
        sink.tempo(t);
      } else if (message instanceof Message.Play play) {
        play(play, arrivalNanos);
      } else if (message instanceof Message.Presence p) {
        sink.presence(p);
      } else if (message instanceof Message.PeerEvent e) {
        sink.peerEvent(e);
      } else if (message instanceof Message.Removed r) {
        removedByPeer(r, from);
      } else if (message instanceof Message.Other) {
        received(text);
      }
      // trigger-input: a relay that only broadcasts echoes it; the tutorial plays trigger-output
      // only
    }
  }
}
