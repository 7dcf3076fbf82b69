package jam.bench;

/** One mode's run. Both methods but {@link #status} are called on the reactor thread. */
interface Run {
  /** Starts connecting; the run ends by completing its context. */
  void start();

  /** One line on where the run is, for the progress line. Any thread. */
  String status();
}
