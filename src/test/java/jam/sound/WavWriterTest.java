package jam.sound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavWriterTest {
  @TempDir Path dir;

  @Test
  void theHeaderIsValidAndTheLengthMatches() throws Exception {
    Path file = dir.resolve("out.wav");
    int frames = 12_345;
    byte[] pcm = pattern(frames);
    try (WavWriter wav = WavWriter.create(file)) {
      wav.write(pcm, 0, 1_000 * SampleFormat.FRAME_BYTES);
      wav.write(
          pcm, 1_000 * SampleFormat.FRAME_BYTES, pcm.length - 1_000 * SampleFormat.FRAME_BYTES);
      assertEquals(frames, wav.frames());
      wav.commit();
    }

    Wav wav = Wav.read(file);
    assertEquals(SampleFormat.audioFormat().toString(), wav.format.toString());
    assertEquals(frames, wav.frameLength);
    assertEquals(WavWriter.HEADER_BYTES + pcm.length, Files.size(file));
    byte[] data = Files.readAllBytes(file);
    for (int i = 0; i < pcm.length; i++) {
      assertEquals(pcm[i], data[WavWriter.HEADER_BYTES + i], "byte " + i);
    }
  }

  @Test
  void aSyncedTemporaryFileIsValidBeforeTheCommitThatPutsItInPlace() throws Exception {
    Path file = dir.resolve("open.wav");
    try (WavWriter writer = WavWriter.create(file)) {
      writer.write(pattern(480), 0, 480 * SampleFormat.FRAME_BYTES);
      writer.sync();
      assertEquals(480, Wav.read(writer.temp()).frameLength);
      assertFalse(Files.exists(file), "in place before the commit");
      writer.write(pattern(480), 0, 480 * SampleFormat.FRAME_BYTES);
      writer.commit();
    }
    assertEquals(960, Wav.read(file).frameLength);
    assertEquals(List.of(file), files());
  }

  @Test
  void anEmptyRecordingIsAValidFile() throws Exception {
    Path file = dir.resolve("empty.wav");
    try (WavWriter writer = WavWriter.create(file)) {
      writer.commit();
    }
    assertEquals(0, Wav.read(file).frameLength);
  }

  @Test
  void closedWithoutACommitTheOldFileStaysAndNothingIsLeft() throws Exception {
    Path file = dir.resolve("old.wav");
    Files.write(file, new byte[] {1, 2, 3});
    try (WavWriter writer = WavWriter.create(file)) {
      writer.write(pattern(480), 0, 480 * SampleFormat.FRAME_BYTES);
      writer.sync();
    }
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
    assertEquals(List.of(file), files());
  }

  @Test
  void thePcmThatWouldOutgrowTheLimitIsRefusedWholeAndTheRestCanBeCommitted() throws Exception {
    Path file = dir.resolve("full.wav");
    try (WavWriter writer = WavWriter.create(file, 1_000 * SampleFormat.FRAME_BYTES)) {
      writer.write(pattern(600), 0, 600 * SampleFormat.FRAME_BYTES);
      assertThrows(
          WavWriter.Full.class,
          () -> writer.write(pattern(600), 0, 600 * SampleFormat.FRAME_BYTES));
      writer.commit();
    }
    assertEquals(600, Wav.read(file).frameLength);
  }

  @Test
  void aLinkHasWhatItPointsToReplacedNotItself() throws Exception {
    Path real = dir.resolve("real.wav");
    Files.write(real, new byte[] {1});
    Path link = Files.createSymbolicLink(dir.resolve("link.wav"), real.getFileName());
    try (WavWriter writer = WavWriter.create(link)) {
      writer.write(pattern(10), 0, 10 * SampleFormat.FRAME_BYTES);
      writer.commit();
    }
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(10, Wav.read(real).frameLength);
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  @Test
  void onlyWholeFramesAreAccepted() throws Exception {
    try (WavWriter writer = WavWriter.create(dir.resolve("x.wav"))) {
      assertThrows(IllegalArgumentException.class, () -> writer.write(new byte[6], 0, 6));
    }
  }

  private static byte[] pattern(int frames) {
    byte[] pcm = new byte[frames * SampleFormat.FRAME_BYTES];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (byte) (i * 31 + i / 7);
    }
    return pcm;
  }
}
