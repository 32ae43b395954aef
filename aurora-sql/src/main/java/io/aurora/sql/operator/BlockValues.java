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
import java.util.Arrays;

/**
 * Hashing, equality and ordering of single values in blocks, shared by grouping, joins, sorting and
 * DISTINCT so that they agree with each other and with SQL:
 *
 * <ul>
 *   <li>Floating point values follow PostgreSQL: {@code -0.0} equals {@code 0.0}; NaN equals NaN
 *       and sorts above every other value.
 *   <li>Strings compare by unsigned UTF-8 bytes (the C collation); a {@link DictionaryBlock} value
 *       compares and hashes like the string it stands for.
 *   <li>For grouping, a null equals a null ({@link #isNotDistinct}); in join keys the caller skips
 *       nulls, which match nothing.
 * </ul>
 *
 * The two blocks of a comparison must be of the same physical type. These are per-value helpers for
 * code that is not the innermost loop; kernels over whole blocks specialise by type.
 */
public final class BlockValues {
  private static final long NULL_HASH = 0x9E3779B97F4A7C15L;

  private BlockValues() {}

  /** The hash of the value at {@code position}; nulls hash to a fixed constant. */
  public static long hash(Block block, int position) {
    if (block.isNull(position)) {
      return NULL_HASH;
    }
    if (block instanceof LongBlock longs) {
      return ValueHashing.hashLong(longs.value(position));
    }
    if (block instanceof IntBlock ints) {
      return ValueHashing.hashLong(ints.value(position));
    }
    if (block instanceof DoubleBlock doubles) {
      return ValueHashing.hashDouble(doubles.value(position));
    }
    if (block instanceof FloatBlock floats) {
      return ValueHashing.hashDouble(floats.value(position));
    }
    if (block instanceof BooleanBlock booleans) {
      return ValueHashing.hashLong(booleans.value(position) ? 1 : 0);
    }
    if (block instanceof VarcharBlock strings) {
      return ValueHashing.hashBytes(
          strings.bytes(), strings.offset(position), strings.length(position));
    }
    DictionaryBlock dictionary = (DictionaryBlock) block;
    VarcharBlock values = dictionary.dictionary();
    int id = dictionary.id(position);
    return ValueHashing.hashBytes(values.bytes(), values.offset(id), values.length(id));
  }

  /** Whether two values are equal, treating two nulls as equal (GROUP BY and DISTINCT). */
  public static boolean isNotDistinct(
      Block left, int leftPosition, Block right, int rightPosition) {
    boolean leftNull = left.isNull(leftPosition);
    boolean rightNull = right.isNull(rightPosition);
    if (leftNull || rightNull) {
      return leftNull && rightNull;
    }
    return compareNonNull(left, leftPosition, right, rightPosition) == 0;
  }

  /**
   * Orders two values; nulls sort last when {@code nullsFirst} is false, first otherwise, whatever
   * the direction of the sort (the caller negates only non-null comparisons).
   */
  public static int compare(
      Block left, int leftPosition, Block right, int rightPosition, boolean nullsFirst) {
    boolean leftNull = left.isNull(leftPosition);
    boolean rightNull = right.isNull(rightPosition);
    if (leftNull || rightNull) {
      if (leftNull && rightNull) {
        return 0;
      }
      return leftNull == nullsFirst ? -1 : 1;
    }
    return compareNonNull(left, leftPosition, right, rightPosition);
  }

  /** Orders two non-null values of the same physical type. */
  public static int compareNonNull(Block left, int leftPosition, Block right, int rightPosition) {
    if (left instanceof LongBlock longs) {
      return Long.compare(longs.value(leftPosition), ((LongBlock) right).value(rightPosition));
    }
    if (left instanceof IntBlock ints) {
      return Integer.compare(ints.value(leftPosition), ((IntBlock) right).value(rightPosition));
    }
    if (left instanceof DoubleBlock doubles) {
      return compareDoubles(
          doubles.value(leftPosition), ((DoubleBlock) right).value(rightPosition));
    }
    if (left instanceof FloatBlock floats) {
      return compareDoubles(floats.value(leftPosition), ((FloatBlock) right).value(rightPosition));
    }
    if (left instanceof BooleanBlock booleans) {
      return Boolean.compare(
          booleans.value(leftPosition), ((BooleanBlock) right).value(rightPosition));
    }
    if (left instanceof DictionaryBlock leftDictionary
        && right instanceof DictionaryBlock rightDictionary
        && leftDictionary.dictionary() == rightDictionary.dictionary()
        && leftDictionary.isSorted()) {
      return Integer.compare(leftDictionary.id(leftPosition), rightDictionary.id(rightPosition));
    }
    return compareStrings(left, leftPosition, right, rightPosition);
  }

  /** PostgreSQL order for floating point values: -0.0 = 0.0, NaN = NaN and NaN above all. */
  public static int compareDoubles(double left, double right) {
    if (left == right) {
      return 0;
    }
    return Double.compare(left, right);
  }

  private static int compareStrings(Block left, int leftPosition, Block right, int rightPosition) {
    VarcharBlock leftValues;
    int leftIndex;
    if (left instanceof DictionaryBlock dictionary) {
      leftValues = dictionary.dictionary();
      leftIndex = dictionary.id(leftPosition);
    } else {
      leftValues = (VarcharBlock) left;
      leftIndex = leftPosition;
    }
    VarcharBlock rightValues;
    int rightIndex;
    if (right instanceof DictionaryBlock dictionary) {
      rightValues = dictionary.dictionary();
      rightIndex = dictionary.id(rightPosition);
    } else {
      rightValues = (VarcharBlock) right;
      rightIndex = rightPosition;
    }
    return Arrays.compareUnsigned(
        leftValues.bytes(),
        leftValues.offset(leftIndex),
        leftValues.offset(leftIndex + 1),
        rightValues.bytes(),
        rightValues.offset(rightIndex),
        rightValues.offset(rightIndex + 1));
  }
}
