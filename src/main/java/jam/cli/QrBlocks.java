package jam.cli;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code of a URL as text for a terminal, two modules a character in Unicode half blocks, with
 * the quiet zone the standard asks for around it (4 modules), for a phone's camera. Drawn dark on
 * light whatever the terminal's colours: with colour, black blocks on a white background; without
 * (NO_COLOR), the terminal's foreground draws the light modules, which reads on the usual light
 * text on a dark background. Stateless.
 */
final class QrBlocks {
  static final int QUIET = 4;
  private static final String WHITE_ON = "\u001b[30;107m";
  private static final String RESET = "\u001b[0m";

  private QrBlocks() {}

  /** The code of {@code text}, one string per line, each ending in a newline. */
  static String render(String text, boolean colour) {
    QrCode qr = QrCode.encodeText(text, QrCode.Ecc.LOW);
    int size = qr.size;
    StringBuilder out = new StringBuilder();
    for (int y = -QUIET; y < size + QUIET; y += 2) {
      if (colour) {
        out.append(WHITE_ON);
      }
      for (int x = -QUIET; x < size + QUIET; x++) {
        boolean top = dark(qr, x, y);
        boolean bottom = y + 1 < size + QUIET && dark(qr, x, y + 1);
        if (!colour) { // the foreground draws light modules
          top = !top;
          bottom = !bottom && y + 1 < size + QUIET;
        }
        out.append(top ? (bottom ? '\u2588' : '\u2580') : (bottom ? '\u2584' : ' '));
      }
      if (colour) {
        out.append(RESET);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** True for a dark module; outside the code (the quiet zone) is light. */
  static boolean dark(QrCode qr, int x, int y) {
    return x >= 0 && y >= 0 && x < qr.size && y < qr.size && qr.getModule(x, y);
  }
}
