package jam.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The new content of one file, written to a temporary file in the same folder and renamed over the
 * file only by {@link #commit()}: until then the old file (or its absence) is untouched, so a
 * crash, a signal or a full disk leaves the old file whole. {@link #close()} without a commit
 * deletes the temporary file. A target that is a symbolic link has what it points to replaced, not
 * the link. Not thread safe.
 *
 * <p>The temporary file is {@code .NAME.HEX.tmp} beside the target; only a process killed outright
 * (SIGKILL, power loss) leaves one behind.
 */
public final class Replacement implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private boolean done;

  private Replacement(Path target, Path temp, FileChannel channel) {
    this.target = target;
    this.temp = temp;
    this.channel = channel;
  }

  /**
   * Starts replacing {@code file}: creates the temporary file beside it (what {@code file} links
   * to, if it is a link), empty and open for writing.
   *
   * @throws IOException when {@code file} is a folder or its folder cannot be written
   */
  public static Replacement start(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new FileSystemException(file.toString(), null, "Is a directory");
    }
    Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
    Path dir = target.toAbsolutePath().getParent();
    Path temp =
        dir.resolve(
            "."
                + target.getFileName()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)
                + ".tmp");
    FileChannel channel =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new Replacement(target, temp, channel);
  }

  /** Where the new content goes until {@link #commit()}. */
  public FileChannel channel() {
    return channel;
  }

  /** The temporary file. */
  public Path temp() {
    return temp;
  }

  /**
   * Forces the new content to disk, gives it the old file's permissions and renames it over the old
   * file in one step, then makes the rename durable. On failure the old file stays and the
   * temporary file is deleted.
   */
  public void commit() throws IOException {
    if (done) {
      throw new IllegalStateException("already committed or abandoned");
    }
    done = true;
    try {
      try (channel) {
        channel.force(true);
      }
      copyPermissions(target, temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
    syncFolder(temp.getParent());
  }

  /**
   * Abandons the new content unless committed: closes and deletes the temporary file. Idempotent.
   */
  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    try {
      channel.close();
    } catch (IOException e) {
      // deleting it is what matters
    }
    deleteQuietly(temp);
  }

  private static void copyPermissions(Path from, Path to) {
    try {
      if (Files.exists(from)) {
        Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
      }
    } catch (IOException | UnsupportedOperationException e) {
      // not a POSIX file system, or not ours: the new file keeps the default permissions
    }
  }

  /** Makes the rename itself durable; not every platform can open a folder, and that is fine. */
  private static void syncFolder(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // best effort
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a stray temp file is harmless
    }
  }
}
