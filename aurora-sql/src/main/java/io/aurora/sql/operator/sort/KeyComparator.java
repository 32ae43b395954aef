package io.aurora.sql.operator.sort;

import io.aurora.sql.operator.BlockValues;
import io.aurora.sql.operator.SortKey;
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
 * Compares one sort key of two rows given as (page index, position). Each subclass handles one
 * physical type and keeps, per registered page, the block's backing arrays, so the comparison
 * itself reads arrays only: the block type is resolved once per page in {@link #setBlock}, not per
 * comparison. Semantics follow {@link BlockValues}; nulls go where {@link SortKey#isNullsFirst()}
 * says whatever the direction.
 */
abstract class KeyComparator {
  final int channel;
  final boolean isAscending;
  final boolean isNullsFirst;
  boolean[] @Nullable [] nulls = new boolean[8][];

  KeyComparator(SortKey key) {
    this.channel = key.channel();
    this.isAscending = key.isAscending();
    this.isNullsFirst = key.isNullsFirst();
  }

  static KeyComparator create(DataType type, SortKey key) {
    return switch (type.physicalType()) {
      case BOOLEAN -> new BooleanKey(key);
      case INT -> new IntKey(key);
      case LONG -> new LongKey(key);
      case FLOAT -> new FloatKey(key);
      case DOUBLE -> new DoubleKey(key);
      case VARCHAR -> new VarcharKey(key);
    };
  }

  /** Registers the block of this key's channel of the page with the given index. */
  final void setBlock(int pageIndex, Block block) {
    if (pageIndex >= nulls.length) {
      int capacity = Math.max(pageIndex + 1, nulls.length * 2);
      nulls = Arrays.copyOf(nulls, capacity);
      grow(capacity);
    }
    nulls[pageIndex] = block.nulls();
    setValues(pageIndex, block);
  }

  /** Drops the references to a page's arrays so they can be collected. */
  final void clearBlock(int pageIndex) {
    if (pageIndex < nulls.length) {
      nulls[pageIndex] = null;
      clearValues(pageIndex);
    }
  }

  abstract void grow(int capacity);

  abstract void setValues(int pageIndex, Block block);

  abstract void clearValues(int pageIndex);

  abstract int compare(int leftPage, int leftPosition, int rightPage, int rightPosition);

  /** The order of two values of which at least one is null. */
  final int compareNulls(boolean leftNull, boolean rightNull) {
    if (leftNull && rightNull) {
      return 0;
    }
    return leftNull == isNullsFirst ? -1 : 1;
  }

  static boolean isNull(boolean @Nullable [] nulls, int position) {
    return nulls != null && nulls[position];
  }

  static final class LongKey extends KeyComparator {
    private long[][] values = new long[8][];

    LongKey(SortKey key) {
      super(key);
    }

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    void setValues(int pageIndex, Block block) {
      values[pageIndex] = ((LongBlock) block).values();
    }

    @Override
    void clearValues(int pageIndex) {
      values[pageIndex] = null;
    }

    @Override
    int compare(int leftPage, int leftPosition, int rightPage, int rightPosition) {
      boolean leftNull = isNull(nulls[leftPage], leftPosition);
      boolean rightNull = isNull(nulls[rightPage], rightPosition);
      if (leftNull || rightNull) {
        return compareNulls(leftNull, rightNull);
      }
      int result = Long.compare(values[leftPage][leftPosition], values[rightPage][rightPosition]);
      return isAscending ? result : -result;
    }
  }

  static final class IntKey extends KeyComparator {
    private int[][] values = new int[8][];

    IntKey(SortKey key) {
      super(key);
    }

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    void setValues(int pageIndex, Block block) {
      values[pageIndex] = ((IntBlock) block).values();
    }

    @Override
    void clearValues(int pageIndex) {
      values[pageIndex] = null;
    }

    @Override
    int compare(int leftPage, int leftPosition, int rightPage, int rightPosition) {
      boolean leftNull = isNull(nulls[leftPage], leftPosition);
      boolean rightNull = isNull(nulls[rightPage], rightPosition);
      if (leftNull || rightNull) {
        return compareNulls(leftNull, rightNull);
      }
      int result =
          Integer.compare(values[leftPage][leftPosition], values[rightPage][rightPosition]);
      return isAscending ? result : -result;
    }
  }

  static final class DoubleKey extends KeyComparator {
    private double[][] values = new double[8][];

    DoubleKey(SortKey key) {
      super(key);
    }

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    void setValues(int pageIndex, Block block) {
      values[pageIndex] = ((DoubleBlock) block).values();
    }

    @Override
    void clearValues(int pageIndex) {
      values[pageIndex] = null;
    }

    @Override
    int compare(int leftPage, int leftPosition, int rightPage, int rightPosition) {
      boolean leftNull = isNull(nulls[leftPage], leftPosition);
      boolean rightNull = isNull(nulls[rightPage], rightPosition);
      if (leftNull || rightNull) {
        return compareNulls(leftNull, rightNull);
      }
      int result =
          BlockValues.compareDoubles(
              values[leftPage][leftPosition], values[rightPage][rightPosition]);
      return isAscending ? result : -result;
    }
  }

  static final class FloatKey extends KeyComparator {
    private float[][] values = new float[8][];

    FloatKey(SortKey key) {
      super(key);
    }

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    void setValues(int pageIndex, Block block) {
      values[pageIndex] = ((FloatBlock) block).values();
    }

    @Override
    void clearValues(int pageIndex) {
      values[pageIndex] = null;
    }

    @Override
    int compare(int leftPage, int leftPosition, int rightPage, int rightPosition) {
      boolean leftNull = isNull(nulls[leftPage], leftPosition);
      boolean rightNull = isNull(nulls[rightPage], rightPosition);
      if (leftNull || rightNull) {
        return compareNulls(leftNull, rightNull);
      }
      int result =
          BlockValues.compareDoubles(
              values[leftPage][leftPosition], values[rightPage][rightPosition]);
      return isAscending ? result : -result;
    }
  }

  static final class BooleanKey extends KeyComparator {
    private boolean[][] values = new boolean[8][];

    BooleanKey(SortKey key) {
      super(key);
    }

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    void setValues(int pageIndex, Block block) {
      values[pageIndex] = ((BooleanBlock) block).values();
    }

    @Override
    void clearValues(int pageIndex) {
      values[pageIndex] = null;
    }

    @Override
    int compare(int leftPage, int leftPosition, int rightPage, int rightPosition) {
      boolean leftNull = isNull(nulls[leftPage], leftPosition);
      boolean rightNull = isNull(nulls[rightPage], rightPosition);
      if (leftNull || rightNull) {
        return compareNulls(leftNull, rightNull);
      }
      int result =
          Boolean.compare(values[leftPage][leftPosition], values[rightPage][rightPosition]);
      return isAscending ? result : -result;
    }
  }

  /**
   * Strings by unsigned bytes. A {@link DictionaryBlock} is read through its ids; two rows from
   * blocks sharing one sorted dictionary compare by id without touching the bytes.
   */
  static final class VarcharKey extends KeyComparator {
    private byte[][] bytes = new byte[8][];
    private int[][] offsets = new int[8][];
    private int[] @Nullable [] ids = new int[8][];
    private @Nullable VarcharBlock[] sortedDictionaries = new VarcharBlock[8];

    VarcharKey(SortKey key) {
      super(key);
    }

    @Override
    void grow(int capacity) {
      bytes = Arrays.copyOf(bytes, capacity);
      offsets = Arrays.copyOf(offsets, capacity);
      ids = Arrays.copyOf(ids, capacity);
      sortedDictionaries = Arrays.copyOf(sortedDictionaries, capacity);
    }

    @Override
    void setValues(int pageIndex, Block block) {
      VarcharBlock values;
      if (block instanceof DictionaryBlock dictionaryBlock) {
        values = dictionaryBlock.dictionary();
        ids[pageIndex] = dictionaryBlock.ids();
        sortedDictionaries[pageIndex] = dictionaryBlock.isSorted() ? values : null;
      } else {
        values = (VarcharBlock) block;
        ids[pageIndex] = null;
        sortedDictionaries[pageIndex] = null;
      }
      bytes[pageIndex] = values.bytes();
      offsets[pageIndex] = values.offsets();
    }

    @Override
    void clearValues(int pageIndex) {
      bytes[pageIndex] = null;
      offsets[pageIndex] = null;
      ids[pageIndex] = null;
      sortedDictionaries[pageIndex] = null;
    }

    @Override
    int compare(int leftPage, int leftPosition, int rightPage, int rightPosition) {
      boolean leftNull = isNull(nulls[leftPage], leftPosition);
      boolean rightNull = isNull(nulls[rightPage], rightPosition);
      if (leftNull || rightNull) {
        return compareNulls(leftNull, rightNull);
      }
      int[] leftIds = ids[leftPage];
      int[] rightIds = ids[rightPage];
      int leftIndex = leftIds == null ? leftPosition : leftIds[leftPosition];
      int rightIndex = rightIds == null ? rightPosition : rightIds[rightPosition];
      int result;
      VarcharBlock dictionary = sortedDictionaries[leftPage];
      if (dictionary != null && dictionary == sortedDictionaries[rightPage]) {
        result = Integer.compare(leftIndex, rightIndex);
      } else {
        int[] leftOffsets = offsets[leftPage];
        int[] rightOffsets = offsets[rightPage];
        result =
            Arrays.compareUnsigned(
                bytes[leftPage],
                leftOffsets[leftIndex],
                leftOffsets[leftIndex + 1],
                bytes[rightPage],
                rightOffsets[rightIndex],
                rightOffsets[rightIndex + 1]);
      }
      return isAscending ? result : -result;
    }
  }
}
