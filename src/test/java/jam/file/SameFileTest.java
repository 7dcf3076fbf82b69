package jam.file;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SameFileTest {
  @TempDir Path dir;

  @Test
  void spellingsLinksAndHardLinksOfOneFileAreTheSameFile() throws Exception {
    Path file = Files.writeString(dir.resolve("s.json"), "[]");
    Files.createDirectories(dir.resolve("sub"));
    assertTrue(SameFile.test(file, dir.resolve("sub/../s.json")));
    assertTrue(SameFile.test(file, dir.resolve("./s.json")));
    assertTrue(
        SameFile.test(file, Files.createSymbolicLink(dir.resolve("link"), file.getFileName())));
    assertTrue(SameFile.test(file, Files.createLink(dir.resolve("hard"), file)));
    assertFalse(SameFile.test(file, Files.writeString(dir.resolve("other.json"), "[]")));
  }

  @Test
  void pathsThatDoNotExistYetAreComparedThroughTheirFolder() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path linked = Files.createSymbolicLink(dir.resolve("linked"), real);
    assertTrue(SameFile.test(real.resolve("new.wav"), linked.resolve("new.wav")));
    assertTrue(SameFile.test(real.resolve("new.wav"), dir.resolve("real/x/../new.wav")));
    assertFalse(SameFile.test(real.resolve("new.wav"), real.resolve("other.wav")));
  }
}
