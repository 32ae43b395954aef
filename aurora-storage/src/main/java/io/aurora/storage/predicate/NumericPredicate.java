package io.aurora.storage.predicate;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.util.Arrays;

/**
 * A value predicate on a BOOLEAN, integer-like or floating point column, normalized once per call
 * into one of a few shapes over {@code long} keys, so that filtering and statistics checks share a
 * single analysis.
 *
 * <p>Keys are the values themselves for integer-like types, 0 and 1 for BOOLEAN, and {@link
 * #doubleKey(double)} for REAL and DOUBLE: a {@code long} whose signed order is PostgreSQL's
 * floating point order ({@code -0.0 = 0.0}, NaN greater than everything else). Every shape is
 * clipped to the keys the column can hold, so for example {@code x < 3_000_000_000} on an INTEGER
 * column becomes {@link Shape#ALL}.
 */
final class NumericPredicate {
  /** What the predicate looks like after normalization. */
  enum Shape {
    /** No non-null value matches. */
    NONE,
    /** Every non-null value matches. */
    ALL,
    /** Keys in {@code [low, high]}, a proper non-empty part of the domain. */
    RANGE,
    /** Keys other than {@code low}. */
    NOT_EQUAL,
    /** Keys in {@code values}, sorted and distinct, at least two. */
    IN
  }

  private static final long NAN_KEY = doubleKey(Double.NaN);
  private static final long POSITIVE_INFINITY_KEY = doubleKey(Double.POSITIVE_INFINITY);
  private static final long NEGATIVE_INFINITY_KEY = doubleKey(Double.NEGATIVE_INFINITY);
  private static final long NEGATIVE_ZERO_KEY = -1;

  private final Shape shape;
  private final long low;
  private final long high;
  private final long[] values;

  private NumericPredicate(Shape shape, long low, long high, long[] values) {
    this.shape = shape;
    this.low = low;
    this.high = high;
    this.values = values;
  }

  /**
   * Normalizes a value predicate (not IS [NOT] NULL) for a column of the given BOOLEAN, INT, LONG,
   * FLOAT or DOUBLE type.
   */
  static NumericPredicate of(ColumnPredicate predicate, DataType type) {
    long domainLow = domainLow(type);
    long domainHigh = domainHigh(type);
    if (predicate instanceof ColumnPredicate.Comparison comparison) {
      long value = key(comparison.value(), type);
      return switch (comparison.operator()) {
        case EQUAL -> range(value, value, domainLow, domainHigh);
        case NOT_EQUAL -> notEqual(value, domainLow, domainHigh);
        case LESS_THAN ->
            value == Long.MIN_VALUE
                ? none()
                : range(Long.MIN_VALUE, value - 1, domainLow, domainHigh);
        case LESS_THAN_OR_EQUAL -> range(Long.MIN_VALUE, value, domainLow, domainHigh);
        case GREATER_THAN ->
            value == Long.MAX_VALUE
                ? none()
                : range(value + 1, Long.MAX_VALUE, domainLow, domainHigh);
        case GREATER_THAN_OR_EQUAL -> range(value, Long.MAX_VALUE, domainLow, domainHigh);
      };
    }
    if (predicate instanceof ColumnPredicate.Between between) {
      return range(key(between.low(), type), key(between.high(), type), domainLow, domainHigh);
    }
    if (predicate instanceof ColumnPredicate.In in) {
      long[] keys = new long[in.values().size()];
      int count = 0;
      for (Object value : in.values()) {
        long key = key(value, type);
        if (key >= domainLow && key <= domainHigh) {
          keys[count++] = key;
        }
      }
      Arrays.sort(keys, 0, count);
      int distinct = 0;
      for (int i = 0; i < count; i++) {
        if (distinct == 0 || keys[distinct - 1] != keys[i]) {
          keys[distinct++] = keys[i];
        }
      }
      if (distinct <= 1) {
        return distinct == 0 ? none() : range(keys[0], keys[0], domainLow, domainHigh);
      }
      return new NumericPredicate(Shape.IN, 0, 0, Arrays.copyOf(keys, distinct));
    }
    if (predicate instanceof ColumnPredicate.LikePrefix) {
      throw new AuroraException(
          ErrorCode.DATATYPE_MISMATCH, "LIKE needs a VARCHAR column, not type[" + type + "]");
    }
    throw new IllegalArgumentException("not a value predicate: " + predicate);
  }

  private static long domainLow(DataType type) {
    return switch (type.physicalType()) {
      case BOOLEAN -> 0;
      case INT -> Integer.MIN_VALUE;
      case LONG -> Long.MIN_VALUE;
      case FLOAT, DOUBLE -> NEGATIVE_INFINITY_KEY;
      case VARCHAR -> throw new IllegalArgumentException("VARCHAR is not a numeric type");
    };
  }

  private static long domainHigh(DataType type) {
    return switch (type.physicalType()) {
      case BOOLEAN -> 1;
      case INT -> Integer.MAX_VALUE;
      case LONG -> Long.MAX_VALUE;
      case FLOAT, DOUBLE -> NAN_KEY;
      case VARCHAR -> throw new IllegalArgumentException("VARCHAR is not a numeric type");
    };
  }

  private static NumericPredicate none() {
    return new NumericPredicate(Shape.NONE, 0, 0, new long[0]);
  }

  private static NumericPredicate range(long low, long high, long domainLow, long domainHigh) {
    long clippedLow = Math.max(low, domainLow);
    long clippedHigh = Math.min(high, domainHigh);
    if (clippedLow > clippedHigh) {
      return none();
    }
    if (clippedLow == domainLow && clippedHigh == domainHigh) {
      return new NumericPredicate(Shape.ALL, 0, 0, new long[0]);
    }
    return new NumericPredicate(Shape.RANGE, clippedLow, clippedHigh, new long[0]);
  }

  private static NumericPredicate notEqual(long value, long domainLow, long domainHigh) {
    if (value == domainLow) {
      return range(value + 1, domainHigh, domainLow, domainHigh);
    }
    if (value == domainHigh) {
      return range(domainLow, value - 1, domainLow, domainHigh);
    }
    if (value < domainLow || value > domainHigh) {
      return range(domainLow, domainHigh, domainLow, domainHigh);
    }
    return new NumericPredicate(Shape.NOT_EQUAL, value, value, new long[0]);
  }

  Shape shape() {
    return shape;
  }

  /** The inclusive lower key of a RANGE, or the excluded key of a NOT_EQUAL. */
  long low() {
    return low;
  }

  /** The inclusive upper key of a RANGE. */
  long high() {
    return high;
  }

  /** The sorted distinct keys of an IN; not a copy. */
  long[] values() {
    return values;
  }

  /** Whether a non-null value with the given key matches. */
  boolean test(long key) {
    return switch (shape) {
      case NONE -> false;
      case ALL -> true;
      case RANGE -> key >= low && key <= high;
      case NOT_EQUAL -> key != low;
      case IN -> Arrays.binarySearch(values, key) >= 0;
    };
  }

  /** Whether some key in {@code [min, max]} may match. */
  boolean mayMatch(long min, long max) {
    return switch (shape) {
      case NONE -> false;
      case ALL -> true;
      case RANGE -> low <= max && high >= min;
      case NOT_EQUAL -> min != low || max != low;
      case IN -> {
        int index = Arrays.binarySearch(values, min);
        yield index >= 0 || (-index - 1 < values.length && values[-index - 1] <= max);
      }
    };
  }

  /** Whether every key in {@code [min, max]} matches. */
  boolean allMatch(long min, long max) {
    return switch (shape) {
      case NONE -> false;
      case ALL -> true;
      case RANGE -> low <= min && max <= high;
      case NOT_EQUAL -> low < min || low > max;
      case IN -> min == max && Arrays.binarySearch(values, min) >= 0;
    };
  }

  /**
   * A {@code long} whose signed order is PostgreSQL's order of doubles: {@code -0.0} has the key of
   * {@code 0.0}, every NaN has one key greater than that of positive infinity.
   */
  static long doubleKey(double value) {
    long bits = Double.doubleToLongBits(value + 0.0);
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  /** The double with the given key, for keys of doubles other than NaN. */
  static double keyToDouble(long key) {
    return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
  }

  /**
   * The least double whose key is at least {@code key}, as a lower bound for double comparisons:
   * NaN when only NaN is that large.
   */
  static double lowerBoundDouble(long key) {
    return key > POSITIVE_INFINITY_KEY ? Double.NaN : keyToDouble(key);
  }

  /**
   * The greatest double other than NaN whose key is at most {@code key}, as an upper bound for
   * double comparisons. The key of {@code -0.0} is not the key of any normalized value, so it
   * bounds the negative numbers.
   */
  static double upperBoundDouble(long key) {
    if (key >= POSITIVE_INFINITY_KEY) {
      return Double.POSITIVE_INFINITY;
    }
    return key == NEGATIVE_ZERO_KEY ? -Double.MIN_VALUE : keyToDouble(key);
  }

  static boolean isNanKey(long key) {
    return key == NAN_KEY;
  }

  /** The key of a predicate value for a column of the given numeric type. */
  static long key(Object value, DataType type) {
    return switch (type.physicalType()) {
      case BOOLEAN -> {
        if (value instanceof Boolean booleanValue) {
          yield booleanValue ? 1 : 0;
        }
        throw mismatch(value, type);
      }
      case INT, LONG -> {
        if (value instanceof Long
            || value instanceof Integer
            || value instanceof Short
            || value instanceof Byte) {
          yield ((Number) value).longValue();
        }
        throw mismatch(value, type);
      }
      case FLOAT, DOUBLE -> {
        if (value instanceof Double || value instanceof Float) {
          yield doubleKey(((Number) value).doubleValue());
        }
        throw mismatch(value, type);
      }
      case VARCHAR -> throw mismatch(value, type);
    };
  }

  static AuroraException mismatch(Object value, DataType type) {
    return new AuroraException(
        ErrorCode.DATATYPE_MISMATCH,
        "Predicate value of class["
            + value.getClass().getSimpleName()
            + "] does not match column type["
            + type
            + "]");
  }
}
