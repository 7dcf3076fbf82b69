package jam.cli;

import jam.ExitCode;
import jam.JamException;
import jam.text.Printable;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Builds the {@code jam} command line: UTF-8 streams whatever the locale, one-line errors on stderr,
 * stack traces only with {@code -v}, and the exit codes of {@link ExitCode}.
 */
public final class CommandLineFactory {
  private CommandLineFactory() {}

  /** The command line on the process's own stdout and stderr, in UTF-8. */
  public static CommandLine create() {
    return create(utf8(FileDescriptor.out), utf8(FileDescriptor.err));
  }

  /** The command line writing to {@code out} (data, help) and {@code err} (people). */
  public static CommandLine create(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new JamCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(CommandLineFactory::onFailure);
    cl.setParameterExceptionHandler(CommandLineFactory::onUsageError);
    return cl;
  }

  private static PrintWriter utf8(FileDescriptor fd) {
    return new PrintWriter(new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8), true);
  }

  private static int onFailure(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    boolean verbose = root(cl).verbose();
    if (ex instanceof JamException je) {
      err.println("jam: " + Printable.escape(je.getMessage())); // messages may quote the network
      if (verbose && je.getCause() != null) {
        je.getCause().printStackTrace(err);
      }
      err.flush();
      return je.exitCode().code();
    }
    if (ex instanceof ParameterException pe) {
      return onUsageError(pe, new String[0]);
    }
    String what = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    err.println("jam: unexpected error: " + Printable.escape(what) + (verbose ? "" : " (run with -v for details)"));
    if (verbose) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ExitCode.FAILURE.code();
  }

  private static int onUsageError(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    String message = ex.getMessage() == null ? "invalid arguments" : ex.getMessage();
    if (!message.isEmpty()) {
      message = message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
    err.println("jam: " + message + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
    err.flush();
    return ExitCode.USAGE.code();
  }

  private static JamCommand root(CommandLine cl) {
    return (JamCommand) cl.getCommandSpec().root().userObject();
  }
}
