package io.aurora.storage.block;

import org.jspecify.annotations.Nullable;

/**
 * An immutable column of values for a batch of rows, backed by primitive arrays.
 *
 * <p>Each block holds {@link #positionCount()} values starting at index 0 of its arrays; arrays may
 * be longer than that. The null mask is {@code null} when the block has no nulls, so kernels test
 * it once per block, not per row. Values at null positions are unspecified (zero when written by
 * Aurora) and must not be read as data.
 *
 * <p>Blocks are safe to share between threads once published. Methods named {@code copy*} return
 * new blocks that share nothing with this one.
 */
public sealed interface Block
    permits BooleanBlock,
        IntBlock,
        LongBlock,
        FloatBlock,
        DoubleBlock,
        VarcharBlock,
        DictionaryBlock {

  int positionCount();

  /** The null mask, or {@code null} when no position is null. The array is not copied. */
  boolean @Nullable [] nulls();

  /** Whether some position may be null; false means none is. */
  default boolean mayHaveNull() {
    return nulls() != null;
  }

  default boolean isNull(int position) {
    boolean[] nulls = nulls();
    return nulls != null && nulls[position];
  }

  /**
   * The value at a position as a Java object, for tests, tools and plan-time constants: Boolean,
   * Integer (SMALLINT, INTEGER, DATE), Long (BIGINT, TIMESTAMP, unscaled DECIMAL), Float, Double or
   * String; {@code null} for a null. Not for hot loops.
   */
  @Nullable Object objectValue(int position);

  /** A copy of the values at {@code positions[offset..offset+length)}, in that order. */
  Block copyPositions(int[] positions, int offset, int length);

  /** A copy of {@code length} values starting at {@code offset}. */
  Block copyRegion(int offset, int length);

  /** Approximate bytes of heap this block holds, for memory accounting and seal thresholds. */
  long retainedBytes();

  static boolean @Nullable [] copyNulls(
      boolean @Nullable [] nulls, int[] positions, int offset, int length) {
    if (nulls == null) {
      return null;
    }
    boolean[] copy = new boolean[length];
    boolean any = false;
    for (int i = 0; i < length; i++) {
      boolean isNull = nulls[positions[offset + i]];
      copy[i] = isNull;
      any |= isNull;
    }
    return any ? copy : null;
  }

  static boolean @Nullable [] copyNullsRegion(boolean @Nullable [] nulls, int offset, int length) {
    if (nulls == null) {
      return null;
    }
    boolean[] copy = new boolean[length];
    boolean any = false;
    for (int i = 0; i < length; i++) {
      boolean isNull = nulls[offset + i];
      copy[i] = isNull;
      any |= isNull;
    }
    return any ? copy : null;
  }

  static void checkArrays(int positionCount, int valuesLength, boolean @Nullable [] nulls) {
    if (positionCount < 0) {
      throw new IllegalArgumentException("positionCount is negative: " + positionCount);
    }
    if (valuesLength < positionCount) {
      throw new IllegalArgumentException(
          "values hold " + valuesLength + " entries, fewer than positionCount " + positionCount);
    }
    if (nulls != null && nulls.length < positionCount) {
      throw new IllegalArgumentException(
          "nulls hold " + nulls.length + " entries, fewer than positionCount " + positionCount);
    }
  }
}
