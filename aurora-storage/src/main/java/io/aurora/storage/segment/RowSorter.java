package io.aurora.storage.segment;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.VarcharBlock;
import java.util.Arrays;

/**
 * Orders the rows of a segment by its sort key before it is written: nulls first, then ascending
 * values (floating point in PostgreSQL order, strings by unsigned bytes). The sort is stable, so
 * rows with equal keys keep their arrival order.
 */
final class RowSorter {
  private RowSorter() {}

  /** The row numbers of {@code columns} in sort-key order. */
  static int[] sortOrder(Block[] columns, int[] keyColumns) {
    int rowCount = columns[keyColumns[0]].positionCount();
    Integer[] order = new Integer[rowCount];
    for (int i = 0; i < rowCount; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (left, right) -> {
          for (int key : keyColumns) {
            int comparison = compare(columns[key], left, right);
            if (comparison != 0) {
              return comparison;
            }
          }
          return 0;
        });
    int[] result = new int[rowCount];
    for (int i = 0; i < rowCount; i++) {
      result[i] = order[i];
    }
    return result;
  }

  static int compare(Block block, int left, int right) {
    boolean leftNull = block.isNull(left);
    boolean rightNull = block.isNull(right);
    if (leftNull || rightNull) {
      return Boolean.compare(rightNull, leftNull);
    }
    if (block instanceof LongBlock longs) {
      return Long.compare(longs.value(left), longs.value(right));
    }
    if (block instanceof IntBlock ints) {
      return Integer.compare(ints.value(left), ints.value(right));
    }
    if (block instanceof DoubleBlock doubles) {
      return compareDoubles(doubles.value(left), doubles.value(right));
    }
    if (block instanceof FloatBlock floats) {
      return compareDoubles(floats.value(left), floats.value(right));
    }
    if (block instanceof BooleanBlock booleans) {
      return Boolean.compare(booleans.value(left), booleans.value(right));
    }
    if (block instanceof VarcharBlock strings) {
      return Arrays.compareUnsigned(
          strings.bytes(),
          strings.offset(left),
          strings.offset(left + 1),
          strings.bytes(),
          strings.offset(right),
          strings.offset(right + 1));
    }
    DictionaryBlock dictionary = (DictionaryBlock) block;
    return Integer.compare(dictionary.id(left), dictionary.id(right));
  }

  /** PostgreSQL order: -0.0 equals 0.0, NaN equals NaN and is above everything else. */
  private static int compareDoubles(double left, double right) {
    if (left == right) {
      return 0;
    }
    return Double.compare(left, right);
  }
}
