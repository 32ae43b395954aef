package io.aurora.storage.predicate;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Filter loops over {@code boolean[]}, {@code int[]} and {@code long[]} values. Each writes the
 * matching positions among {@code 0..count} (no selection) or {@code selection[0..count)} to {@code
 * out} in ascending order and returns how many there are; {@code out} may be {@code selection}.
 * Null positions are not looked at: their values are read like any other and the caller removes
 * them afterwards. The comparisons are branch-free, so the loops run at the same speed whatever the
 * selectivity.
 */
final class NumericKernels {
  private NumericKernels() {}

  /** Positions whose value is {@code target}. */
  static int equal(
      boolean[] values, boolean target, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        boolean value = values[position];
        out[matched] = position;
        matched += (value == target) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        boolean value = values[position];
        out[matched] = position;
        matched += (value == target) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is in {@code [low, high]}. */
  static int range(
      int[] values, int low, int high, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        int value = values[position];
        out[matched] = position;
        matched += (value >= low & value <= high) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        int value = values[position];
        out[matched] = position;
        matched += (value >= low & value <= high) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is not {@code excluded}. */
  static int notEqual(
      int[] values, int excluded, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        int value = values[position];
        out[matched] = position;
        matched += (value != excluded) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        int value = values[position];
        out[matched] = position;
        matched += (value != excluded) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is in the sorted {@code set}. */
  static int in(int[] values, long[] set, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        int value = values[position];
        out[matched] = position;
        matched += (Arrays.binarySearch(set, value) >= 0) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        int value = values[position];
        out[matched] = position;
        matched += (Arrays.binarySearch(set, value) >= 0) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is in {@code [low, high]}. */
  static int range(
      long[] values, long low, long high, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        long value = values[position];
        out[matched] = position;
        matched += (value >= low & value <= high) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        long value = values[position];
        out[matched] = position;
        matched += (value >= low & value <= high) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is not {@code excluded}. */
  static int notEqual(
      long[] values, long excluded, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        long value = values[position];
        out[matched] = position;
        matched += (value != excluded) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        long value = values[position];
        out[matched] = position;
        matched += (value != excluded) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is in the sorted {@code set}. */
  static int in(long[] values, long[] set, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        long value = values[position];
        out[matched] = position;
        matched += (Arrays.binarySearch(set, value) >= 0) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        long value = values[position];
        out[matched] = position;
        matched += (Arrays.binarySearch(set, value) >= 0) ? 1 : 0;
      }
    }
    return matched;
  }
}
