package io.aurora.sql.operator.window;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.SortKey;
import io.aurora.sql.operator.sort.RowAddresses;
import io.aurora.sql.operator.sort.SortBuffer;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;

/**
 * The single ORDER BY key of every sorted row, for RANGE frames with offsets: integers, the
 * unscaled values of DECIMALs and TIMESTAMP microseconds as longs, DATEs as the microseconds of
 * their midnight (so that INTERVAL offsets apply to them as PostgreSQL applies them after casting
 * the date to a timestamp), REAL and DOUBLE as doubles.
 */
final class RangeKeys {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  final boolean isFloating;
  final boolean isAscending;
  final boolean isNullsFirst;
  final long[] longs;
  final double[] doubles;
  final boolean[] nulls;

  private RangeKeys(SortBuffer buffer, SortKey key, DataType type) {
    int rowCount = buffer.rowCount();
    isAscending = key.isAscending();
    isNullsFirst = key.isNullsFirst();
    isFloating = type.kind() == TypeKind.REAL || type.kind() == TypeKind.DOUBLE;
    buffer.reserve(9L * rowCount);
    longs = isFloating ? new long[0] : new long[rowCount];
    doubles = isFloating ? new double[rowCount] : new double[0];
    nulls = new boolean[rowCount];
    boolean isDate = type.kind() == TypeKind.DATE;
    int cachedPage = -1;
    Block block = null;
    for (int i = 0; i < rowCount; i++) {
      long address = buffer.address(i);
      int pageIndex = RowAddresses.pageIndex(address);
      if (pageIndex != cachedPage) {
        cachedPage = pageIndex;
        block = buffer.pages().get(pageIndex).block(key.channel());
      }
      int position = RowAddresses.position(address);
      Block current = requireNonNull(block);
      if (current.isNull(position)) {
        nulls[i] = true;
      } else if (current instanceof LongBlock values) {
        longs[i] = values.value(position);
      } else if (current instanceof IntBlock values) {
        longs[i] = isDate ? values.value(position) * MICROS_PER_DAY : values.value(position);
      } else if (current instanceof DoubleBlock values) {
        doubles[i] = values.value(position);
      } else {
        doubles[i] = ((FloatBlock) current).value(position);
      }
    }
  }

  /** Reads the key of every sorted row of {@code buffer}, reserving its memory in the buffer's. */
  static RangeKeys read(SortBuffer buffer, SortKey key, DataType type) {
    checkKeyType(type);
    return new RangeKeys(buffer, key, type);
  }

  /** Fails unless RANGE offsets apply to keys of {@code type}: numbers, dates and timestamps. */
  static void checkKeyType(DataType type) {
    switch (type.kind()) {
      case SMALLINT, INTEGER, BIGINT, DECIMAL, REAL, DOUBLE, DATE, TIMESTAMP -> {}
      case BOOLEAN, VARCHAR ->
          throw new IllegalArgumentException("RANGE offsets do not apply to " + type);
    }
  }

  /**
   * PostgreSQL's {@code in_range} for integer-like keys: whether {@code value <= base -/+ offset}
   * ({@code isLess}) or {@code value >= base -/+ offset}, where a sum beyond the long range is
   * beyond every value.
   */
  static boolean inRange(long value, long base, long offset, boolean isSubtract, boolean isLess) {
    long sum = isSubtract ? base - offset : base + offset;
    boolean isOverflow =
        isSubtract ? ((base ^ offset) & (base ^ sum)) < 0 : ((base ^ sum) & (offset ^ sum)) < 0;
    if (isOverflow) {
      return isSubtract != isLess;
    }
    return isLess ? value <= sum : value >= sum;
  }

  /**
   * PostgreSQL's {@code in_range} for float keys: NaN sorts after every other value and is in range
   * only of NaN, and an infinite offset from an infinite key of the same sign reaches everything.
   */
  static boolean inRange(
      double value, double base, double offset, boolean isSubtract, boolean isLess) {
    if (Double.isNaN(value)) {
      return Double.isNaN(base) || !isLess;
    }
    if (Double.isNaN(base)) {
      return isLess;
    }
    if (Double.isInfinite(offset)
        && Double.isInfinite(base)
        && (isSubtract ? base > 0 : base < 0)) {
      return true;
    }
    double sum = isSubtract ? base - offset : base + offset;
    return isLess ? value <= sum : value >= sum;
  }
}
