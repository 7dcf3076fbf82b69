package jam.sound;

/**
 * A finite mono signal the mixer can read at any position: a pure function of the frame index, so
 * that a source is shared freely and rendering is deterministic. Implementations are immutable and
 * thread safe.
 */
interface Source {
  /** Length in frames; the signal is zero from here on. */
  int frames();

  /** Adds frames {@code [from, from + count)} of this signal to {@code acc[at .. at + count)}. */
  void mixInto(float[] acc, int at, int from, int count);

  /** A stored clip. The array is never written after construction. */
  static Source of(float[] samples) {
    return new Source() {
      @Override
      public int frames() {
        return samples.length;
      }

      @Override
      public void mixInto(float[] acc, int at, int from, int count) {
        for (int i = 0; i < count; i++) {
          acc[at + i] += samples[from + i];
        }
      }
    };
  }
}
