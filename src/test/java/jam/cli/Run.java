package jam.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the jam command line, with its exit code and both streams captured. */
record Run(int exitCode, String out, String err) {
  static Run jam(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
