package jam.cli;

import jam.StreamReporter;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Runs {@code jam add-track}, {@code jam tracks}, {@code jam rm} and {@code jam trigger} without
 * picocli, whose model of even one command costs more start-up than the command itself (these
 * should take at most 150 ms). It recognises only their plain command lines and parses nothing
 * else: an option it does not know (help, version, {@code --cacert}, a misspelling), an option
 * given twice, a value that starts with '-' or is empty, an {@code @file}, {@code --}, clustered
 * short options, a {@code --count} picocli might read otherwise: all of that goes to picocli, so
 * help, usage errors and their wording stay picocli's. The command it runs is the same object, with
 * the same fields, that picocli would have filled in, and its failures are reported by the same
 * {@link Failures}. Stateless.
 */
final class FastPath {
  private FastPath() {}

  /** Runs {@code args} when they are plain; its exit code, or empty for "ask picocli". */
  static OptionalInt run(String[] args, PrintWriter out, PrintWriter err) {
    Parsed p = parse(args);
    if (p == null) {
      return OptionalInt.empty();
    }
    StreamReporter reporter = new StreamReporter(err, p.quiet, p.verbose);
    try {
      if (p.addTrack != null) {
        return OptionalInt.of(p.addTrack.run(reporter, out));
      }
      if (p.tracks != null) {
        return OptionalInt.of(p.tracks.run(reporter, out));
      }
      if (p.rm != null) {
        return OptionalInt.of(p.rm.run(reporter, out));
      }
      return OptionalInt.of(p.trigger.run(reporter));
    } catch (Exception e) { // as picocli hands a command's exception to CommandLineFactory
      return OptionalInt.of(Failures.report(e, err, p.verbose));
    }
  }

  /**
   * A command line this class can run: the command with its options set, and the global options.
   */
  static final class Parsed {
    boolean quiet;
    boolean verbose;
    AddTrackCommand addTrack;
    TracksCommand tracks;
    RmCommand rm;
    TriggerCommand trigger;
  }

  /** The command {@code args} describe, or null when picocli should read them. */
  static Parsed parse(String[] args) {
    Parsed p = new Parsed();
    String command = null;
    List<String> positional = new ArrayList<>();
    String store = null;
    String token = null;
    String sound = null;
    String count = null;
    String interval = null;
    boolean json = false;
    boolean names = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.isEmpty() || arg.charAt(0) == '@') {
        return null; // picocli reads @FILE as more arguments
      }
      if (arg.equals("-q") || arg.equals("--quiet")) {
        if (p.quiet) {
          return null;
        }
        p.quiet = true;
        continue;
      }
      if (arg.equals("-v") || arg.equals("--verbose")) {
        if (p.verbose) {
          return null;
        }
        p.verbose = true;
        continue;
      }
      if (command == null) {
        if (!arg.equals("add-track")
            && !arg.equals("trigger")
            && !arg.equals("tracks")
            && !arg.equals("rm")) {
          return null;
        }
        command = arg;
        continue;
      }
      if (arg.equals("-") || arg.charAt(0) != '-') {
        positional.add(arg);
        continue;
      }
      if (command.equals("tracks") && arg.equals("--json")) {
        if (json) {
          return null;
        }
        json = true;
        continue;
      }
      if (command.equals("tracks") && arg.equals("--names")) {
        if (names) {
          return null;
        }
        names = true;
        continue;
      }
      // --name VALUE or --name=VALUE
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        return null;
      }
      if (value.isEmpty() || value.charAt(0) == '-' || value.charAt(0) == '@') {
        return null;
      }
      boolean addTrack = !command.equals("trigger"); // the store's commands
      if (addTrack && name.equals("--store") && store == null) {
        store = value;
      } else if (!addTrack && name.equals("--token") && token == null) {
        token = value;
      } else if (!addTrack && name.equals("--sound") && sound == null) {
        sound = value;
      } else if (!addTrack && name.equals("--count") && count == null) {
        count = value;
      } else if (!addTrack && name.equals("--interval") && interval == null) {
        interval = value;
      } else {
        return null; // unknown, given twice, or not this command's
      }
    }
    if (command == null) {
      return null;
    }
    StoreOption storeOption = null;
    if (!command.equals("trigger")) {
      storeOption = new StoreOption();
      try {
        storeOption.store = store == null ? null : Path.of(store);
      } catch (InvalidPathException e) {
        return null; // picocli says which argument is not a path
      }
    }
    if (command.equals("add-track")) {
      AddTrackCommand c = new AddTrackCommand();
      c.storeOption = storeOption;
      try {
        for (String name : positional) {
          c.inputs.add(Path.of(name));
        }
      } catch (InvalidPathException e) {
        return null; // picocli says which argument is not a path
      }
      p.addTrack = c;
      return p;
    }
    if (command.equals("tracks")) {
      if (!positional.isEmpty()) {
        return null; // picocli words the usage error
      }
      TracksCommand c = new TracksCommand();
      c.storeOption = storeOption;
      c.json = json;
      c.names = names;
      p.tracks = c;
      return p;
    }
    if (command.equals("rm")) {
      if (positional.isEmpty() || positional.contains("-")) {
        return null;
      }
      RmCommand c = new RmCommand();
      c.storeOption = storeOption;
      c.names.addAll(positional);
      p.rm = c;
      return p;
    }
    if (positional.size() > 1) {
      return null;
    }
    TriggerCommand c = new TriggerCommand();
    c.relayUrl = new RelayUrlOption();
    c.relayUrl.url = positional.isEmpty() ? null : positional.get(0);
    c.relayUrl.token = token;
    c.sound = sound;
    String n = count == null ? TriggerCommand.DEFAULT_COUNT : count;
    if (!plainCount(n)) {
      return null; // signs, leading zeros, hex, too large: picocli's int converter decides
    }
    c.count = Integer.parseInt(n);
    try {
      c.interval = Units.duration(interval == null ? TriggerCommand.DEFAULT_INTERVAL : interval);
    } catch (IllegalArgumentException e) {
      return null; // picocli words the error
    }
    p.trigger = c;
    return p;
  }

  /** "0" or 1 to 9 digits without a leading zero (no regex: it would cost start-up time). */
  private static boolean plainCount(String n) {
    if (n.isEmpty() || n.length() > 9 || (n.charAt(0) == '0' && n.length() > 1)) {
      return false;
    }
    for (int i = 0; i < n.length(); i++) {
      if (n.charAt(i) < '0' || n.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
