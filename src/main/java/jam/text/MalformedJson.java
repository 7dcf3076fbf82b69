package jam.text;

/**
 * JSON that is malformed, or well formed but of the wrong shape, with where it went wrong: line and
 * column, 1-based, the column in characters (code points). An expected outcome for input from files
 * and the network, so it carries no stack trace. Immutable.
 */
public final class MalformedJson extends Exception {
  private static final long serialVersionUID = 1L;
  private final int line;
  private final int column;

  public MalformedJson(int line, int column, String message) {
    super(message, null, false, false);
    this.line = Math.max(1, line);
    this.column = Math.max(1, column);
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** "3:14: message". */
  public String where() {
    return line + ":" + column + ": " + getMessage();
  }
}
