package io.aurora.sql.operator.sort;

/** Orders two row addresses (see {@link RowAddresses}); a primitive comparator, so no boxing. */
@FunctionalInterface
public interface AddressComparator {
  /** Negative, zero or positive as {@code left} sorts before, with or after {@code right}. */
  int compare(long left, long right);
}
