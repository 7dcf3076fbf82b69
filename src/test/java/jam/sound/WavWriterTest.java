package jam.sound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
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
      wav.write(pcm, 1_000 * SampleFormat.FRAME_BYTES, pcm.length - 1_000 * SampleFormat.FRAME_BYTES);
      assertEquals(frames, wav.frames());
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
  void aSyncedFileIsValidBeforeItIsClosed() throws Exception {
    Path file = dir.resolve("open.wav");
    try (WavWriter writer = WavWriter.create(file)) {
      writer.write(pattern(480), 0, 480 * SampleFormat.FRAME_BYTES);
      writer.sync();
      assertEquals(480, Wav.read(file).frameLength);
      writer.write(pattern(480), 0, 480 * SampleFormat.FRAME_BYTES);
    }
    assertEquals(960, Wav.read(file).frameLength);
  }

  @Test
  void anEmptyRecordingIsAValidFile() throws Exception {
    Path file = dir.resolve("empty.wav");
    WavWriter.create(file).close();
    assertEquals(0, Wav.read(file).frameLength);
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
