package io.aurora.sql.expression;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Arithmetic on unscaled DECIMAL values held in longs. Rounding is half away from zero, as
 * PostgreSQL rounds numeric values. Operations that overflow a long fall back to {@link
 * BigDecimal}: that path allocates, but only runs for values near the 18-digit limit.
 */
final class Decimals {
  private static final long[] POWERS_OF_TEN = new long[19];

  static {
    long value = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = value;
      value *= 10;
    }
  }

  private Decimals() {}

  static long powerOfTen(int exponent) {
    return POWERS_OF_TEN[exponent];
  }

  static AuroraException overflow() {
    return new AuroraException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow");
  }

  /** Throws unless {@code value} has at most {@code precision} digits. */
  static long checkPrecision(long value, int precision) {
    long limit = precision >= 19 ? Long.MAX_VALUE : POWERS_OF_TEN[precision];
    if (value >= limit || value <= -limit) {
      throw overflow();
    }
    return value;
  }

  /** The value at another scale, rounded half away from zero when the scale shrinks. */
  static long rescale(long value, int fromScale, int toScale) {
    if (toScale == fromScale) {
      return value;
    }
    if (toScale > fromScale) {
      int difference = toScale - fromScale;
      if (difference > 18) {
        if (value == 0) {
          return 0;
        }
        throw overflow();
      }
      try {
        return Math.multiplyExact(value, POWERS_OF_TEN[difference]);
      } catch (ArithmeticException e) {
        throw overflow();
      }
    }
    int difference = fromScale - toScale;
    if (difference > 18) {
      return 0;
    }
    return divideRoundHalfUp(value, POWERS_OF_TEN[difference]);
  }

  /** {@code numerator / denominator} rounded half away from zero; the denominator is not zero. */
  static long divideRoundHalfUp(long numerator, long denominator) {
    long quotient = numerator / denominator;
    long remainder = numerator % denominator;
    if (remainder != 0) {
      long absRemainder = Math.abs(remainder);
      long absDenominator = Math.abs(denominator);
      if (absRemainder >= absDenominator - absRemainder) {
        quotient += (numerator < 0) == (denominator < 0) ? 1 : -1;
      }
    }
    return quotient;
  }

  static long multiply(long left, long right, int productScale, int resultScale) {
    long product;
    try {
      product = Math.multiplyExact(left, right);
    } catch (ArithmeticException e) {
      return fromBigDecimal(
          new BigDecimal(
              BigInteger.valueOf(left).multiply(BigInteger.valueOf(right)), productScale),
          resultScale);
    }
    return rescale(product, productScale, resultScale);
  }

  /** {@code left / right} at {@code resultScale}; the operands have their own scales. */
  static long divide(long left, int leftScale, long right, int rightScale, int resultScale) {
    int exponent = resultScale - leftScale + rightScale;
    if (exponent >= 0 && exponent <= 18) {
      long scaled = left * POWERS_OF_TEN[exponent];
      if (Math.multiplyHigh(left, POWERS_OF_TEN[exponent]) == (scaled >> 63)) {
        return divideRoundHalfUp(scaled, right);
      }
    }
    BigDecimal quotient =
        BigDecimal.valueOf(left, leftScale)
            .divide(BigDecimal.valueOf(right, rightScale), resultScale, RoundingMode.HALF_UP);
    return fromBigDecimal(quotient, resultScale);
  }

  static long fromBigDecimal(BigDecimal value, int scale) {
    try {
      return value.setScale(scale, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    } catch (ArithmeticException e) {
      throw overflow();
    }
  }
}
