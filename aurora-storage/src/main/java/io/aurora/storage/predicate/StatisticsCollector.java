package io.aurora.storage.predicate;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PhysicalType;
import java.util.Arrays;

/**
 * Computes {@link BlockStatistics} of blocks and merges them into segment and partition statistics.
 *
 * <p>Floating point min and max follow PostgreSQL order: {@code -0.0} and {@code 0.0} are equal and
 * both are recorded as {@code 0.0}; NaN is greater than every other value, so a block with a NaN
 * has max NaN (and min NaN when every non-null value is NaN).
 *
 * <p>VARCHAR bounds longer than {@value #MAX_VARCHAR_BOUND_BYTES} bytes are shortened. The min
 * becomes its prefix, still a lower bound. The max becomes the least string greater than every
 * string with its prefix (the prefix with trailing 0xFF bytes dropped and the last byte
 * incremented), an upper bound that may not be valid UTF-8 and may not occur in the data; when no
 * such string exists (a prefix of only 0xFF bytes, which UTF-8 never produces) both bounds are
 * unknown. Statistics checks only need bounds, so both stay sound.
 *
 * <p>The class is stateless and thread-safe.
 */
public final class StatisticsCollector {
  /** The longest VARCHAR min or max kept; longer bounds are shortened as described above. */
  public static final int MAX_VARCHAR_BOUND_BYTES = 256;

  private StatisticsCollector() {}

  /** The statistics of all positions of the block, which holds values of {@code type}. */
  public static BlockStatistics compute(DataType type, Block block) {
    requireNonNull(type, "type is null");
    requireNonNull(block, "block is null");
    int rowCount = block.positionCount();
    boolean[] nulls = block.nulls();
    int nullCount = 0;
    if (nulls != null) {
      for (int position = 0; position < rowCount; position++) {
        nullCount += nulls[position] ? 1 : 0;
      }
    }
    if (nullCount == rowCount) {
      return new BlockStatistics(rowCount, nullCount, null, null);
    }
    return switch (type.physicalType()) {
      case BOOLEAN -> booleanStatistics((BooleanBlock) block, nullCount);
      case INT -> intStatistics((IntBlock) block, nullCount);
      case LONG -> longStatistics((LongBlock) block, nullCount);
      case FLOAT -> floatStatistics((FloatBlock) block, nullCount);
      case DOUBLE -> doubleStatistics((DoubleBlock) block, nullCount);
      case VARCHAR ->
          block instanceof DictionaryBlock dictionaryBlock
              ? dictionaryStatistics(dictionaryBlock, nullCount)
              : varcharStatistics((VarcharBlock) block, nullCount);
    };
  }

  private static BlockStatistics booleanStatistics(BooleanBlock block, int nullCount) {
    boolean[] values = block.values();
    boolean[] nulls = block.nulls();
    boolean hasFalse = false;
    boolean hasTrue = false;
    for (int position = 0; position < block.positionCount(); position++) {
      boolean isPresent = nulls == null || !nulls[position];
      hasTrue |= isPresent & values[position];
      hasFalse |= isPresent & !values[position];
    }
    return new BlockStatistics(
        block.positionCount(), nullCount, hasFalse ? 0L : 1L, hasTrue ? 1L : 0L);
  }

  private static BlockStatistics intStatistics(IntBlock block, int nullCount) {
    int[] values = block.values();
    boolean[] nulls = block.nulls();
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    if (nulls == null) {
      for (int position = 0; position < block.positionCount(); position++) {
        min = Math.min(min, values[position]);
        max = Math.max(max, values[position]);
      }
    } else {
      for (int position = 0; position < block.positionCount(); position++) {
        if (!nulls[position]) {
          min = Math.min(min, values[position]);
          max = Math.max(max, values[position]);
        }
      }
    }
    return new BlockStatistics(block.positionCount(), nullCount, (long) min, (long) max);
  }

  private static BlockStatistics longStatistics(LongBlock block, int nullCount) {
    long[] values = block.values();
    boolean[] nulls = block.nulls();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    if (nulls == null) {
      for (int position = 0; position < block.positionCount(); position++) {
        min = Math.min(min, values[position]);
        max = Math.max(max, values[position]);
      }
    } else {
      for (int position = 0; position < block.positionCount(); position++) {
        if (!nulls[position]) {
          min = Math.min(min, values[position]);
          max = Math.max(max, values[position]);
        }
      }
    }
    return new BlockStatistics(block.positionCount(), nullCount, min, max);
  }

  /**
   * Comparisons skip NaN (they are false for it), so NaN is tracked on the side; {@code -0.0}
   * compares equal to {@code 0.0} and {@code + 0.0} turns it into {@code 0.0}.
   */
  private static BlockStatistics floatStatistics(FloatBlock block, int nullCount) {
    float[] values = block.values();
    boolean[] nulls = block.nulls();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    boolean hasNan = false;
    for (int position = 0; position < block.positionCount(); position++) {
      if (nulls == null || !nulls[position]) {
        double value = values[position];
        min = value < min ? value : min;
        max = value > max ? value : max;
        hasNan |= value != value;
      }
    }
    return floatingStatistics(block.positionCount(), nullCount, min, max, hasNan);
  }

  /** Like {@link #floatStatistics}. */
  private static BlockStatistics doubleStatistics(DoubleBlock block, int nullCount) {
    double[] values = block.values();
    boolean[] nulls = block.nulls();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    boolean hasNan = false;
    for (int position = 0; position < block.positionCount(); position++) {
      if (nulls == null || !nulls[position]) {
        double value = values[position];
        min = value < min ? value : min;
        max = value > max ? value : max;
        hasNan |= value != value;
      }
    }
    return floatingStatistics(block.positionCount(), nullCount, min, max, hasNan);
  }

  /** {@code min > max} here means that every non-null value was NaN. */
  private static BlockStatistics floatingStatistics(
      int rowCount, int nullCount, double min, double max, boolean hasNan) {
    if (min > max) {
      return new BlockStatistics(rowCount, nullCount, Double.NaN, Double.NaN);
    }
    return new BlockStatistics(rowCount, nullCount, min + 0.0, hasNan ? Double.NaN : max + 0.0);
  }

  private static BlockStatistics varcharStatistics(VarcharBlock block, int nullCount) {
    byte[] bytes = block.bytes();
    int[] offsets = block.offsets();
    boolean[] nulls = block.nulls();
    int minPosition = -1;
    int maxPosition = -1;
    for (int position = 0; position < block.positionCount(); position++) {
      if (nulls != null && nulls[position]) {
        continue;
      }
      if (minPosition < 0) {
        minPosition = position;
        maxPosition = position;
        continue;
      }
      int start = offsets[position];
      int end = offsets[position + 1];
      if (Arrays.compareUnsigned(
              bytes, start, end, bytes, offsets[minPosition], offsets[minPosition + 1])
          < 0) {
        minPosition = position;
      } else if (Arrays.compareUnsigned(
              bytes, start, end, bytes, offsets[maxPosition], offsets[maxPosition + 1])
          > 0) {
        maxPosition = position;
      }
    }
    return varcharBounds(block.positionCount(), nullCount, block, minPosition, maxPosition);
  }

  /**
   * Finds the smallest and largest id in use: on a sorted dictionary they hold the min and max;
   * otherwise each distinct id in use is compared once, never once per row.
   */
  private static BlockStatistics dictionaryStatistics(DictionaryBlock block, int nullCount) {
    int[] ids = block.ids();
    boolean[] nulls = block.nulls();
    VarcharBlock dictionary = block.dictionary();
    if (block.isSorted()) {
      int minId = Integer.MAX_VALUE;
      int maxId = Integer.MIN_VALUE;
      for (int position = 0; position < block.positionCount(); position++) {
        if (nulls == null || !nulls[position]) {
          minId = Math.min(minId, ids[position]);
          maxId = Math.max(maxId, ids[position]);
        }
      }
      return varcharBounds(block.positionCount(), nullCount, dictionary, minId, maxId);
    }
    boolean[] isUsed = new boolean[dictionary.positionCount()];
    for (int position = 0; position < block.positionCount(); position++) {
      if (nulls == null || !nulls[position]) {
        isUsed[ids[position]] = true;
      }
    }
    int minId = -1;
    int maxId = -1;
    for (int id = 0; id < isUsed.length; id++) {
      if (!isUsed[id]) {
        continue;
      }
      if (minId < 0 || compare(dictionary, id, minId) < 0) {
        minId = id;
      }
      if (maxId < 0 || compare(dictionary, id, maxId) > 0) {
        maxId = id;
      }
    }
    return varcharBounds(block.positionCount(), nullCount, dictionary, minId, maxId);
  }

  private static int compare(VarcharBlock block, int left, int right) {
    return Arrays.compareUnsigned(
        block.bytes(),
        block.offset(left),
        block.offset(left + 1),
        block.bytes(),
        block.offset(right),
        block.offset(right + 1));
  }

  private static BlockStatistics varcharBounds(
      int rowCount, int nullCount, VarcharBlock values, int minPosition, int maxPosition) {
    byte[] bytes = values.bytes();
    int minStart = values.offset(minPosition);
    int minLength = Math.min(values.length(minPosition), MAX_VARCHAR_BOUND_BYTES);
    byte[] min = Arrays.copyOfRange(bytes, minStart, minStart + minLength);
    int maxStart = values.offset(maxPosition);
    int maxLength = values.length(maxPosition);
    byte[] max =
        maxLength <= MAX_VARCHAR_BOUND_BYTES
            ? Arrays.copyOfRange(bytes, maxStart, maxStart + maxLength)
            : VarcharPredicate.successor(
                Arrays.copyOfRange(bytes, maxStart, maxStart + MAX_VARCHAR_BOUND_BYTES));
    return max == null
        ? new BlockStatistics(rowCount, nullCount, null, null)
        : new BlockStatistics(rowCount, nullCount, min, max);
  }

  /**
   * The statistics of two blocks, segments or partitions taken together. A side without non-null
   * values contributes only its counts; a side with values but unknown bounds makes the bounds
   * unknown.
   */
  public static BlockStatistics merge(BlockStatistics a, BlockStatistics b, PhysicalType type) {
    requireNonNull(a, "a is null");
    requireNonNull(b, "b is null");
    requireNonNull(type, "type is null");
    int rowCount = Math.addExact(a.rowCount(), b.rowCount());
    int nullCount = a.nullCount() + b.nullCount();
    boolean isAEmpty = a.nullCount() == a.rowCount();
    boolean isBEmpty = b.nullCount() == b.rowCount();
    if (isAEmpty || isBEmpty) {
      BlockStatistics values = isAEmpty ? b : a;
      return new BlockStatistics(rowCount, nullCount, values.min(), values.max());
    }
    Object aMin = a.min();
    Object aMax = a.max();
    Object bMin = b.min();
    Object bMax = b.max();
    if (aMin == null || aMax == null || bMin == null || bMax == null) {
      return new BlockStatistics(rowCount, nullCount, null, null);
    }
    return new BlockStatistics(
        rowCount,
        nullCount,
        compare(aMin, bMin, type) <= 0 ? aMin : bMin,
        compare(aMax, bMax, type) >= 0 ? aMax : bMax);
  }

  /** Compares two statistics bounds in the normalized domain of {@code type}. */
  static int compare(Object left, Object right, PhysicalType type) {
    return switch (type) {
      case BOOLEAN, INT, LONG -> Long.compare((Long) left, (Long) right);
      case FLOAT, DOUBLE ->
          Long.compare(
              NumericPredicate.doubleKey((Double) left),
              NumericPredicate.doubleKey((Double) right));
      case VARCHAR -> Arrays.compareUnsigned((byte[]) left, (byte[]) right);
    };
  }
}
