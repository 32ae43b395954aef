package io.aurora.storage.predicate;

import org.jspecify.annotations.Nullable;

/**
 * What is known about the values of one column in a block (or a whole segment or partition): the
 * row and null counts and the smallest and largest non-null values.
 *
 * <p>{@code min} and {@code max} are in the normalized domain of {@link ColumnPredicate}: {@code
 * Long} for integer-like types and BOOLEAN (0 or 1), {@code Double} for REAL and DOUBLE, {@code
 * byte[]} (UTF-8) for VARCHAR. Both are null when every value is null, and may be null when they
 * are unknown (for example a VARCHAR value too long to keep). Floating point min and max follow
 * PostgreSQL order, so a NaN is the max of any block that holds one.
 */
public record BlockStatistics(
    int rowCount, int nullCount, @Nullable Object min, @Nullable Object max) {
  public BlockStatistics {
    if (rowCount < 0 || nullCount < 0 || nullCount > rowCount) {
      throw new IllegalArgumentException(
          "invalid counts: rowCount " + rowCount + ", nullCount " + nullCount);
    }
    if ((min == null) != (max == null)) {
      throw new IllegalArgumentException("min and max are either both known or both unknown");
    }
  }

  public boolean hasMinMax() {
    return min != null;
  }
}
