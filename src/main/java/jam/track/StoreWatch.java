package jam.track;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Watches one store file: file-system events on its folder wake it at once, and it also checks the
 * file's size, time and inode every second (for platforms where events are slow or missing). Calls
 * its action on its own daemon thread, never two at a time. Thread safe.
 */
final class StoreWatch implements Store.Watch, Runnable {
  private static final long CHECK_MILLIS = 1000;

  private final Path file;
  private final Runnable onChange;
  private final Thread thread;
  private volatile boolean closed;
  private WatchService service;
  private Stamp last;

  /** What a change of the file changes: an atomic rename always brings a new inode. */
  private record Stamp(boolean exists, long modifiedNanos, long size, Object fileKey) {
    static final Stamp MISSING = new Stamp(false, 0, 0, null);
  }

  private StoreWatch(Path file, Runnable onChange) {
    this.file = file.toAbsolutePath();
    this.onChange = onChange;
    this.last = stamp();
    this.thread = new Thread(this, "jam-store-watch");
    this.thread.setDaemon(true);
  }

  static StoreWatch start(Path file, Runnable onChange) {
    StoreWatch watch = new StoreWatch(file, Objects.requireNonNull(onChange, "onChange"));
    watch.thread.start();
    return watch;
  }

  @Override
  public void run() {
    while (!closed) {
      if (service == null) {
        service = register();
      }
      try {
        if (service != null) {
          WatchKey key = service.poll(CHECK_MILLIS, TimeUnit.MILLISECONDS);
          if (key != null) {
            key.pollEvents();
            if (!key.reset()) {
              closeService(); // the folder went away; register again once it is back
            }
          }
        } else {
          Thread.sleep(CHECK_MILLIS);
        }
      } catch (InterruptedException | ClosedWatchServiceException e) {
        if (closed) {
          break;
        }
      }
      Stamp now = stamp();
      if (!now.equals(last)) {
        last = now;
        if (!closed) {
          try {
            onChange.run();
          } catch (RuntimeException e) {
            // the owner's problem to report; watching goes on
          }
        }
      }
    }
    closeService();
  }

  private WatchService register() {
    Path dir = file.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return null;
    }
    try {
      WatchService ws = FileSystems.getDefault().newWatchService();
      dir.register(
          ws,
          StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
      return ws;
    } catch (IOException | UnsupportedOperationException e) {
      return null; // checking every second still works
    }
  }

  private void closeService() {
    if (service != null) {
      try {
        service.close();
      } catch (IOException e) {
        // nothing to do
      }
      service = null;
    }
  }

  private Stamp stamp() {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(true, a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.size(), a.fileKey());
    } catch (NoSuchFileException e) {
      return Stamp.MISSING;
    } catch (IOException e) {
      return last == null ? Stamp.MISSING : last;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
