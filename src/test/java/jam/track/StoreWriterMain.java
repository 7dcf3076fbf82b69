package jam.track;

import java.nio.file.Paths;
import java.util.List;

/**
 * A second process for StoreTest: adds tracks named PREFIX-0 .. PREFIX-(N-1) to STORE, one write
 * each.
 */
public final class StoreWriterMain {
  private StoreWriterMain() {}

  public static void main(String[] args) {
    Store store = new Store(Paths.get(args[0]));
    String prefix = args[1];
    int n = Integer.parseInt(args[2]);
    for (int i = 0; i < n; i++) {
      store.add(List.of(Track.parse("{\"trackname\":\"" + prefix + "-" + i + "\",\"data\":[]}")));
    }
  }
}
