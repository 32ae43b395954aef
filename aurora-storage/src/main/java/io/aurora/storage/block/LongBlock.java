package io.aurora.storage.block;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A block of long values (BIGINT, TIMESTAMP in microseconds, DECIMAL as the unscaled value). The
 * arrays are not copied: callers hand over ownership.
 */
public final class LongBlock implements Block {
  private final int positionCount;
  private final long[] values;
  private final boolean @Nullable [] nulls;

  public LongBlock(int positionCount, long[] values, boolean @Nullable [] nulls) {
    Block.checkArrays(positionCount, requireNonNull(values, "values is null").length, nulls);
    this.positionCount = positionCount;
    this.values = values;
    this.nulls = nulls;
  }

  @Override
  public int positionCount() {
    return positionCount;
  }

  /** The backing array, not a copy; entries past {@link #positionCount()} are not part of it. */
  public long[] values() {
    return values;
  }

  public long value(int position) {
    return values[position];
  }

  @Override
  public boolean @Nullable [] nulls() {
    return nulls;
  }

  @Override
  public @Nullable Object objectValue(int position) {
    return isNull(position) ? null : (Long) values[position];
  }

  @Override
  public LongBlock copyPositions(int[] positions, int offset, int length) {
    long[] copy = new long[length];
    for (int i = 0; i < length; i++) {
      copy[i] = values[positions[offset + i]];
    }
    return new LongBlock(length, copy, Block.copyNulls(nulls, positions, offset, length));
  }

  @Override
  public LongBlock copyRegion(int offset, int length) {
    return new LongBlock(
        length,
        Arrays.copyOfRange(values, offset, offset + length),
        Block.copyNullsRegion(nulls, offset, length));
  }

  @Override
  public long retainedBytes() {
    return 16L + (long) values.length * 8 + (nulls == null ? 0 : nulls.length);
  }
}
