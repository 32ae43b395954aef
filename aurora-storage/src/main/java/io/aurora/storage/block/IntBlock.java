package io.aurora.storage.block;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A block of int values (SMALLINT, INTEGER, DATE as days since the epoch). The arrays are not
 * copied: callers hand over ownership.
 */
public final class IntBlock implements Block {
  private final int positionCount;
  private final int[] values;
  private final boolean @Nullable [] nulls;

  public IntBlock(int positionCount, int[] values, boolean @Nullable [] nulls) {
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
  public int[] values() {
    return values;
  }

  public int value(int position) {
    return values[position];
  }

  @Override
  public boolean @Nullable [] nulls() {
    return nulls;
  }

  @Override
  public @Nullable Object objectValue(int position) {
    return isNull(position) ? null : (Integer) values[position];
  }

  @Override
  public IntBlock copyPositions(int[] positions, int offset, int length) {
    int[] copy = new int[length];
    for (int i = 0; i < length; i++) {
      copy[i] = values[positions[offset + i]];
    }
    return new IntBlock(length, copy, Block.copyNulls(nulls, positions, offset, length));
  }

  @Override
  public IntBlock copyRegion(int offset, int length) {
    return new IntBlock(
        length,
        Arrays.copyOfRange(values, offset, offset + length),
        Block.copyNullsRegion(nulls, offset, length));
  }

  @Override
  public long retainedBytes() {
    return 16L + (long) values.length * 4 + (nulls == null ? 0 : nulls.length);
  }
}
