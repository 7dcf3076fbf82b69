package jam.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether two paths name one file, however spelled: {@code ./x}, {@code ../d/x}, a symbolic link to
 * it, a hard link. For files that exist, the file system decides ({@link Files#isSameFile}); a path
 * that does not exist yet is compared by its folder's real path and its name. Stateless.
 */
public final class SameFile {
  private SameFile() {}

  public static boolean test(Path a, Path b) {
    try {
      if (Files.exists(a) && Files.exists(b)) {
        return Files.isSameFile(a, b);
      }
    } catch (IOException e) {
      // compared by name below
    }
    return canonical(a).equals(canonical(b));
  }

  /** The real path where it can be had, else the real path of the folder and the name. */
  private static Path canonical(Path p) {
    Path absolute = p.toAbsolutePath().normalize();
    try {
      return absolute.toRealPath();
    } catch (IOException e) {
      Path parent = absolute.getParent();
      if (parent == null) {
        return absolute;
      }
      return canonical(parent).resolve(absolute.getFileName());
    }
  }
}
