package jam.text;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A JSON number kept as its literal text, so that no value is rounded through {@code double}
 * ({@code 329.6275569128699}, {@code 0.1} and {@code 1e400} come out as they went in). Immutable.
 *
 * @param literal the number as JSON spells it, e.g. {@code -12}, {@code 0.5}, {@code 1e400}
 */
public record JsonNumber(String literal) {
  public JsonNumber {
    if (literal == null || !isJsonNumber(literal)) {
      throw new IllegalArgumentException("literal must be a JSON number, not " + literal);
    }
  }

  /**
   * The same text for every spelling of one value ({@code 1}, {@code 1.0}, {@code 10e-1}): the
   * shortest decimal without trailing zeros, in scientific notation when very large or small.
   */
  public String canonical() {
    BigDecimal value;
    try {
      value = new BigDecimal(literal).stripTrailingZeros();
    } catch (NumberFormatException | ArithmeticException e) {
      return literal.toLowerCase(java.util.Locale.ROOT); // an exponent beyond BigDecimal's range
    }
    if (value.signum() == 0) {
      return "0";
    }
    if (value.scale() <= 0 && (long) value.precision() - value.scale() <= 21) {
      return value.toPlainString();
    }
    return value.toString();
  }

  /**
   * This number as Java's nearest type: for a whole literal (no fraction, no exponent) an {@code
   * Integer}, {@code Long} or {@code BigInteger}, whichever holds it first; else a {@code Double}
   * (which may round).
   */
  public Number value() {
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '.' || c == 'e' || c == 'E') {
        return Double.valueOf(literal);
      }
    }
    if (literal.length() <= 18) {
      long n = Long.parseLong(literal);
      return n == (int) n ? (Number) Integer.valueOf((int) n) : (Number) Long.valueOf(n);
    }
    BigInteger n = new BigInteger(literal);
    return n.bitLength() < 32
        ? (Number) Integer.valueOf(n.intValue())
        : n.bitLength() < 64 ? (Number) Long.valueOf(n.longValue()) : n;
  }

  @Override
  public String toString() {
    return literal;
  }

  /** RFC 8259's number grammar: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
  static boolean isJsonNumber(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && s.charAt(i) == '-') {
      i++;
    }
    if (i >= n) {
      return false;
    }
    if (s.charAt(i) == '0') {
      i++;
    } else if (isDigit(s.charAt(i))) {
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
    } else {
      return false;
    }
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        return false;
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int start = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
