package jam;

/** The exit codes jam promises to scripts; every command maps its outcome to one of these. */
public enum ExitCode {
  /** Done as asked. */
  OK(0),
  /** An unexpected failure: a bug, or something jam has no better name for. */
  FAILURE(1),
  /** The command line itself is wrong: unknown option, bad value. */
  USAGE(2),
  /** Input data is invalid: malformed JSON, a track that is not an object, a corrupt store. */
  DATA(3),
  /** The network is not there: cannot bind, cannot connect, connection lost. */
  UNAVAILABLE(4),
  /** A local file could not be read or written: permissions, disk full. */
  IO(5),
  /**
   * A run finished but not everything arrived: a benchmark whose relay lost messages or did not
   * keep up.
   */
  INCOMPLETE(6);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The number the process exits with. */
  public int code() {
    return code;
  }
}
