package jam.console;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One line typed at the console, parsed: {@link #parse} is the only way in. Values are immutable.
 */
public sealed interface ConsoleCommand
    permits ConsoleCommand.Bang,
        ConsoleCommand.Add,
        ConsoleCommand.Replace,
        ConsoleCommand.Rm,
        ConsoleCommand.Tracks,
        ConsoleCommand.Play,
        ConsoleCommand.Tempo,
        ConsoleCommand.Mute,
        ConsoleCommand.Help,
        ConsoleCommand.Quit {
  /** The command words, in the order help lists them; completion offers them. */
  List<String> NAMES =
      List.of(
          "bang", "add", "replace", "rm", "tracks", "play", "tempo", "mute", "unmute", "help",
          "quit");

  /** What {@code help} prints: one line per command. */
  List<String> HELP =
      List.of(
          "bang [SOUND]   every peer plays SOUND (bang, kick, snare, hat, bell); Enter alone bangs too",
          "add FILE       add the tracks in FILE to your store, which shares them",
          "replace FILE   the tracks in FILE replace your stored ones of that id or name (as add-track --replace)",
          "rm ID|NAME...  remove tracks from your store; the other jam peers are told",
          "tracks         the tracks of this session",
          "play [--together] NAME   play a track of this session (or of your store) by name or id; --together: every peer, from the next bar",
          "tempo [BPM]    the shared beat, or change it for everyone (20 to 999)",
          "mute, unmute   stop or resume playing sounds here",
          "help           this list",
          "quit           leave (Ctrl-D too, or Ctrl-C twice on an empty line); Ctrl-C clears the line");

  /** Fire a bang; {@code sound} null is the tutorial's plain bang (trigger-input). */
  record Bang(String sound) implements ConsoleCommand {}

  record Add(String file) implements ConsoleCommand {
    public Add {
      Objects.requireNonNull(file, "file");
    }
  }

  /** {@code replace FILE}: new versions of stored tracks, as {@code jam add-track --replace}. */
  record Replace(String file) implements ConsoleCommand {
    public Replace {
      Objects.requireNonNull(file, "file");
    }
  }

  /** {@code rm ID|NAME...}: remove stored tracks, as {@code jam rm}. */
  record Rm(List<String> names) implements ConsoleCommand {
    public Rm {
      names = List.copyOf(names);
    }
  }

  record Tracks() implements ConsoleCommand {}

  /** {@code play NAME}, or with {@code together} every peer plays it on the next bar. */
  record Play(String name, boolean together) implements ConsoleCommand {
    public Play {
      Objects.requireNonNull(name, "name");
    }
  }

  /** {@code tempo}: show the shared beat; {@code tempo BPM}: change it (null: show). */
  record Tempo(Double bpm) implements ConsoleCommand {}

  /** {@code mute} ({@code on} true) or {@code unmute}. */
  record Mute(boolean on) implements ConsoleCommand {}

  record Help() implements ConsoleCommand {}

  record Quit() implements ConsoleCommand {}

  /**
   * The command {@code words} (as the line reader split them, quotes and escapes resolved) name; no
   * words at all is a plain bang.
   *
   * @throws IllegalArgumentException with a one-line message for people: unknown command, wrong
   *     arguments
   */
  static ConsoleCommand parse(List<String> words) {
    List<String> w = words.stream().filter(s -> !s.isBlank()).toList();
    if (w.isEmpty()) {
      return new Bang(null);
    }
    String name = w.get(0).toLowerCase(Locale.ROOT);
    List<String> args = w.subList(1, w.size());
    return switch (name) {
      case "bang" -> new Bang(optional(name, args, "SOUND"));
      case "add" -> new Add(one(name, args, "FILE"));
      case "replace" -> new Replace(one(name, args, "FILE"));
      case "rm" -> rm(args);
      case "tracks" -> none(name, args, new Tracks());
      case "play" -> play(args);
      case "tempo" -> tempo(optional(name, args, "BPM"));
      case "mute" -> none(name, args, new Mute(true));
      case "unmute" -> none(name, args, new Mute(false));
      case "help", "?" -> none(name, args, new Help());
      case "quit", "exit" -> none(name, args, new Quit());
      default ->
          throw new IllegalArgumentException("unknown command '" + w.get(0) + "' (try help)");
    };
  }

  /** {@link #parse(List)} of {@code line} split at blanks (no quoting). */
  static ConsoleCommand parse(String line) {
    return parse(List.of(line.strip().split("\\s+")));
  }

  private static Play play(List<String> args) {
    boolean together = !args.isEmpty() && args.get(0).equals("--together");
    return new Play(one("play", together ? args.subList(1, args.size()) : args, "NAME"), together);
  }

  private static Rm rm(List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("rm takes one or more IDs or NAMEs");
    }
    return new Rm(args);
  }

  private static Tempo tempo(String bpm) {
    if (bpm == null) {
      return new Tempo(null);
    }
    double value;
    try {
      value = Double.parseDouble(bpm);
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (!(value >= jam.protocol.Message.Tempo.MIN_BPM
        && value <= jam.protocol.Message.Tempo.MAX_BPM)) {
      throw new IllegalArgumentException("tempo must be from 20 to 999 bpm, not " + bpm);
    }
    return new Tempo(value);
  }

  private static String optional(String name, List<String> args, String what) {
    if (args.size() > 1) {
      throw new IllegalArgumentException(name + " takes at most one " + what);
    }
    return args.isEmpty() ? null : args.get(0);
  }

  private static String one(String name, List<String> args, String what) {
    if (args.size() != 1) {
      throw new IllegalArgumentException(
          name + " takes one " + what + (args.size() > 1 ? " (quote one with spaces)" : ""));
    }
    return args.get(0);
  }

  private static <T extends ConsoleCommand> T none(String name, List<String> args, T command) {
    if (!args.isEmpty()) {
      throw new IllegalArgumentException(name + " takes no arguments");
    }
    return command;
  }
}
