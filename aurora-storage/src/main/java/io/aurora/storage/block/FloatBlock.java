package io.aurora.storage.block;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** A block of float values (REAL). The arrays are not copied: callers hand over ownership. */
public final class FloatBlock implements Block {
  private final int positionCount;
  private final float[] values;
  private final boolean @Nullable [] nulls;

  public FloatBlock(int positionCount, float[] values, boolean @Nullable [] nulls) {
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
  public float[] values() {
    return values;
  }

  public float value(int position) {
    return values[position];
  }

  @Override
  public boolean @Nullable [] nulls() {
    return nulls;
  }

  @Override
  public @Nullable Object objectValue(int position) {
    return isNull(position) ? null : (Float) values[position];
  }

  @Override
  public FloatBlock copyPositions(int[] positions, int offset, int length) {
    float[] copy = new float[length];
    for (int i = 0; i < length; i++) {
      copy[i] = values[positions[offset + i]];
    }
    return new FloatBlock(length, copy, Block.copyNulls(nulls, positions, offset, length));
  }

  @Override
  public FloatBlock copyRegion(int offset, int length) {
    return new FloatBlock(
        length,
        Arrays.copyOfRange(values, offset, offset + length),
        Block.copyNullsRegion(nulls, offset, length));
  }

  @Override
  public long retainedBytes() {
    return 16L + (long) values.length * 4 + (nulls == null ? 0 : nulls.length);
  }
}
