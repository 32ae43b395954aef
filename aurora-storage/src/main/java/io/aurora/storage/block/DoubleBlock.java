package io.aurora.storage.block;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** A block of double values (DOUBLE). The arrays are not copied: callers hand over ownership. */
public final class DoubleBlock implements Block {
  private final int positionCount;
  private final double[] values;
  private final boolean @Nullable [] nulls;

  public DoubleBlock(int positionCount, double[] values, boolean @Nullable [] nulls) {
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
  public double[] values() {
    return values;
  }

  public double value(int position) {
    return values[position];
  }

  @Override
  public boolean @Nullable [] nulls() {
    return nulls;
  }

  @Override
  public @Nullable Object objectValue(int position) {
    return isNull(position) ? null : (Double) values[position];
  }

  @Override
  public DoubleBlock copyPositions(int[] positions, int offset, int length) {
    double[] copy = new double[length];
    for (int i = 0; i < length; i++) {
      copy[i] = values[positions[offset + i]];
    }
    return new DoubleBlock(length, copy, Block.copyNulls(nulls, positions, offset, length));
  }

  @Override
  public DoubleBlock copyRegion(int offset, int length) {
    return new DoubleBlock(
        length,
        Arrays.copyOfRange(values, offset, offset + length),
        Block.copyNullsRegion(nulls, offset, length));
  }

  @Override
  public long retainedBytes() {
    return 16L + (long) values.length * 8 + (nulls == null ? 0 : nulls.length);
  }
}
