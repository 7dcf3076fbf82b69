package jam.track;

import com.fasterxml.jackson.core.JsonProcessingException;
import jam.text.Printable;

/**
 * Jackson's parse errors in jam's words, at jam's places: "unexpected character 'x' (expected ',' or
 * ']')" where the character is, "invalid number: ..." and "unterminated string" where the number or
 * string starts, "invalid escape" where its backslash is. What was expected is read off the text before
 * the error and the container it is in, so it does not depend on how Jackson words its messages; those
 * are consulted only for what they alone say (the error is in a string, a name Jackson does not accept).
 * Loaded on the first error only. Stateless.
 */
final class JsonErrors {
  private JsonErrors() {}

  /** {@code e}, which {@code in}'s parser has just thrown, as jam's error at its place. */
  static TrackJson.Malformed malformed(JsonReader in, JsonProcessingException e) {
    String text = in.text();
    int at = in.place(e);
    String message = String.valueOf(e.getOriginalMessage());

    // in a string or a name
    if (message.startsWith("Illegal unquoted character")) {
      return in.error(at, "control character " + shown(text, at) + " in a string (it must be escaped)");
    }
    if (message.startsWith("Unrecognized character escape") && at > 0) {
      return in.error(at - 1, "invalid escape \\" + Printable.escape(String.valueOf(text.charAt(at))) + " in a string");
    }
    if (message.contains("hex-digit") || (message.contains("escape sequence") && backslash(text, at) >= 0 && isU(text, backslash(text, at)))) {
      return in.error(Math.max(0, backslash(text, at)), "invalid \\u escape (it needs 4 hex digits)");
    }
    if (at >= text.length() && (message.contains("quote") || message.contains("field name") || message.contains("escape sequence"))) {
      return in.error(openingQuote(text, text.length()), "unterminated string");
    }

    // between tokens: Jackson places a control character after itself
    if (message.startsWith("Illegal character") && at > 0 && text.charAt(at - 1) < 0x20) {
      at--;
    }
    // "NaN", "-Infinity": Jackson places these after the word, jam where it starts
    int quote = message.indexOf('\'');
    if (message.startsWith("Non-standard token") && quote >= 0 && message.indexOf('\'', quote + 1) > quote) {
      String word = message.substring(quote + 1, message.indexOf('\'', quote + 1));
      if (text.startsWith(word, at - word.length())) {
        at -= word.length();
      }
    }
    // a word: "nul", "falsy" are not JSON values; in "null5", what follows null is unexpected
    if (message.startsWith("Unrecognized token") && at < text.length() && "tfn".indexOf(text.charAt(at)) >= 0) {
      String literal = text.charAt(at) == 't' ? "true" : text.charAt(at) == 'f' ? "false" : "null";
      if (!text.startsWith(literal, at)) {
        int end = at;
        while (end < text.length() && end - at < 20 && Character.isLetterOrDigit(text.charAt(end))) {
          end++;
        }
        return in.error(at, "'" + Printable.escape(text.substring(at, end)) + "' is not a JSON value (expected " + literal + " or another value)");
      }
      at += literal.length();
      if (in.inArray() == null && at < text.length()) {
        return afterScalar(in, at, literal);
      }
    }

    // a number that breaks the grammar, where a value may start: told from the number's first character
    int start = at;
    while (start > 0 && isNumberChar(text.charAt(start - 1))) {
      start--;
    }
    if (start < text.length() && expected(text, start, in.inArray()).equals("a value")) {
      char c = text.charAt(start);
      if (c == '-' || isDigit(c)) {
        String broken = brokenNumber(text, start);
        if (broken != null) {
          return in.error(start, "invalid number: " + broken);
        }
        if (in.inArray() == null && at < text.length() && !JsonReader.isBlank(text.charAt(at))) {
          return afterScalar(in, at, "a number"); // "123abc": several values in a row need a blank between them
        }
      } else if (start < at && (c == '+' || c == '.')) {
        at = start; // "+1" and the like: Jackson places it after the sign, jam at the value
      }
    }

    // anything else: a character (or the end) where the grammar wants another
    String expected = expected(text, at, in.inArray());
    if (at >= text.length()) {
      return in.error(at, "unexpected end of input (expected " + expected + ")");
    }
    return in.error(at, "unexpected character '" + shown(text, at) + "' (expected " + expected + ")");
  }

  /** At the top level, what follows a number or literal without a blank between. */
  private static TrackJson.Malformed afterScalar(JsonReader in, int at, String kind) {
    String text = in.text();
    String expected = Character.isLetterOrDigit(text.charAt(at)) ? "',', ']', '}' or a space" : "a space";
    return in.error(at, "unexpected character '" + shown(text, at) + "' (expected " + expected + " after " + kind + ")");
  }

  /**
   * What the grammar wants at {@code at}, from the last character before it that is not a blank and the
   * container {@code at} is in ({@code inArray} true, false in an object, null at the top level).
   */
  private static String expected(String text, int at, Boolean inArray) {
    int p = previous(text, at);
    if (p < 0 || inArray == null) {
      return "a value";
    }
    char c = text.charAt(p);
    if (inArray) {
      return c == '[' || c == ',' ? "a value" : "',' or ']'";
    }
    if (c == '{' || c == ',') {
      return "a field name in double quotes";
    }
    if (c == ':') {
      return "a value";
    }
    if (c == '"') {
      int before = previous(text, openingQuote(text, p));
      if (before >= 0 && (text.charAt(before) == '{' || text.charAt(before) == ',')) {
        return "':' after the field name"; // the string before is a name
      }
    }
    return "',' or '}'";
  }

  /** Why the number literal at {@code start} breaks RFC 8259's grammar, or null when it does not. */
  private static String brokenNumber(String text, int start) {
    int i = start;
    if (charAt(text, i) == '-') {
      i++;
    }
    if (charAt(text, i) == '0') {
      i++;
      if (isDigit(charAt(text, i))) {
        return "no leading zeros";
      }
    } else if (!isDigit(charAt(text, i))) {
      return "a digit must follow '-'";
    }
    i = digits(text, i);
    if (charAt(text, i) == '.') {
      if (!isDigit(charAt(text, i + 1))) {
        return "a digit must follow '.'";
      }
      i = digits(text, i + 1);
    }
    if (charAt(text, i) == 'e' || charAt(text, i) == 'E') {
      i++;
      if (charAt(text, i) == '+' || charAt(text, i) == '-') {
        i++;
      }
      if (!isDigit(charAt(text, i))) {
        return "a digit must follow the exponent";
      }
    }
    return null;
  }

  /** The index of the string's opening quote, for a string that is open at {@code end}: the last quote before it that no backslash escapes. */
  private static int openingQuote(String text, int end) {
    for (int i = end - 1; i >= 0; i--) {
      if (text.charAt(i) == '"') {
        int backslashes = 0;
        while (i - backslashes - 1 >= 0 && text.charAt(i - backslashes - 1) == '\\') {
          backslashes++;
        }
        if (backslashes % 2 == 0) {
          return i;
        }
      }
    }
    return 0;
  }

  /** The backslash of the escape that {@code at} is in (at most 5 characters back: "\\uXXXX"), or -1. */
  private static int backslash(String text, int at) {
    for (int i = Math.min(at, text.length()) - 1; i >= 0 && i >= at - 5; i--) {
      if (text.charAt(i) == '\\') {
        return i;
      }
    }
    return -1;
  }

  private static boolean isU(String text, int backslash) {
    return charAt(text, backslash + 1) == 'u';
  }

  /** The last index before {@code at} that holds something other than a blank, or -1. */
  private static int previous(String text, int at) {
    int i = at - 1;
    while (i >= 0 && JsonReader.isBlank(text.charAt(i))) {
      i--;
    }
    return i;
  }

  private static int digits(String text, int i) {
    while (isDigit(charAt(text, i))) {
      i++;
    }
    return i;
  }

  private static int charAt(String text, int i) {
    return i < text.length() ? text.charAt(i) : -1;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isNumberChar(char c) {
    return isDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  }

  /** The character at {@code at} (a whole code point) as a terminal may show it. */
  private static String shown(String text, int at) {
    return Printable.escape(new String(Character.toChars(text.codePointAt(at))));
  }
}
