package io.aurora.sql.operator.join;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Builds output blocks of a join by gathering positions of a source block in tight per-type loops.
 * A negative position stands for a missing row (the null-extended side of an outer join) and
 * produces a null. Every result is a new block that shares no arrays with the source, except a
 * dictionary, which is shared as dictionaries are.
 */
final class JoinGather {
  private JoinGather() {}

  /**
   * The values at {@code positions[0 .. count)} of {@code source}; a negative position gives a
   * null.
   */
  static Block gather(Block source, int[] positions, int count, boolean hasMissing) {
    if (!hasMissing) {
      return source.copyPositions(positions, 0, count);
    }
    boolean[] nulls = gatherNulls(source.nulls(), positions, count);
    if (source instanceof LongBlock longs) {
      long[] values = longs.values();
      long[] result = new long[count];
      for (int i = 0; i < count; i++) {
        int position = positions[i];
        result[i] = position < 0 ? 0 : values[position];
      }
      return new LongBlock(count, result, nulls);
    }
    if (source instanceof IntBlock ints) {
      int[] values = ints.values();
      int[] result = new int[count];
      for (int i = 0; i < count; i++) {
        int position = positions[i];
        result[i] = position < 0 ? 0 : values[position];
      }
      return new IntBlock(count, result, nulls);
    }
    if (source instanceof DoubleBlock doubles) {
      double[] values = doubles.values();
      double[] result = new double[count];
      for (int i = 0; i < count; i++) {
        int position = positions[i];
        result[i] = position < 0 ? 0 : values[position];
      }
      return new DoubleBlock(count, result, nulls);
    }
    if (source instanceof FloatBlock floats) {
      float[] values = floats.values();
      float[] result = new float[count];
      for (int i = 0; i < count; i++) {
        int position = positions[i];
        result[i] = position < 0 ? 0 : values[position];
      }
      return new FloatBlock(count, result, nulls);
    }
    if (source instanceof BooleanBlock booleans) {
      boolean[] values = booleans.values();
      boolean[] result = new boolean[count];
      for (int i = 0; i < count; i++) {
        int position = positions[i];
        result[i] = position >= 0 && values[position];
      }
      return new BooleanBlock(count, result, nulls);
    }
    if (source instanceof DictionaryBlock dictionary) {
      int[] ids = dictionary.ids();
      int[] result = new int[count];
      for (int i = 0; i < count; i++) {
        int position = positions[i];
        result[i] = position < 0 ? 0 : ids[position];
      }
      return new DictionaryBlock(
          count, result, dictionary.dictionary(), dictionary.isSorted(), nulls);
    }
    return gatherStrings((VarcharBlock) source, positions, count, nulls);
  }

  private static VarcharBlock gatherStrings(
      VarcharBlock source, int[] positions, int count, boolean @Nullable [] nulls) {
    int[] sourceOffsets = source.offsets();
    long total = 0;
    for (int i = 0; i < count; i++) {
      int position = positions[i];
      if (position >= 0) {
        total += sourceOffsets[position + 1] - sourceOffsets[position];
      }
    }
    byte[] bytes = new byte[Math.toIntExact(total)];
    int[] offsets = new int[count + 1];
    byte[] sourceBytes = source.bytes();
    int at = 0;
    for (int i = 0; i < count; i++) {
      int position = positions[i];
      if (position >= 0) {
        int start = sourceOffsets[position];
        int length = sourceOffsets[position + 1] - start;
        System.arraycopy(sourceBytes, start, bytes, at, length);
        at += length;
      }
      offsets[i + 1] = at;
    }
    return new VarcharBlock(count, bytes, offsets, nulls);
  }

  /** The null mask of a gather with missing rows, or null when no position turned out null. */
  private static boolean @Nullable [] gatherNulls(
      boolean @Nullable [] sourceNulls, int[] positions, int count) {
    boolean[] nulls = new boolean[count];
    boolean any = false;
    for (int i = 0; i < count; i++) {
      int position = positions[i];
      boolean isNull = position < 0 || (sourceNulls != null && sourceNulls[position]);
      nulls[i] = isNull;
      any |= isNull;
    }
    return any ? nulls : null;
  }

  /** A block of {@code count} nulls of the given type. */
  static Block nulls(DataType type, int count) {
    boolean[] nulls = count == 0 ? null : new boolean[count];
    if (nulls != null) {
      Arrays.fill(nulls, true);
    }
    return switch (type.physicalType()) {
      case LONG -> new LongBlock(count, new long[count], nulls);
      case INT -> new IntBlock(count, new int[count], nulls);
      case DOUBLE -> new DoubleBlock(count, new double[count], nulls);
      case FLOAT -> new FloatBlock(count, new float[count], nulls);
      case BOOLEAN -> new BooleanBlock(count, new boolean[count], nulls);
      case VARCHAR -> new VarcharBlock(count, new byte[0], new int[count + 1], nulls);
    };
  }
}
