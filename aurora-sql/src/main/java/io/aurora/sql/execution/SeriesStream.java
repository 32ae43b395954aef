package io.aurora.sql.execution;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * The rows of {@code generate_series(start, stop, step)}, a page at a time: integers, or timestamps
 * stepped by microseconds or by months. Months are added to the previous value, as PostgreSQL does
 * ({@code 2026-01-31} by a month gives {@code 02-28}, then {@code 03-28}). A step of zero is an
 * error (22023); a step away from {@code stop} gives no rows.
 */
final class SeriesStream implements PageStream {
  private static final int PAGE_ROWS = 8192;
  private static final long MICROS_PER_SECOND = 1_000_000L;

  private final DataType type;
  private final long stop;
  private final long step;
  private final boolean isMonthStep;
  private long next;
  private boolean isDone;

  /**
   * @param type INTEGER, BIGINT, SMALLINT or TIMESTAMP (microseconds)
   * @param step an integer step, or for timestamps microseconds, or months when {@code isMonthStep}
   */
  SeriesStream(DataType type, long start, long stop, long step, boolean isMonthStep) {
    if (step == 0) {
      throw new AuroraException(ErrorCode.INVALID_PARAMETER_VALUE, "Step size cannot equal zero");
    }
    this.type = type;
    this.next = start;
    this.stop = stop;
    this.step = step;
    this.isMonthStep = isMonthStep;
  }

  @Override
  public @Nullable Page next() {
    if (isDone) {
      return null;
    }
    long[] values = new long[PAGE_ROWS];
    int count = 0;
    while (count < PAGE_ROWS && isWithin(next)) {
      values[count++] = next;
      try {
        next = advance(next);
      } catch (ArithmeticException | java.time.DateTimeException e) {
        isDone = true;
        break;
      }
    }
    if (count < PAGE_ROWS) {
      isDone = true;
    }
    if (count == 0) {
      return null;
    }
    return new Page(count, block(values, count));
  }

  private boolean isWithin(long value) {
    return step > 0 ? value <= stop : value >= stop;
  }

  private long advance(long value) {
    if (!isMonthStep) {
      return Math.addExact(value, step);
    }
    LocalDateTime dateTime =
        LocalDateTime.ofEpochSecond(
                Math.floorDiv(value, MICROS_PER_SECOND),
                (int) Math.floorMod(value, MICROS_PER_SECOND) * 1000,
                ZoneOffset.UTC)
            .plusMonths(step);
    return Math.addExact(
        Math.multiplyExact(dateTime.toEpochSecond(ZoneOffset.UTC), MICROS_PER_SECOND),
        dateTime.getNano() / 1000);
  }

  private Block block(long[] values, int count) {
    if (type.kind() == TypeKind.BIGINT || type.kind() == TypeKind.TIMESTAMP) {
      return new LongBlock(count, values, null);
    }
    int[] ints = new int[count];
    for (int i = 0; i < count; i++) {
      ints[i] = (int) values[i];
    }
    return new IntBlock(count, ints, null);
  }

  @Override
  public void close() {
    isDone = true;
  }
}
