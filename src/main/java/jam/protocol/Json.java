package jam.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.Map;

/** The little JSON the protocol's own messages need. Stateless and thread safe. */
final class Json {
  private Json() {}

  /** Jackson, loaded on the first parse: a sender that only encodes ({@code jam trigger}) never pays ~50 ms for it. */
  private static final class Parsers {
    static final JsonFactory FACTORY = new JsonFactory();
  }

  /** True when {@code text} starts, after blanks, with '{'. */
  static boolean mayBeObject(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return c == '{';
      }
    }
    return false;
  }

  /** {@code text} as a JSON object, or null when it is not exactly one (malformed, or something else). */
  static Map<String, Object> object(String text) {
    try (JsonParser parser = Parsers.FACTORY.createParser(text)) {
      Map<String, Object> object = JSON.std.mapFrom(parser);
      return parser.nextToken() == null ? object : null; // nothing may follow the object
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
