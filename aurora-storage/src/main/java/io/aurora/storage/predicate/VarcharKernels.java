package io.aurora.storage.predicate;

import io.aurora.storage.block.VarcharBlock;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Filter loops over the bytes of a {@link VarcharBlock}, with the contract of {@link
 * NumericKernels}: null positions are not looked at (they hold empty ranges) and the caller removes
 * them. Values are compared in place with the vectorized {@link Arrays} range methods, so no string
 * is decoded or copied.
 */
final class VarcharKernels {
  private VarcharKernels() {}

  /**
   * Positions of a VarcharBlock that match a predicate of shape EQUAL, NOT_EQUAL, RANGE, PREFIX or
   * IN.
   */
  static int filter(
      VarcharPredicate predicate,
      VarcharBlock block,
      int @Nullable [] selection,
      int count,
      int[] out) {
    byte[] bytes = block.bytes();
    int[] offsets = block.offsets();
    return switch (predicate.shape()) {
      case EQUAL -> equal(bytes, offsets, predicate.value(), selection, count, out);
      case NOT_EQUAL -> notEqual(bytes, offsets, predicate.value(), selection, count, out);
      case PREFIX -> prefix(bytes, offsets, predicate.value(), selection, count, out);
      case RANGE -> {
        byte[] low = predicate.low();
        byte[] high = predicate.high();
        if (low == null) {
          yield predicate.isHighInclusive()
              ? atMost(bytes, offsets, requireBound(high), selection, count, out)
              : lessThan(bytes, offsets, requireBound(high), selection, count, out);
        }
        if (high == null) {
          yield atLeast(bytes, offsets, low, selection, count, out);
        }
        yield predicate.isHighInclusive()
            ? closedRange(bytes, offsets, low, high, selection, count, out)
            : halfOpenRange(bytes, offsets, low, high, selection, count, out);
      }
      case IN -> in(bytes, offsets, predicate.values(), selection, count, out);
      case NONE, ALL -> throw new IllegalArgumentException("no kernel for " + predicate.shape());
    };
  }

  private static byte[] requireBound(byte @Nullable [] bound) {
    if (bound == null) {
      throw new IllegalStateException("a range has at least one bound");
    }
    return bound;
  }

  /** Whether {@code bytes[start..end)} is one of the sorted {@code values}, by binary search. */
  private static boolean contains(byte[][] values, byte[] bytes, int start, int end) {
    int low = 0;
    int high = values.length - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      byte[] value = values[middle];
      int order = Arrays.compareUnsigned(bytes, start, end, value, 0, value.length);
      if (order == 0) {
        return true;
      }
      if (order > 0) {
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return false;
  }

  /** Positions whose value is {@code value}. */
  private static int equal(
      byte[] bytes, int[] offsets, byte[] value, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched += (Arrays.equals(bytes, start, end, value, 0, value.length)) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched += (Arrays.equals(bytes, start, end, value, 0, value.length)) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is not {@code value}. */
  private static int notEqual(
      byte[] bytes, int[] offsets, byte[] value, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched += (!Arrays.equals(bytes, start, end, value, 0, value.length)) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched += (!Arrays.equals(bytes, start, end, value, 0, value.length)) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose value starts with {@code prefix}. */
  private static int prefix(
      byte[] bytes,
      int[] offsets,
      byte[] prefix,
      int @Nullable [] selection,
      int count,
      int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched +=
            (end - start >= prefix.length
                    && Arrays.equals(bytes, start, start + prefix.length, prefix, 0, prefix.length))
                ? 1
                : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched +=
            (end - start >= prefix.length
                    && Arrays.equals(bytes, start, start + prefix.length, prefix, 0, prefix.length))
                ? 1
                : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is at most {@code high}. */
  private static int atMost(
      byte[] bytes, int[] offsets, byte[] high, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched += (Arrays.compareUnsigned(bytes, start, end, high, 0, high.length) <= 0) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched += (Arrays.compareUnsigned(bytes, start, end, high, 0, high.length) <= 0) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is less than {@code high}. */
  private static int lessThan(
      byte[] bytes, int[] offsets, byte[] high, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched += (Arrays.compareUnsigned(bytes, start, end, high, 0, high.length) < 0) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched += (Arrays.compareUnsigned(bytes, start, end, high, 0, high.length) < 0) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is at least {@code low}. */
  private static int atLeast(
      byte[] bytes, int[] offsets, byte[] low, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched += (Arrays.compareUnsigned(bytes, start, end, low, 0, low.length) >= 0) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched += (Arrays.compareUnsigned(bytes, start, end, low, 0, low.length) >= 0) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is in {@code [low, high]}. */
  private static int closedRange(
      byte[] bytes,
      int[] offsets,
      byte[] low,
      byte[] high,
      int @Nullable [] selection,
      int count,
      int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched +=
            (Arrays.compareUnsigned(bytes, start, end, low, 0, low.length) >= 0
                    && Arrays.compareUnsigned(bytes, start, end, high, 0, high.length) <= 0)
                ? 1
                : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched +=
            (Arrays.compareUnsigned(bytes, start, end, low, 0, low.length) >= 0
                    && Arrays.compareUnsigned(bytes, start, end, high, 0, high.length) <= 0)
                ? 1
                : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is in {@code [low, high)}. */
  private static int halfOpenRange(
      byte[] bytes,
      int[] offsets,
      byte[] low,
      byte[] high,
      int @Nullable [] selection,
      int count,
      int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched +=
            (Arrays.compareUnsigned(bytes, start, end, low, 0, low.length) >= 0
                    && Arrays.compareUnsigned(bytes, start, end, high, 0, high.length) < 0)
                ? 1
                : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched +=
            (Arrays.compareUnsigned(bytes, start, end, low, 0, low.length) >= 0
                    && Arrays.compareUnsigned(bytes, start, end, high, 0, high.length) < 0)
                ? 1
                : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is one of the sorted {@code values}. */
  private static int in(
      byte[] bytes,
      int[] offsets,
      byte[][] values,
      int @Nullable [] selection,
      int count,
      int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched += (contains(values, bytes, start, end)) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        int start = offsets[position];
        int end = offsets[position + 1];
        out[matched] = position;
        matched += (contains(values, bytes, start, end)) ? 1 : 0;
      }
    }
    return matched;
  }
}
