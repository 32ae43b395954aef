package io.aurora.sql.operator;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.index.ValueHashing;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PhysicalType;
import java.util.Arrays;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The distinct keys of one key channel of a {@link MultiChannelGroupByHash}, stored by group id in
 * growable primitive arrays. Hashing runs a whole page at a time, one loop per physical type;
 * equality and appends are per row but only on hash hits and new groups. Growth is reserved through
 * the given callback before arrays are copied.
 */
abstract sealed class GroupByKeyColumn {
  static final long NULL_HASH = 0x9E3779B97F4A7C15L;

  protected final LongConsumer reserve;
  protected boolean[] nulls = new boolean[16];
  protected int size;

  GroupByKeyColumn(LongConsumer reserve) {
    this.reserve = reserve;
  }

  static GroupByKeyColumn create(DataType type, LongConsumer reserve) {
    return switch (type.physicalType()) {
      case INT, LONG -> new LongKeys(type.physicalType() == PhysicalType.INT, reserve);
      case FLOAT, DOUBLE -> new DoubleKeys(type.physicalType() == PhysicalType.FLOAT, reserve);
      case BOOLEAN -> new BooleanKeys(reserve);
      case VARCHAR -> new VarcharKeys(reserve);
    };
  }

  /**
   * Combines the hash of each row's value into {@code hashes[row]} (sets it when {@code isFirst}).
   */
  abstract void hash(
      Block block, int @Nullable [] selection, int rows, long[] hashes, boolean isFirst);

  /** Whether group {@code group}'s key equals the value at {@code position}, nulls equal. */
  abstract boolean equals(int group, Block block, int position);

  /** Appends the value at {@code position} as the key of the next group. */
  abstract void append(Block block, int position);

  /** A new block of the keys of groups {@code from .. to - 1}. */
  abstract Block build(int from, int to);

  final boolean appendNull(Block block, int position) {
    if (size == nulls.length) {
      reserve.accept(nulls.length);
      nulls = Arrays.copyOf(nulls, nulls.length * 2);
    }
    boolean isNull = block.isNull(position);
    nulls[size] = isNull;
    return isNull;
  }

  final boolean @Nullable [] buildNulls(int from, int to) {
    for (int i = from; i < to; i++) {
      if (nulls[i]) {
        return Arrays.copyOfRange(nulls, from, to);
      }
    }
    return null;
  }

  static long combine(long previous, long hash, boolean isFirst) {
    return isFirst ? hash : previous * 31 + hash;
  }

  private static final class LongKeys extends GroupByKeyColumn {
    private final boolean isInt;
    private long[] values = new long[16];

    LongKeys(boolean isInt, LongConsumer reserve) {
      super(reserve);
      this.isInt = isInt;
    }

    @Override
    void hash(Block block, int @Nullable [] selection, int rows, long[] hashes, boolean isFirst) {
      boolean[] blockNulls = block.nulls();
      if (block instanceof LongBlock longs) {
        long[] data = longs.values();
        for (int row = 0; row < rows; row++) {
          int position = selection == null ? row : selection[row];
          long hash =
              blockNulls != null && blockNulls[position]
                  ? NULL_HASH
                  : GroupByHash.mix(data[position]);
          hashes[row] = combine(hashes[row], hash, isFirst);
        }
      } else {
        int[] data = ((IntBlock) block).values();
        for (int row = 0; row < rows; row++) {
          int position = selection == null ? row : selection[row];
          long hash =
              blockNulls != null && blockNulls[position]
                  ? NULL_HASH
                  : GroupByHash.mix(data[position]);
          hashes[row] = combine(hashes[row], hash, isFirst);
        }
      }
    }

    private static long value(Block block, int position) {
      return block instanceof LongBlock longs
          ? longs.value(position)
          : ((IntBlock) block).value(position);
    }

    @Override
    boolean equals(int group, Block block, int position) {
      boolean isNull = block.isNull(position);
      return isNull == nulls[group] && (isNull || values[group] == value(block, position));
    }

    @Override
    void append(Block block, int position) {
      boolean isNull = appendNull(block, position);
      if (size == values.length) {
        reserve.accept(values.length * 8L);
        values = Arrays.copyOf(values, values.length * 2);
      }
      values[size++] = isNull ? 0 : value(block, position);
    }

    @Override
    Block build(int from, int to) {
      if (isInt) {
        int[] copy = new int[to - from];
        for (int i = from; i < to; i++) {
          copy[i - from] = (int) values[i];
        }
        return new IntBlock(to - from, copy, buildNulls(from, to));
      }
      return new LongBlock(to - from, Arrays.copyOfRange(values, from, to), buildNulls(from, to));
    }
  }

  private static final class DoubleKeys extends GroupByKeyColumn {
    private final boolean isFloat;
    private double[] values = new double[16];

    DoubleKeys(boolean isFloat, LongConsumer reserve) {
      super(reserve);
      this.isFloat = isFloat;
    }

    @Override
    void hash(Block block, int @Nullable [] selection, int rows, long[] hashes, boolean isFirst) {
      boolean[] blockNulls = block.nulls();
      for (int row = 0; row < rows; row++) {
        int position = selection == null ? row : selection[row];
        long hash =
            blockNulls != null && blockNulls[position]
                ? NULL_HASH
                : ValueHashing.hashDouble(value(block, position));
        hashes[row] = combine(hashes[row], hash, isFirst);
      }
    }

    private static double value(Block block, int position) {
      return block instanceof DoubleBlock doubles
          ? doubles.value(position)
          : ((FloatBlock) block).value(position);
    }

    @Override
    boolean equals(int group, Block block, int position) {
      boolean isNull = block.isNull(position);
      return isNull == nulls[group]
          && (isNull || BlockValues.compareDoubles(values[group], value(block, position)) == 0);
    }

    @Override
    void append(Block block, int position) {
      boolean isNull = appendNull(block, position);
      if (size == values.length) {
        reserve.accept(values.length * 8L);
        values = Arrays.copyOf(values, values.length * 2);
      }
      values[size++] = isNull ? 0 : value(block, position);
    }

    @Override
    Block build(int from, int to) {
      if (isFloat) {
        float[] copy = new float[to - from];
        for (int i = from; i < to; i++) {
          copy[i - from] = (float) values[i];
        }
        return new FloatBlock(to - from, copy, buildNulls(from, to));
      }
      return new DoubleBlock(to - from, Arrays.copyOfRange(values, from, to), buildNulls(from, to));
    }
  }

  private static final class BooleanKeys extends GroupByKeyColumn {
    private boolean[] values = new boolean[16];

    BooleanKeys(LongConsumer reserve) {
      super(reserve);
    }

    @Override
    void hash(Block block, int @Nullable [] selection, int rows, long[] hashes, boolean isFirst) {
      BooleanBlock booleans = (BooleanBlock) block;
      for (int row = 0; row < rows; row++) {
        int position = selection == null ? row : selection[row];
        long hash =
            booleans.isNull(position)
                ? NULL_HASH
                : GroupByHash.mix(booleans.value(position) ? 1 : 2);
        hashes[row] = combine(hashes[row], hash, isFirst);
      }
    }

    @Override
    boolean equals(int group, Block block, int position) {
      boolean isNull = block.isNull(position);
      return isNull == nulls[group]
          && (isNull || values[group] == ((BooleanBlock) block).value(position));
    }

    @Override
    void append(Block block, int position) {
      boolean isNull = appendNull(block, position);
      if (size == values.length) {
        reserve.accept(values.length);
        values = Arrays.copyOf(values, values.length * 2);
      }
      values[size++] = !isNull && ((BooleanBlock) block).value(position);
    }

    @Override
    Block build(int from, int to) {
      return new BooleanBlock(
          to - from, Arrays.copyOfRange(values, from, to), buildNulls(from, to));
    }
  }

  /** Strings: one growing byte array plus the end offset of each group's key. */
  static final class VarcharKeys extends GroupByKeyColumn {
    private byte[] bytes = new byte[256];
    private int[] offsets = new int[17];

    VarcharKeys(LongConsumer reserve) {
      super(reserve);
    }

    @Override
    void hash(Block block, int @Nullable [] selection, int rows, long[] hashes, boolean isFirst) {
      boolean[] blockNulls = block.nulls();
      VarcharBlock strings;
      int @Nullable [] ids;
      if (block instanceof DictionaryBlock dictionary) {
        strings = dictionary.dictionary();
        ids = dictionary.ids();
      } else {
        strings = (VarcharBlock) block;
        ids = null;
      }
      byte[] data = strings.bytes();
      int[] dataOffsets = strings.offsets();
      for (int row = 0; row < rows; row++) {
        int position = selection == null ? row : selection[row];
        long hash;
        if (blockNulls != null && blockNulls[position]) {
          hash = NULL_HASH;
        } else {
          int index = ids == null ? position : ids[position];
          int start = dataOffsets[index];
          hash = ValueHashing.hashBytes(data, start, dataOffsets[index + 1] - start);
        }
        hashes[row] = combine(hashes[row], hash, isFirst);
      }
    }

    @Override
    boolean equals(int group, Block block, int position) {
      boolean isNull = block.isNull(position);
      if (isNull || nulls[group]) {
        return isNull == nulls[group];
      }
      VarcharBlock strings;
      int index;
      if (block instanceof DictionaryBlock dictionary) {
        strings = dictionary.dictionary();
        index = dictionary.id(position);
      } else {
        strings = (VarcharBlock) block;
        index = position;
      }
      return Arrays.equals(
          bytes,
          offsets[group],
          offsets[group + 1],
          strings.bytes(),
          strings.offset(index),
          strings.offset(index + 1));
    }

    @Override
    void append(Block block, int position) {
      boolean isNull = appendNull(block, position);
      if (size + 1 == offsets.length) {
        reserve.accept(offsets.length * 4L);
        offsets = Arrays.copyOf(offsets, offsets.length * 2);
      }
      int end = offsets[size];
      if (!isNull) {
        VarcharBlock strings;
        int index;
        if (block instanceof DictionaryBlock dictionary) {
          strings = dictionary.dictionary();
          index = dictionary.id(position);
        } else {
          strings = (VarcharBlock) block;
          index = position;
        }
        int length = strings.length(index);
        if (end + length > bytes.length) {
          int newLength = Math.max(bytes.length * 2, end + length);
          reserve.accept(newLength - (long) bytes.length);
          bytes = Arrays.copyOf(bytes, newLength);
        }
        System.arraycopy(strings.bytes(), strings.offset(index), bytes, end, length);
        end += length;
      }
      offsets[++size] = end;
    }

    @Override
    Block build(int from, int to) {
      int count = to - from;
      int start = offsets[from];
      int[] copyOffsets = new int[count + 1];
      for (int i = 0; i <= count; i++) {
        copyOffsets[i] = offsets[from + i] - start;
      }
      return new VarcharBlock(
          count, Arrays.copyOfRange(bytes, start, offsets[to]), copyOffsets, buildNulls(from, to));
    }
  }
}
