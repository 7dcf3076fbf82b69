package jam.bridge;

import java.net.URI;

/** The room a relay URL names, as jam's OSC messages carry it. Stateless. */
public final class Rooms {
  private Rooms() {}

  /**
   * The last segment of a path of two or more ({@code /socket/class-a}: {@code class-a}), else ""
   * for the relay's default room ({@code /socket}, {@code /}). A relay serving rooms at {@code
   * /ROOM} is not told apart from one with another path: name the room with {@code --room}.
   */
  public static String of(URI url) {
    String path = url.getPath() == null ? "" : url.getPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    int last = path.lastIndexOf('/');
    return last <= 0 ? "" : path.substring(last + 1);
  }
}
