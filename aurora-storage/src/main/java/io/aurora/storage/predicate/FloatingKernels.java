package io.aurora.storage.predicate;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Filter loops over {@code float[]} and {@code double[]} values, with the contract of {@link
 * NumericKernels}. Floats are widened to double, which is exact. Java's primitive comparisons
 * already treat {@code -0.0} and {@code 0.0} as equal and are false for NaN, so each PostgreSQL
 * predicate maps to one comparison shape: a {@code range} never matches NaN, a {@code rangeOrNan}
 * always does, and IN compares {@link NumericPredicate#doubleKey(double) keys}.
 */
final class FloatingKernels {
  private FloatingKernels() {}

  /** Positions whose value is in {@code [low, high]}; never NaN. */
  static int range(
      double[] values, double low, double high, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        double value = values[position];
        out[matched] = position;
        matched += (value >= low & value <= high) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        double value = values[position];
        out[matched] = position;
        matched += (value >= low & value <= high) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is NaN or in {@code [low, high]} (none when {@code low > high}). */
  static int rangeOrNan(
      double[] values, double low, double high, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        double value = values[position];
        out[matched] = position;
        matched += (!(value < low) & !(value > high)) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        double value = values[position];
        out[matched] = position;
        matched += (!(value < low) & !(value > high)) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is not {@code excluded}, which is not NaN; NaN values match. */
  static int notEqual(
      double[] values, double excluded, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        double value = values[position];
        out[matched] = position;
        matched += (value != excluded) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        double value = values[position];
        out[matched] = position;
        matched += (value != excluded) ? 1 : 0;
      }
    }
    return matched;
  }

  /**
   * Positions whose value has a {@link NumericPredicate#doubleKey(double) key} in the sorted {@code
   * keys}.
   */
  static int in(double[] values, long[] keys, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        double value = values[position];
        out[matched] = position;
        matched += (Arrays.binarySearch(keys, NumericPredicate.doubleKey(value)) >= 0) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        double value = values[position];
        out[matched] = position;
        matched += (Arrays.binarySearch(keys, NumericPredicate.doubleKey(value)) >= 0) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is in {@code [low, high]}; never NaN. */
  static int range(
      float[] values, double low, double high, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        double value = values[position];
        out[matched] = position;
        matched += (value >= low & value <= high) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        double value = values[position];
        out[matched] = position;
        matched += (value >= low & value <= high) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is NaN or in {@code [low, high]} (none when {@code low > high}). */
  static int rangeOrNan(
      float[] values, double low, double high, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        double value = values[position];
        out[matched] = position;
        matched += (!(value < low) & !(value > high)) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        double value = values[position];
        out[matched] = position;
        matched += (!(value < low) & !(value > high)) ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions whose value is not {@code excluded}, which is not NaN; NaN values match. */
  static int notEqual(
      float[] values, double excluded, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        double value = values[position];
        out[matched] = position;
        matched += (value != excluded) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        double value = values[position];
        out[matched] = position;
        matched += (value != excluded) ? 1 : 0;
      }
    }
    return matched;
  }

  /**
   * Positions whose value has a {@link NumericPredicate#doubleKey(double) key} in the sorted {@code
   * keys}.
   */
  static int in(float[] values, long[] keys, int @Nullable [] selection, int count, int[] out) {
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        double value = values[position];
        out[matched] = position;
        matched += (Arrays.binarySearch(keys, NumericPredicate.doubleKey(value)) >= 0) ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        double value = values[position];
        out[matched] = position;
        matched += (Arrays.binarySearch(keys, NumericPredicate.doubleKey(value)) >= 0) ? 1 : 0;
      }
    }
    return matched;
  }
}
