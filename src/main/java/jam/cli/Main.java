package jam.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * Entry point of the jam jar: plain {@code add-track}, {@code tracks}, {@code rm} and {@code
 * trigger} command lines run straight away ({@link FastPath}), everything else through picocli
 * ({@link CommandLineFactory}).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = utf8(FileDescriptor.out);
    PrintWriter err = utf8(FileDescriptor.err);
    OptionalInt fast = FastPath.run(args, out, err);
    System.exit(
        fast.isPresent()
            ? fast.getAsInt()
            : CommandLineFactory.create(out, err, args).execute(args));
  }

  /** The process's stdout or stderr in UTF-8, whatever the locale, flushed on every line. */
  static PrintWriter utf8(FileDescriptor fd) {
    return new PrintWriter(
        new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8), true);
  }
}
