package io.aurora.storage.predicate;

import io.aurora.storage.type.DataType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A value predicate on a VARCHAR column normalized once per call: constants are converted to UTF-8
 * bytes, and comparisons, BETWEEN and LIKE 'prefix%' become byte ranges, so that filtering, sorted
 * dictionaries and statistics checks share one analysis. Bytes order unsigned.
 */
final class VarcharPredicate {
  /** What the predicate looks like after normalization. */
  enum Shape {
    /** No non-null value matches. */
    NONE,
    /** Every non-null value matches. */
    ALL,
    /** Values equal to {@code value}; also a range {@code [value, value]}. */
    EQUAL,
    /** Values other than {@code value}. */
    NOT_EQUAL,
    /** Values from {@code low} (inclusive, or unbounded) to {@code high}. */
    RANGE,
    /** Values that start with {@code value}; also the range {@code [value, successor)}. */
    PREFIX,
    /** Values in {@code values}, sorted and distinct, at least two. */
    IN
  }

  private static final byte[] EMPTY = new byte[0];

  private final Shape shape;
  private final byte[] value;
  private final byte @Nullable [] low;
  private final byte @Nullable [] high;
  private final boolean isHighInclusive;
  private final byte[][] values;

  private VarcharPredicate(
      Shape shape,
      byte[] value,
      byte @Nullable [] low,
      byte @Nullable [] high,
      boolean isHighInclusive,
      byte[][] values) {
    this.shape = shape;
    this.value = value;
    this.low = low;
    this.high = high;
    this.isHighInclusive = isHighInclusive;
    this.values = values;
  }

  /** Normalizes a value predicate (not IS [NOT] NULL) on a VARCHAR column. */
  static VarcharPredicate of(ColumnPredicate predicate, DataType type) {
    if (predicate instanceof ColumnPredicate.Comparison comparison) {
      byte[] constant = bytes(comparison.value(), type);
      return switch (comparison.operator()) {
        case EQUAL -> equal(constant);
        case NOT_EQUAL ->
            new VarcharPredicate(Shape.NOT_EQUAL, constant, null, null, false, none());
        case LESS_THAN -> constant.length == 0 ? simple(Shape.NONE) : range(null, constant, false);
        case LESS_THAN_OR_EQUAL -> range(null, constant, true);
        case GREATER_THAN -> range(Arrays.copyOf(constant, constant.length + 1), null, false);
        case GREATER_THAN_OR_EQUAL -> range(constant, null, false);
      };
    }
    if (predicate instanceof ColumnPredicate.Between between) {
      byte[] low = bytes(between.low(), type);
      byte[] high = bytes(between.high(), type);
      int order = Arrays.compareUnsigned(low, high);
      if (order > 0) {
        return simple(Shape.NONE);
      }
      return order == 0 ? equal(low) : range(low, high, true);
    }
    if (predicate instanceof ColumnPredicate.In in) {
      byte[][] constants = new byte[in.values().size()][];
      for (int i = 0; i < constants.length; i++) {
        constants[i] = bytes(in.values().get(i), type);
      }
      Arrays.sort(constants, Arrays::compareUnsigned);
      int distinct = 0;
      for (byte[] constant : constants) {
        if (distinct == 0 || !Arrays.equals(constants[distinct - 1], constant)) {
          constants[distinct++] = constant;
        }
      }
      return distinct == 1
          ? equal(constants[0])
          : new VarcharPredicate(
              Shape.IN, EMPTY, null, null, false, Arrays.copyOf(constants, distinct));
    }
    if (predicate instanceof ColumnPredicate.LikePrefix likePrefix) {
      byte[] prefix = likePrefix.prefix().getBytes(StandardCharsets.UTF_8);
      if (prefix.length == 0) {
        return simple(Shape.ALL);
      }
      return new VarcharPredicate(Shape.PREFIX, prefix, prefix, successor(prefix), false, none());
    }
    throw new IllegalArgumentException("not a value predicate: " + predicate);
  }

  private static byte[][] none() {
    return new byte[0][];
  }

  private static VarcharPredicate simple(Shape shape) {
    return new VarcharPredicate(shape, EMPTY, null, null, false, none());
  }

  private static VarcharPredicate equal(byte[] constant) {
    return new VarcharPredicate(Shape.EQUAL, constant, constant, constant, true, none());
  }

  private static VarcharPredicate range(
      byte @Nullable [] low, byte @Nullable [] high, boolean isHighInclusive) {
    byte[] effectiveLow = low == null || low.length == 0 ? null : low;
    if (effectiveLow == null && high == null) {
      return simple(Shape.ALL);
    }
    return new VarcharPredicate(Shape.RANGE, EMPTY, effectiveLow, high, isHighInclusive, none());
  }

  private static byte[] bytes(Object value, DataType type) {
    if (value instanceof String string) {
      return string.getBytes(StandardCharsets.UTF_8);
    }
    throw NumericPredicate.mismatch(value, type);
  }

  /**
   * The least byte string greater than every string that starts with {@code prefix}: the prefix
   * without its trailing 0xFF bytes, with the last remaining byte incremented; {@code null} when
   * there is none (the prefix is all 0xFF, so no bound exists).
   */
  static byte @Nullable [] successor(byte[] prefix) {
    int length = prefix.length;
    while (length > 0 && prefix[length - 1] == (byte) 0xFF) {
      length--;
    }
    if (length == 0) {
      return null;
    }
    byte[] successor = Arrays.copyOf(prefix, length);
    successor[length - 1]++;
    return successor;
  }

  Shape shape() {
    return shape;
  }

  /** Whether the predicate is a byte range: EQUAL, RANGE or PREFIX. */
  boolean isRange() {
    return shape == Shape.EQUAL || shape == Shape.RANGE || shape == Shape.PREFIX;
  }

  /** The constant of EQUAL and NOT_EQUAL, or the prefix of PREFIX; not a copy. */
  byte[] value() {
    return value;
  }

  /** The inclusive lower bound of a range, or {@code null} when unbounded; not a copy. */
  byte @Nullable [] low() {
    return low;
  }

  /** The upper bound of a range, or {@code null} when unbounded; not a copy. */
  byte @Nullable [] high() {
    return high;
  }

  boolean isHighInclusive() {
    return isHighInclusive;
  }

  /** The sorted distinct constants of an IN; not a copy. */
  byte[][] values() {
    return values;
  }

  /** Whether some value in {@code [min, max]} may match. */
  boolean mayMatch(byte[] min, byte[] max) {
    return switch (shape) {
      case NONE -> false;
      case ALL -> true;
      case NOT_EQUAL -> !Arrays.equals(min, value) || !Arrays.equals(max, value);
      case EQUAL, RANGE, PREFIX -> isAboveLow(max) && isBelowHigh(min);
      case IN -> {
        int index = Arrays.binarySearch(values, min, Arrays::compareUnsigned);
        yield index >= 0
            || (-index - 1 < values.length && Arrays.compareUnsigned(values[-index - 1], max) <= 0);
      }
    };
  }

  /** Whether every value in {@code [min, max]} matches. */
  boolean allMatch(byte[] min, byte[] max) {
    return switch (shape) {
      case NONE -> false;
      case ALL -> true;
      case NOT_EQUAL ->
          Arrays.compareUnsigned(value, min) < 0 || Arrays.compareUnsigned(value, max) > 0;
      case EQUAL, RANGE, PREFIX -> isAboveLow(min) && isBelowHigh(max);
      case IN ->
          Arrays.equals(min, max) && Arrays.binarySearch(values, min, Arrays::compareUnsigned) >= 0;
    };
  }

  private boolean isAboveLow(byte[] bytes) {
    return low == null || Arrays.compareUnsigned(bytes, low) >= 0;
  }

  private boolean isBelowHigh(byte[] bytes) {
    if (high == null) {
      return true;
    }
    int order = Arrays.compareUnsigned(bytes, high);
    return isHighInclusive ? order <= 0 : order < 0;
  }
}
