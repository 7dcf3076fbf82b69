package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nayuki.qrcodegen.QrCode;
import org.junit.jupiter.api.Test;

/**
 * The QR code jam serve prints: read back from its half blocks, module by module, it is the code of
 * the URL, quiet zone included, in colour and without; and the page URLs it encodes.
 */
class QrBlocksTest {
  private static final String URL = "http://192.168.1.20:8080/?token=s3cret%2Bx";

  @Test
  void theBlocksAreTheCodesModulesWithAQuietZone() {
    QrCode qr = QrCode.encodeText(URL, QrCode.Ecc.LOW);
    for (boolean colour : new boolean[] {true, false}) {
      String text = QrBlocks.render(URL, colour).replaceAll("\u001b\\[[0-9;]*m", "");
      String[] lines = text.split("\n");
      int side = qr.size + 2 * QrBlocks.QUIET;
      assertEquals((side + 1) / 2, lines.length);
      for (int row = 0; row < lines.length; row++) {
        assertEquals(side, lines[row].length(), "line " + row);
        for (int x = 0; x < side; x++) {
          char c = lines[row].charAt(x);
          boolean top = c == '\u2588' || c == '\u2580';
          boolean bottom = c == '\u2588' || c == '\u2584';
          int y = 2 * row - QrBlocks.QUIET;
          int mx = x - QrBlocks.QUIET;
          // with colour the blocks are dark modules; without, the light ones
          assertEquals(QrBlocks.dark(qr, mx, y), colour ? top : !top, "module " + mx + "," + y);
          if (2 * row + 1 < side) {
            assertEquals(
                QrBlocks.dark(qr, mx, y + 1),
                colour ? bottom : !bottom,
                "module " + mx + "," + (y + 1));
          }
        }
      }
    }
  }

  @Test
  void thePageUrlFollowsTheRelays() {
    assertEquals(
        "http://10.0.0.5:8080/", ServeCommand.pageUrl("ws://10.0.0.5:8080/socket", "/", null));
    assertEquals(
        "https://localhost:8443/jam/?token=a%2Bb%26c",
        ServeCommand.pageUrl("wss://localhost:8443/socket", "/jam/", "a+b&c"));
    assertEquals("http://[fe80::1]:80/", ServeCommand.pageUrl("ws://[fe80::1]:80/x", "/", null));
  }
}
