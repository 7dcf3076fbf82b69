package jam.console;

import jam.JamException;
import jam.clock.Beats;
import jam.peer.TrackPeer;
import jam.protocol.Message;
import jam.sound.Score;
import jam.sound.Sound;
import jam.sound.Speaker;
import jam.text.Columns;
import jam.text.Printable;
import jam.track.Store;
import jam.track.Track;
import jam.track.TrackInput;
import jam.track.TrackLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jline.builtins.Completers.FileNameCompleter;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.reader.impl.completer.AggregateCompleter;
import org.jline.reader.impl.completer.ArgumentCompleter;
import org.jline.reader.impl.completer.NullCompleter;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Status;

/**
 * {@code jam join} at a terminal: reads commands with completion and history on the thread that
 * calls {@link #run}, while the session's tracks and bangs (it is the peer's {@link
 * TrackPeer.Sink}) and messages for people ({@link #messages}) are printed above the prompt, never
 * through a line being typed. A status line at the bottom (where the terminal can have one) shows
 * the relay, the connection, tracks known and bangs heard.
 *
 * <p>Lifecycle: construct (the terminal's output is the console's from then on), hand the running
 * peer to {@link #run}, which returns on {@code quit}, Ctrl-D or {@link #stop}. From construction
 * to the end of {@link #run}, the terminal does not echo: keys typed while no line is being read
 * (while connecting, or while a command runs) wait unechoed for the next prompt, which shows them,
 * instead of landing on the screen beside it. Ctrl-C clears the line; on an empty line it says how
 * to leave, and a second in a row leaves. A command that fails prints one line and the console goes
 * on.
 *
 * <p>Thread safe: the sink methods, {@link #messages} and {@link #stop} may be called from any
 * thread; output is serialized by a lock (the screen) taken before the line reader's own.
 */
public final class Console implements TrackPeer.Sink {
  private static final String PROMPT = "jam> ";

  /**
   * How the console looks and what it does with the session.
   *
   * @param relay the relay's URL as shown to people (token masked)
   * @param history where command history is kept (null: not kept)
   * @param colour styles (bold, colours) allowed
   * @param playTracks play each track as it arrives
   * @param count end the session after this many tracks (null: no limit)
   */
  public record Settings(
      String relay, Path history, boolean colour, boolean playTracks, Integer count) {
    public Settings {
      Objects.requireNonNull(relay, "relay");
    }
  }

  private final Terminal terminal;
  private final Settings settings;
  private final Store store;
  private final Speaker speaker;
  private final Reader reader;
  private final Status status;

  /** The terminal's modes before the console: put back when {@link #run} ends. */
  private final Attributes cooked;

  /** Guarded by itself: every track of the session, by identity, in order of arrival. */
  private final Map<String, Track> tracks = new LinkedHashMap<>();

  /** Guarded by tracks: the keys of tracks whose peer left, as the relay said. */
  private final Set<String> leftKeys = new HashSet<>();

  private final AtomicLong bangs = new AtomicLong();

  /** Serializes what other threads print with the status line; taken before the reader's lock. */
  private final Object screen = new Object();

  /** Guarded by screen. */
  private List<AttributedString> shownStatus = List.of();

  /** Guarded by this. */
  private Thread runner;

  /** Guarded by this. */
  private boolean reading;

  private volatile boolean stopping;
  private volatile boolean connected;

  /**
   * Whether the relay was ever reached: until then the status line says connecting, not
   * reconnecting.
   */
  private volatile boolean everConnected;

  /** When the next attempt to reconnect is due ({@link System#nanoTime()}), while not connected. */
  private volatile long retryAtNanos;

  private volatile TrackPeer peer;

  /** Peers here as the relay last said (0: it has not said: not a jam relay, or not yet). */
  private volatile int here;

  /**
   * A console on {@code terminal}: adds what {@code add} reads to {@code store}, plays on {@code
   * speaker}.
   */
  public Console(Terminal terminal, Settings settings, Store store, Speaker speaker) {
    this.terminal = terminal;
    this.settings = settings;
    this.store = store;
    this.speaker = speaker;
    Map<String, Object> variables = new HashMap<>();
    if (settings.history() != null) {
      try {
        Files.createDirectories(settings.history().toAbsolutePath().getParent());
        variables.put(LineReader.HISTORY_FILE, settings.history());
      } catch (IOException e) {
        // no history then; the console itself still works
      }
    }
    this.reader = new Reader(terminal, variables);
    this.reader.setCompleter(completer());
    this.reader.option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
    this.reader.option(LineReader.Option.HISTORY_IGNORE_DUPS, true);
    this.reader.option(LineReader.Option.HISTORY_IGNORE_SPACE, true);
    this.status = Status.getStatus(terminal);
    // The line reader turns echo off only while it reads, and puts back what it found when it
    // began.
    // Off from here on, what is typed between lines is echoed once, by the reader, on the prompt.
    // Only
    // echo: the terminal otherwise stays as the reader expects to find it (line mode, blocking
    // reads).
    this.cooked = terminal.getAttributes();
    Attributes quiet = new Attributes(cooked);
    quiet.setLocalFlag(Attributes.LocalFlag.ECHO, false);
    terminal.setAttributes(quiet);
  }

  /**
   * The process's own terminal, for a console: UTF-8; Ctrl-C is the line reader's alone (ignored
   * between lines, never the JVM's default); a dumb terminal, without a warning, where no better
   * one can be had.
   *
   * @throws IOException when there is no terminal to open
   */
  public static Terminal systemTerminal() throws IOException {
    return TerminalBuilder.builder()
        .system(true)
        .dumb(true)
        .name("jam")
        .encoding(StandardCharsets.UTF_8)
        .nativeSignals(true)
        .signalHandler(Terminal.SignalHandler.SIG_IGN)
        .build();
  }

  /**
   * Where {@code jam join} keeps its history: {@code $XDG_STATE_HOME/jam/join_history}, else under
   * {@code ~/.local/state}.
   */
  public static Path historyFile(Map<String, String> env, String userHome) {
    String xdg = env.get("XDG_STATE_HOME");
    if (xdg != null
        && !xdg.isEmpty()
        && Paths.get(xdg).isAbsolute()) { // the spec says relative ones are ignored
      return Paths.get(xdg, "jam", "join_history");
    }
    String home = env.get("HOME");
    return Paths.get(
        home == null || home.isEmpty() ? userHome : home, ".local", "state", "jam", "join_history");
  }

  /**
   * A stream for messages to people (a reporter's): each line is printed above the prompt. Thread
   * safe.
   */
  public PrintWriter messages() {
    return new PrintWriter(new AboveWriter(), true);
  }

  /**
   * Reads and runs commands until {@code quit}, Ctrl-D or {@link #stop}; {@code running} is the
   * session's peer, whose bangs it sends.
   */
  public void run(TrackPeer running) {
    this.peer = running;
    synchronized (this) {
      runner = Thread.currentThread();
    }
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "jam-status");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleWithFixedDelay(
        this::refreshStatus, 0, 1, TimeUnit.SECONDS); // the reconnect countdown
    boolean interrupted = false; // the last line read ended in Ctrl-C on an empty line
    try {
      while (true) {
        String line;
        synchronized (this) {
          if (stopping) {
            break;
          }
          reading = true;
        }
        try {
          line = reader.readLine(PROMPT);
          interrupted = false;
        } catch (UserInterruptException e) {
          // Ctrl-C: a typed line is dropped; on an empty one, as shells and wscat do, say how to
          // leave, and leave on a second one in a row. A stop is seen at the top of the loop.
          String typed = e.getPartialLine();
          if (typed == null || typed.isBlank()) {
            if (interrupted) {
              break;
            }
            interrupted = true;
            note("to leave: quit, Ctrl-D, or Ctrl-C again");
          } else {
            interrupted = false;
          }
          continue;
        } catch (EndOfFileException e) {
          break; // Ctrl-D
        } finally {
          synchronized (this) {
            reading = false;
          }
        }
        if (stopping) {
          break;
        }
        if (!execute(reader.getParsedLine(), line)) {
          break;
        }
      }
    } finally {
      ticker.shutdownNow();
      Thread.interrupted(); // a stop's interrupt must not reach the caller's closing
      synchronized (screen) {
        if (status != null) {
          reader.whileLocked(() -> status.update(List.of()));
        }
      }
      terminal.flush();
      terminal.setAttributes(cooked);
    }
  }

  /** Ends {@link #run} soon: at once while it waits for a line, else after the running command. */
  public void stop() {
    synchronized (this) {
      stopping = true;
      if (reading && runner != null) {
        runner.interrupt(); // the line reader ends its read as on Ctrl-C
      }
    }
  }

  // ---- the session, from the peer's threads

  @Override
  public boolean accept(Track track) {
    int known;
    synchronized (tracks) {
      tracks.put(track.identity(), track);
      known = tracks.size();
    }
    if (settings.playTracks()) {
      List<List<Double>> data = track.frequencies();
      if (data != null) {
        speaker.play(key(track), data);
      }
    }
    print(style(TrackLines.line(track), AttributedStyle.BOLD));
    refreshStatus();
    return settings.count() == null || known < settings.count();
  }

  @Override
  public void bang(Message.Bang bang, long nanos) {
    speaker.bang(bang, nanos);
    bangs.incrementAndGet();
    String name = bang.sound() == null ? Sound.DEFAULT.id() : Printable.escape(bang.sound());
    String from = bang.from() == null ? "" : " from " + Printable.escape(bang.from());
    print(style("bang " + name + from, AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW)));
    refreshStatus();
  }

  @Override
  public void presence(Message.Presence presence) {
    here = presence.count();
    refreshStatus();
  }

  /** The keys of the tracks marked as their peer's that left; for tests. */
  Set<String> leftKeys() {
    synchronized (tracks) {
      return Set.copyOf(leftKeys);
    }
  }

  @Override
  public void sharedAgain(Track track) {
    synchronized (tracks) {
      leftKeys.remove(track.key()); // a peer here has it again
    }
  }

  @Override
  public void removed(List<Track> gone) {
    synchronized (tracks) {
      for (Track t : gone) {
        tracks.remove(t.identity());
        leftKeys.remove(t.key());
      }
    }
    for (Track t : gone) {
      note(TrackLines.line(t) + " is no longer shared");
    }
    refreshStatus();
  }

  @Override
  public void peerEvent(Message.PeerEvent event) {
    if (!event.joined()) {
      synchronized (tracks) {
        leftKeys.addAll(event.tracks()); // they stay: they live on the peers that have them
      }
    }
    here = event.count();
    String who = event.peer().name() == null ? "a peer" : Printable.escape(event.peer().name());
    note(who + (event.joined() ? " joined (" : " left (") + event.count() + " here)");
    refreshStatus();
  }

  @Override
  public void tempo(Message.Tempo tempo) {
    note("tempo " + fmt(tempo.bpm()) + " bpm");
    refreshStatus();
  }

  @Override
  public void play(Message.Play play, long nanos) {
    speaker.playAt(play.data(), Duration.ofNanos(Math.round(play.stepMs() * 1e6)), nanos);
    String name = play.name() == null ? "(no name)" : Printable.escape(play.name());
    print(
        style(
            "playing " + name + " together",
            AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN)));
  }

  @Override
  public void connected() {
    connected = true;
    everConnected = true;
    refreshStatus();
  }

  @Override
  public void reconnecting(Duration wait) {
    connected = false;
    retryAtNanos = System.nanoTime() + wait.toNanos();
    refreshStatus();
  }

  // ---- commands, on the thread in run()

  /** Runs one line; false when the console is to end. */
  private boolean execute(ParsedLine parsed, String line) {
    ConsoleCommand command;
    try {
      command =
          parsed != null && parsed.line().equals(line)
              ? ConsoleCommand.parse(parsed.words())
              : ConsoleCommand.parse(line);
    } catch (IllegalArgumentException e) {
      error(e.getMessage());
      return true;
    }
    try {
      return execute(command);
    } catch (JamException | IllegalArgumentException e) {
      error(e.getMessage());
    } catch (RuntimeException e) {
      error(
          "unexpected error: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
    return true;
  }

  private boolean execute(ConsoleCommand command) {
    if (command instanceof ConsoleCommand.Bang b) {
      bang(b.sound());
    } else if (command instanceof ConsoleCommand.Add a) {
      add(a.file());
    } else if (command instanceof ConsoleCommand.Replace r) {
      replace(r.file());
    } else if (command instanceof ConsoleCommand.Rm r) {
      rm(r.names());
    } else if (command instanceof ConsoleCommand.Tracks) {
      List<Track> known = known();
      Set<String> gone;
      synchronized (tracks) {
        gone = new HashSet<>(leftKeys);
      }
      print(
          known.isEmpty()
              ? new AttributedString("no tracks yet")
              : new AttributedString(TrackLines.table(known, gone, columns())));
    } else if (command instanceof ConsoleCommand.Play p) {
      if (p.together()) {
        playTogether(p.name());
      } else {
        play(p.name());
      }
    } else if (command instanceof ConsoleCommand.Tempo t) {
      tempo(t.bpm());
    } else if (command instanceof ConsoleCommand.Mute m) {
      speaker.mute(m.on());
      note(
          m.on()
              ? "muted"
              : speaker.audible()
                  ? "unmuted"
                  : "unmuted, but no audio device is open: nothing is heard");
      refreshStatus();
    } else if (command instanceof ConsoleCommand.Help) {
      print(new AttributedString(helpText(columns())));
    } else if (command instanceof ConsoleCommand.Quit) {
      return false;
    }
    return true;
  }

  private void bang(String sound) {
    Message message;
    if (sound == null) {
      message = Message.TRIGGER_INPUT; // what the tutorial's clients send, and hear
    } else if (Sound.isKnown(sound)) {
      message = new Message.Bang(Sound.named(sound).id());
    } else {
      throw new IllegalArgumentException(
          "unknown sound '" + sound + "' (" + String.join(", ", Sound.names()) + ")");
    }
    TrackPeer p = peer;
    if (p == null || !p.send(message)) {
      throw new IllegalArgumentException(
          "not connected to " + settings.relay() + "; bang not sent");
    }
  }

  private void replace(String file) {
    List<Track> read = TrackInput.parse(file, TrackInput.readFile(path(file)), this::note);
    Store.Replaced result;
    try {
      result = store.replace(read);
    } catch (JamException e) {
      throw new JamException(e.exitCode(), "not replaced: " + e.getMessage(), e);
    }
    for (Track t : result.replaced()) {
      note("replaced " + t.key() + " with " + TrackLines.line(t) + "; sharing it");
    }
    for (Track t : result.unchanged()) {
      note(TrackLines.line(t) + " is stored as it is; nothing to replace");
    }
  }

  private void rm(List<String> names) {
    List<Track> removed;
    try {
      removed = store.remove(names);
    } catch (JamException e) {
      throw new JamException(e.exitCode(), "not removed: " + e.getMessage(), e);
    }
    for (Track t : removed) {
      note("removed " + TrackLines.line(t) + " (" + t.key() + ") from " + store.path());
    }
  }

  private static Path path(String file) {
    return Paths.get(
        file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file);
  }

  private void add(String file) {
    Path path =
        Paths.get(
            file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file);
    List<Track> read = TrackInput.parse(file, TrackInput.readFile(path), this::note);
    Store.Added result;
    try {
      result = store.add(read);
    } catch (JamException e) {
      throw new JamException(
          e.exitCode(), "not added: " + e.getMessage(), e); // e.g. a store that is not valid JSON
    }
    for (Track t : result.added()) {
      note("added " + TrackLines.line(t) + " as " + t.id().orElse("?") + "; sharing it");
    }
    for (Store.Duplicate d : result.duplicates()) {
      note(TrackLines.line(d.existing()) + " is already in " + store.path() + "; not added again");
    }
    for (Store.Duplicate d : result.namesakes()) {
      note(
          "a track called that was stored already ("
              + d.existing().key()
              + "): to make a file a new version of it instead, replace FILE");
    }
  }

  /** How far ahead a {@code play --together} is at least sent, so every peer has it in time. */
  private static final double TOGETHER_LEAD_MS = 250;

  private void playTogether(String name) {
    Track track = track(name);
    TrackPeer p = connectedPeer("track not sent");
    List<List<Double>> data = track.frequencies();
    if (data == null || data.isEmpty()) {
      throw new IllegalArgumentException(TrackLines.line(track) + " has no rows to play");
    }
    Message.Tempo beat = p.tempo() == null ? Beats.DEFAULT : p.tempo();
    double at = Beats.next(beat, p.clock().relayNow() + TOGETHER_LEAD_MS, 4);
    Message.Play play = new Message.Play(track.name(), data, at, Score.TRACK_STEP.toMillis());
    if (!p.send(play)) {
      throw new IllegalArgumentException(
          "not connected to " + settings.relay() + "; track not sent");
    }
  }

  private void tempo(Double bpm) {
    TrackPeer p = connectedPeer("tempo not changed");
    Message.Tempo current = p.tempo();
    if (bpm == null) {
      note(
          current == null
              ? "no tempo set on the relay; --quantize and play --together count 120 bpm from the Unix epoch"
              : String.format(
                  Locale.ROOT,
                  "%s bpm, beat %.1f",
                  fmt(current.bpm()),
                  Beats.beatAt(current, p.clock().relayNow())));
      return;
    }
    Message.Tempo next = Beats.change(current, bpm, p.clock().relayNow());
    if (!p.send(next)) {
      throw new IllegalArgumentException(
          "not connected to " + settings.relay() + "; tempo not changed");
    }
  }

  private static String fmt(double bpm) {
    return bpm == Math.rint(bpm) ? String.valueOf((long) bpm) : String.valueOf(bpm);
  }

  private TrackPeer connectedPeer(String otherwise) {
    TrackPeer p = peer;
    if (p == null || !connected) {
      throw new IllegalArgumentException("not connected to " + settings.relay() + "; " + otherwise);
    }
    return p;
  }

  private Track track(String name) {
    return find(known(), name)
        .or(() -> find(store.read(), name))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no track '" + name + "' in this session or in " + store.path()));
  }

  private void play(String name) {
    Track track =
        find(known(), name)
            .or(() -> find(store.read(), name))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no track '" + name + "' in this session or in " + store.path()));
    List<List<Double>> data = track.frequencies();
    if (data == null) {
      throw new IllegalArgumentException(TrackLines.line(track) + " has no data to play");
    }
    if (!speaker.play(key(track), data)) {
      throw new IllegalArgumentException("muted: unmute to hear " + TrackLines.line(track));
    }
    note(
        "playing "
            + TrackLines.line(track)
            + (speaker.audible() ? "" : " (no audio device is open: not heard)"));
  }

  /**
   * The track with id {@code name}, else the one called {@code name}; several of that name are an
   * error that lists their ids, as {@code jam play} says it.
   */
  private static Optional<Track> find(List<Track> in, String name) {
    List<Track> byName = new ArrayList<>();
    for (Track t : in) {
      if (t.key().equals(name)) {
        return Optional.of(t);
      }
      if (name.equals(t.name())) {
        byName.add(t);
      }
    }
    if (byName.size() > 1) {
      StringBuilder ids = new StringBuilder();
      for (Track t : byName) {
        ids.append(ids.length() == 0 ? "" : ", ").append(t.key());
      }
      throw new IllegalArgumentException(
          byName.size()
              + " tracks are called '"
              + Printable.escape(name)
              + "'; name one by id: "
              + ids);
    }
    return byName.stream().findFirst();
  }

  private List<Track> known() {
    synchronized (tracks) {
      return new ArrayList<>(tracks.values());
    }
  }

  private static String key(Track t) {
    return t.key();
  }

  // ---- the screen

  private Completer completer() {
    Completer sounds = new StringsCompleter(Sound.names());
    Completer trackNames =
        (reader, line, candidates) -> {
          for (Track t : known()) {
            String name = t.name();
            if (name == null || name.isBlank()) {
              continue;
            }
            String shown = Printable.escape(name);
            if (shown.equals(name) && name.indexOf(' ') < 0) {
              candidates.add(new Candidate(name));
            } else {
              // a name from the network with control characters (or blanks) is shown escaped and
              // completes to the track's id: raw, the list would reach the terminal as escape codes
              candidates.add(new Candidate(key(t), shown, null, null, null, null, true));
            }
          }
        };
    Completer storeNames =
        (reader, line, candidates) -> {
          List<Track> stored;
          try {
            stored = store.read();
          } catch (JamException e) {
            return; // a corrupt store completes nothing; rm says why
          }
          for (Track t : stored) {
            String name = t.name();
            boolean plain =
                name != null
                    && !name.isBlank()
                    && name.indexOf(' ') < 0
                    && Printable.escape(name).equals(name);
            candidates.add(new Candidate(plain ? name : t.key()));
          }
        };
    return new AggregateCompleter(
        new ArgumentCompleter(new StringsCompleter("bang"), sounds, NullCompleter.INSTANCE),
        new ArgumentCompleter(
            new StringsCompleter("add"), new FileNameCompleter(), NullCompleter.INSTANCE),
        new ArgumentCompleter(new StringsCompleter("play"), trackNames, NullCompleter.INSTANCE),
        new ArgumentCompleter(
            new StringsCompleter("replace"), new FileNameCompleter(), NullCompleter.INSTANCE),
        new ArgumentCompleter(new StringsCompleter("rm"), storeNames),
        new ArgumentCompleter(
            new StringsCompleter("tracks", "mute", "unmute", "help", "quit"),
            NullCompleter.INSTANCE));
  }

  private AttributedString style(String text, AttributedStyle style) {
    return settings.colour() ? new AttributedString(text, style) : new AttributedString(text);
  }

  private void note(String text) {
    print(new AttributedString("jam: " + text));
  }

  private void error(String text) {
    print(
        style(
            "jam: " + Printable.escape(text),
            AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)));
  }

  /** Prints {@code text} above the prompt (or just prints it while no line is being read). */
  private void print(AttributedString text) {
    synchronized (screen) {
      reader.printAbove(text);
    }
  }

  /**
   * The status line now: relay, connection, tracks, bangs, sound; then, once connected, the shared
   * clock's state and the relay's tempo.
   */
  String statusText() {
    return statusText(Integer.MAX_VALUE);
  }

  /**
   * The status line in at most {@code width} columns: what matters most is kept, the connection
   * first, then muted or no sound, tracks and bangs, who is here, the relay, the tempo, the clock;
   * parts are dropped whole from the least, never cut, and the order on the line stays the same.
   */
  String statusText(int width) {
    String state;
    if (connected) {
      state = "connected";
    } else if (retryAtNanos == 0) {
      state = "connecting";
    } else {
      long seconds =
          Math.max(0, (retryAtNanos - System.nanoTime() + 999_999_999L) / 1_000_000_000L);
      String trying = everConnected ? "reconnecting" : "connecting";
      state = seconds == 0 ? trying : trying + " in " + seconds + " s";
    }
    int known;
    synchronized (tracks) {
      known = tracks.size();
    }
    long heard = bangs.get();
    String sound = speaker.muted() ? "muted" : speaker.audible() ? null : "no sound";
    TrackPeer p = peer;
    boolean timed = p != null && everConnected;
    Message.Tempo beat = timed ? p.tempo() : null;
    int n = here;
    // in the order shown, each with its rank: 0 is kept longest
    String[] parts = {
      Printable.escape(settings.relay()),
      state,
      known + (known == 1 ? " track" : " tracks"),
      heard + (heard == 1 ? " bang" : " bangs"),
      sound,
      timed && n > 0 ? n + " here" : null,
      timed ? p.clock().state().shortText() : null,
      beat == null ? null : fmt(beat.bpm()) + " bpm"
    };
    int[] rank = {5, 0, 2, 3, 1, 4, 7, 6};
    boolean[] shown = new boolean[parts.length];
    for (int i = 0; i < parts.length; i++) {
      shown[i] = parts[i] != null;
    }
    for (int drop = rank.length - 1; drop > 0 && width(parts, shown) > width; drop--) {
      for (int i = 0; i < rank.length; i++) {
        if (rank[i] == drop) {
          shown[i] = false;
        }
      }
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (shown[i]) {
        line.append(line.length() == 0 ? "" : "  ").append(parts[i]);
      }
    }
    return line.toString();
  }

  /** The terminal's width in columns; a very large number when it does not say. */
  private int columns() {
    int w = terminal.getWidth();
    return w > 0 ? w : Integer.MAX_VALUE;
  }

  /**
   * {@link ConsoleCommand#HELP} in {@code width} columns: each entry's text wrapped at blanks under
   * its own start (under the command when the terminal is too narrow for that), never mid-word.
   */
  static String helpText(int width) {
    StringBuilder out = new StringBuilder();
    for (String entry : ConsoleCommand.HELP) {
      int gap = entry.indexOf("   ");
      int at = gap < 0 ? 0 : gap + 3;
      while (at > 0 && at < entry.length() && entry.charAt(at) == ' ') {
        at++;
      }
      if (at == 0 || at + 20 > width) {
        List<String> lines = Columns.wrap(entry, width, false);
        out.append(lines.get(0));
        for (String l : lines.subList(1, lines.size())) {
          out.append("\n    ").append(l);
        }
      } else {
        List<String> lines = Columns.wrap(entry.substring(at), width - at, false);
        out.append(Columns.pad(entry.substring(0, at), at)).append(lines.get(0));
        for (String l : lines.subList(1, lines.size())) {
          out.append('\n').append(" ".repeat(at)).append(l);
        }
      }
      out.append('\n');
    }
    return out.toString().stripTrailing();
  }

  /** Columns the parts {@code shown} take, two blanks apart. */
  private static int width(String[] parts, boolean[] shown) {
    int columns = 0;
    for (int i = 0; i < parts.length; i++) {
      if (shown[i]) {
        columns += (columns == 0 ? 0 : 2) + Columns.width(parts[i]);
      }
    }
    return columns;
  }

  private void refreshStatus() {
    if (status == null) {
      return;
    }
    // one column spare: a line that fills the last column makes some terminals scroll
    int width = terminal.getWidth() > 1 ? terminal.getWidth() - 1 : Integer.MAX_VALUE;
    List<AttributedString> lines = List.of(style(statusText(width), AttributedStyle.INVERSE));
    synchronized (screen) {
      if (lines.equals(shownStatus)) {
        return;
      }
      shownStatus = lines;
      // Under the reader's lock whether or not it reads a line: its redisplays, and the prompt it
      // draws
      // when it starts, write to the terminal too, and JLine only takes that lock for them.
      reader.whileLocked(() -> status.update(lines));
    }
  }

  /**
   * The line reader, with its lock lent out: drawing anything else on the screen must hold it too.
   */
  private static final class Reader extends LineReaderImpl {
    Reader(Terminal terminal, Map<String, Object> variables) {
      super(terminal, "jam", variables);
    }

    void whileLocked(Runnable drawing) {
      lock.lock();
      try {
        drawing.run();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Lines written to it are printed above the prompt, one at a time. */
  private final class AboveWriter extends Writer {
    private final StringBuilder line = new StringBuilder();

    @Override
    public synchronized void write(char[] chars, int off, int len) {
      for (int i = off; i < off + len; i++) {
        char c = chars[i];
        if (c == '\n') {
          print(new AttributedString(line.toString()));
          line.setLength(0);
        } else if (c != '\r') {
          line.append(c);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public synchronized void close() {
      if (line.length() > 0) {
        print(new AttributedString(line.toString()));
        line.setLength(0);
      }
    }
  }
}
