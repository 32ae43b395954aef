package io.aurora.storage.block;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** A block of boolean values. The arrays are not copied: callers hand over ownership. */
public final class BooleanBlock implements Block {
  private final int positionCount;
  private final boolean[] values;
  private final boolean @Nullable [] nulls;

  public BooleanBlock(int positionCount, boolean[] values, boolean @Nullable [] nulls) {
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
  public boolean[] values() {
    return values;
  }

  public boolean value(int position) {
    return values[position];
  }

  @Override
  public boolean @Nullable [] nulls() {
    return nulls;
  }

  @Override
  public @Nullable Object objectValue(int position) {
    return isNull(position) ? null : (Boolean) values[position];
  }

  @Override
  public BooleanBlock copyPositions(int[] positions, int offset, int length) {
    boolean[] copy = new boolean[length];
    for (int i = 0; i < length; i++) {
      copy[i] = values[positions[offset + i]];
    }
    return new BooleanBlock(length, copy, Block.copyNulls(nulls, positions, offset, length));
  }

  @Override
  public BooleanBlock copyRegion(int offset, int length) {
    return new BooleanBlock(
        length,
        Arrays.copyOfRange(values, offset, offset + length),
        Block.copyNullsRegion(nulls, offset, length));
  }

  @Override
  public long retainedBytes() {
    return 16L + (long) values.length * 1 + (nulls == null ? 0 : nulls.length);
  }
}
