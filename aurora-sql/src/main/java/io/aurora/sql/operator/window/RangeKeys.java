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
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
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
   * {@code in_range} for DATE and TIMESTAMP keys and a year-month interval: whether {@code value <=
   * base -/+ months} ({@code isLess}) or {@code value >= base -/+ months}.
   */
  static boolean inRangeMonths(
      long value, long base, long months, boolean isSubtract, boolean isLess) {
    long sum = addMonths(base, isSubtract ? -months : months);
    return isLess ? value <= sum : value >= sum;
  }

  /**
   * Adds months to a timestamp in microseconds as PostgreSQL's {@code timestamp + interval} does:
   * the day of the month stays unless the new month is shorter, then it is the month's last day;
   * the time of day stays. Computed on the proleptic Gregorian calendar without allocating.
   */
  static long addMonths(long micros, long months) {
    long days = Math.floorDiv(micros, MICROS_PER_DAY);
    long timeOfDay = Math.floorMod(micros, MICROS_PER_DAY);
    long shifted = days + 719_468;
    long era = Math.floorDiv(shifted, 146_097);
    long dayOfEra = shifted - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long monthFromMarch = (5 * dayOfYear + 2) / 153;
    long day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
    long month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    long monthIndex;
    try {
      monthIndex = Math.addExact(Math.addExact(Math.multiplyExact(year, 12), month - 1), months);
    } catch (ArithmeticException e) {
      throw outOfRange(e);
    }
    long newYear = Math.floorDiv(monthIndex, 12);
    long newMonth = Math.floorMod(monthIndex, 12) + 1;
    long newDay = Math.min(day, daysInMonth(newYear, newMonth));
    long civilYear = newMonth <= 2 ? newYear - 1 : newYear;
    long newEra = Math.floorDiv(civilYear, 400);
    long newYearOfEra = civilYear - newEra * 400;
    long newDayOfYear = (153 * (newMonth > 2 ? newMonth - 3 : newMonth + 9) + 2) / 5 + newDay - 1;
    long newDayOfEra = newYearOfEra * 365 + newYearOfEra / 4 - newYearOfEra / 100 + newDayOfYear;
    try {
      long newDays = Math.addExact(Math.multiplyExact(newEra, 146_097), newDayOfEra - 719_468);
      return Math.addExact(Math.multiplyExact(newDays, MICROS_PER_DAY), timeOfDay);
    } catch (ArithmeticException e) {
      throw outOfRange(e);
    }
  }

  private static long daysInMonth(long year, long month) {
    if (month == 2) {
      boolean isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
      return isLeap ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  private static AuroraException outOfRange(ArithmeticException cause) {
    return new AuroraException(
        ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
        "A RANGE frame bound with a month offset is out of the timestamp range",
        cause);
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
