package io.aurora.sql.expression;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A PostgreSQL numeric template pattern for {@code to_char(number, pattern)}, compiled once: {@code
 * 9} (a digit, blank when a leading zero), {@code 0} (a digit, zero-filled), {@code .} or {@code D}
 * (the decimal point), {@code ,} or {@code G} (a group separator, blank before the first digit),
 * and the {@code FM} prefix (no padding and no trailing zeros in {@code 9} positions). Other
 * characters are copied. As in PostgreSQL, the result starts with a place for the sign (blank for a
 * positive number) that moves to just before the first digit, a value with more integer digits than
 * the pattern prints as {@code #}, and a leading zero before the decimal point of a value below one
 * is blank in a {@code 9} position.
 */
final class NumberPattern {
  private final String pattern;
  private final boolean isFillMode;
  private final int integerPositions;
  private final int fractionPositions;

  private NumberPattern(
      String pattern, boolean isFillMode, int integerPositions, int fractionPositions) {
    this.pattern = pattern;
    this.isFillMode = isFillMode;
    this.integerPositions = integerPositions;
    this.fractionPositions = fractionPositions;
  }

  static NumberPattern compile(String text) {
    boolean isFillMode = text.regionMatches(true, 0, "FM", 0, 2);
    String pattern = isFillMode ? text.substring(2) : text;
    int integerPositions = 0;
    int fractionPositions = 0;
    boolean isFraction = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '9', '0' -> {
          if (isFraction) {
            fractionPositions++;
          } else {
            integerPositions++;
          }
        }
        case '.', 'D', 'd' -> {
          if (isFraction) {
            throw new AuroraException(ErrorCode.SYNTAX_ERROR, "multiple decimal points");
          }
          isFraction = true;
        }
        default -> {
          if (Character.isLetter(c) && c != 'G' && c != 'g') {
            throw new AuroraException(
                ErrorCode.FEATURE_NOT_SUPPORTED,
                "Number pattern[" + c + "] of to_char is not supported");
          }
        }
      }
    }
    return new NumberPattern(pattern, isFillMode, integerPositions, fractionPositions);
  }

  /** Writes {@code value} formatted by this pattern. */
  void format(BigDecimal value, VarcharOutput out) {
    BigDecimal rounded = value.setScale(fractionPositions, RoundingMode.HALF_UP);
    boolean isNegative = rounded.signum() < 0;
    String digits = rounded.unscaledValue().abs().toString();
    if (digits.length() < fractionPositions + 1) {
      digits = "0".repeat(fractionPositions + 1 - digits.length()) + digits;
    }
    String integerDigits = digits.substring(0, digits.length() - fractionPositions);
    String fractionDigits = digits.substring(digits.length() - fractionPositions);
    boolean hasPoint =
        pattern.indexOf('.') >= 0 || pattern.indexOf('D') >= 0 || pattern.indexOf('d') >= 0;
    if (integerDigits.equals("0") && (hasPoint || integerPositions == 0)) {
      integerDigits = "";
    }
    boolean isOverflow = integerDigits.length() > integerPositions;
    StringBuilder body = new StringBuilder(pattern.length() + 1);
    int integerIndex = 0;
    int fractionIndex = 0;
    boolean isFraction = false;
    boolean isZeroFill = false;
    boolean hasDigit = false;
    int lastSignificant = -1;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '9', '0' -> {
          if (isOverflow) {
            body.append('#');
          } else if (isFraction) {
            body.append(fractionDigits.charAt(fractionIndex++));
            if (c == '0' || fractionDigits.charAt(fractionIndex - 1) != '0') {
              lastSignificant = body.length();
            }
          } else {
            int digit = integerIndex++ - (integerPositions - integerDigits.length());
            isZeroFill |= c == '0';
            if (digit >= 0) {
              body.append(integerDigits.charAt(digit));
              hasDigit = true;
            } else if (isZeroFill) {
              body.append('0');
              hasDigit = true;
            } else {
              body.append(' ');
            }
          }
        }
        case '.', 'D', 'd' -> {
          isFraction = true;
          body.append('.');
          lastSignificant = body.length();
        }
        case ',', 'G', 'g' -> body.append(hasDigit || isOverflow ? ',' : ' ');
        default -> body.append(c);
      }
    }
    int blanks = 0;
    while (blanks < body.length() && body.charAt(blanks) == ' ') {
      blanks++;
    }
    if (isFillMode) {
      int end = lastSignificant < 0 ? body.length() : Math.max(lastSignificant, endOfInteger(body));
      String trimmed = body.substring(blanks, end);
      out.write(isNegative ? "-" + trimmed : trimmed);
      return;
    }
    out.write(body.substring(0, blanks));
    out.write((byte) (isNegative ? '-' : ' '));
    out.write(body.substring(blanks));
  }

  /** The length of the body up to and including the decimal point, or all of it without one. */
  private int endOfInteger(StringBuilder body) {
    int point = body.indexOf(".");
    return fractionPositions == 0 && point < 0 ? body.length() : point + 1;
  }
}
