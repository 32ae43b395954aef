package io.aurora.storage.predicate;

import org.jspecify.annotations.Nullable;

/**
 * Selection loops that look only at the null mask: IS NULL, IS NOT NULL (also every value predicate
 * that statistics or normalization proved true for all values) and removing the null positions from
 * a kernel's output. Same contract as {@link NumericKernels}.
 */
final class Selections {
  private Selections() {}

  /** Positions that are null. */
  static int isNull(boolean @Nullable [] nulls, int @Nullable [] selection, int count, int[] out) {
    if (nulls == null) {
      return 0;
    }
    int matched = 0;
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        out[matched] = position;
        matched += nulls[position] ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int position = selection[i];
        out[matched] = position;
        matched += nulls[position] ? 1 : 0;
      }
    }
    return matched;
  }

  /** Positions that are not null. */
  static int isNotNull(
      boolean @Nullable [] nulls, int @Nullable [] selection, int count, int[] out) {
    if (selection == null) {
      for (int position = 0; position < count; position++) {
        out[position] = position;
      }
    } else if (selection != out) {
      System.arraycopy(selection, 0, out, 0, count);
    }
    return nulls == null ? count : removeNulls(nulls, out, count);
  }

  /**
   * Removes the null positions from {@code positions[0..count)} in place; returns how many stay.
   */
  static int removeNulls(boolean[] nulls, int[] positions, int count) {
    int kept = 0;
    for (int i = 0; i < count; i++) {
      int position = positions[i];
      positions[kept] = position;
      kept += nulls[position] ? 0 : 1;
    }
    return kept;
  }
}
