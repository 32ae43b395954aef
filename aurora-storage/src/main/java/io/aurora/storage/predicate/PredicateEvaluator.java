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
import org.jspecify.annotations.Nullable;

/**
 * Evaluates {@link ColumnPredicate}s on blocks into selection vectors, and decides from {@link
 * BlockStatistics} whether a block, segment or partition can be skipped.
 *
 * <p>Each call first normalizes the predicate once (constants converted to the column's domain,
 * clipped to the values the type can hold, strings encoded to UTF-8), then runs one tight loop over
 * the block's primitive arrays for that shape: no boxing or allocation per row. Value kernels read
 * every selected position, null or not, and a second branch-free pass drops the nulls only when the
 * block has a null mask; this keeps one loop per shape instead of four.
 *
 * <pre>{@code
 * int[] selection = new int[block.positionCount()];
 * int count = PredicateEvaluator.filter(predicate, type, block, null, 0, selection);
 * count = PredicateEvaluator.filter(other, otherType, otherBlock, selection, count, selection);
 * }</pre>
 *
 * <p>The class is stateless and thread-safe.
 */
public final class PredicateEvaluator {
  private static final float[] NO_FLOATS = new float[0];

  private PredicateEvaluator() {}

  /**
   * Writes to {@code out}, ascending, the input positions whose value satisfies the predicate and
   * returns how many there are. The input positions are {@code 0..block.positionCount()} when
   * {@code selection} is null, else {@code selection[0..selectedCount)} (ascending). {@code out}
   * may be {@code selection}, for filtering in place, and must have room for every input position.
   *
   * @throws io.aurora.storage.error.AuroraException with DATATYPE_MISMATCH when a predicate value
   *     does not fit the column type, or LIKE is applied to a non-VARCHAR column
   * @throws IllegalArgumentException when the block does not hold values of {@code type}
   */
  public static int filter(
      ColumnPredicate predicate,
      DataType type,
      Block block,
      int @Nullable [] selection,
      int selectedCount,
      int[] out) {
    requireNonNull(predicate, "predicate is null");
    requireNonNull(type, "type is null");
    requireNonNull(block, "block is null");
    requireNonNull(out, "out is null");
    int count = selection == null ? block.positionCount() : selectedCount;
    if (selection != null && (selectedCount < 0 || selectedCount > selection.length)) {
      throw new IllegalArgumentException("selectedCount out of range: " + selectedCount);
    }
    if (out.length < count) {
      throw new IllegalArgumentException(
          "out holds " + out.length + " entries, fewer than the " + count + " input positions");
    }
    checkBlockType(type, block);
    boolean[] nulls = block.nulls();
    if (predicate instanceof ColumnPredicate.IsNull) {
      return Selections.isNull(nulls, selection, count, out);
    }
    if (predicate instanceof ColumnPredicate.IsNotNull) {
      return Selections.isNotNull(nulls, selection, count, out);
    }
    int matched =
        type.physicalType() == PhysicalType.VARCHAR
            ? filterVarchar(VarcharPredicate.of(predicate, type), block, selection, count, out)
            : filterNumeric(NumericPredicate.of(predicate, type), block, selection, count, out);
    if (matched < 0) {
      return Selections.isNotNull(nulls, selection, count, out);
    }
    return nulls == null ? matched : Selections.removeNulls(nulls, out, matched);
  }

  /**
   * Checks that a predicate can be evaluated on a column of {@code type} (its values fit the type,
   * LIKE only on VARCHAR) without reading any data; throws what {@link #filter} would.
   */
  public static void check(ColumnPredicate predicate, DataType type) {
    requireNonNull(predicate, "predicate is null");
    requireNonNull(type, "type is null");
    if (predicate instanceof ColumnPredicate.IsNull
        || predicate instanceof ColumnPredicate.IsNotNull) {
      return;
    }
    if (type.physicalType() == PhysicalType.VARCHAR) {
      VarcharPredicate.of(predicate, type);
    } else {
      NumericPredicate.of(predicate, type);
    }
  }

  /**
   * Runs the kernel for a numeric predicate, not removing nulls; -1 when every non-null value
   * matches.
   */
  private static int filterNumeric(
      NumericPredicate predicate, Block block, int @Nullable [] selection, int count, int[] out) {
    NumericPredicate.Shape shape = predicate.shape();
    if (shape == NumericPredicate.Shape.NONE) {
      return 0;
    }
    if (shape == NumericPredicate.Shape.ALL) {
      return -1;
    }
    long low = predicate.low();
    long high = predicate.high();
    if (block instanceof BooleanBlock booleanBlock) {
      boolean isFalseMatching = predicate.test(0);
      boolean isTrueMatching = predicate.test(1);
      if (isFalseMatching == isTrueMatching) {
        return isFalseMatching ? -1 : 0;
      }
      return NumericKernels.equal(booleanBlock.values(), isTrueMatching, selection, count, out);
    }
    if (block instanceof IntBlock intBlock) {
      int[] values = intBlock.values();
      return switch (shape) {
        case RANGE -> NumericKernels.range(values, (int) low, (int) high, selection, count, out);
        case NOT_EQUAL -> NumericKernels.notEqual(values, (int) low, selection, count, out);
        case IN -> NumericKernels.in(values, predicate.values(), selection, count, out);
        case NONE, ALL -> throw new IllegalStateException("handled above");
      };
    }
    if (block instanceof LongBlock longBlock) {
      long[] values = longBlock.values();
      return switch (shape) {
        case RANGE -> NumericKernels.range(values, low, high, selection, count, out);
        case NOT_EQUAL -> NumericKernels.notEqual(values, low, selection, count, out);
        case IN -> NumericKernels.in(values, predicate.values(), selection, count, out);
        case NONE, ALL -> throw new IllegalStateException("handled above");
      };
    }
    return filterFloating(predicate, block, selection, count, out);
  }

  /**
   * Maps a RANGE, NOT_EQUAL or IN over double keys to the double comparison that implements it;
   * {@code lowerBound} is NaN exactly when only NaN is in range.
   */
  private static int filterFloating(
      NumericPredicate predicate, Block block, int @Nullable [] selection, int count, int[] out) {
    double[] doubles = block instanceof DoubleBlock doubleBlock ? doubleBlock.values() : null;
    float[] floats = block instanceof FloatBlock floatBlock ? floatBlock.values() : NO_FLOATS;
    long low = predicate.low();
    long high = predicate.high();
    return switch (predicate.shape()) {
      case RANGE -> {
        double lowerBound = NumericPredicate.lowerBoundDouble(low);
        double upperBound = NumericPredicate.upperBoundDouble(high);
        if (!NumericPredicate.isNanKey(high)) {
          yield doubles != null
              ? FloatingKernels.range(doubles, lowerBound, upperBound, selection, count, out)
              : FloatingKernels.range(floats, lowerBound, upperBound, selection, count, out);
        }
        // Only NaN: an empty [+Inf, -Inf] plus NaN.
        double from = Double.isNaN(lowerBound) ? Double.POSITIVE_INFINITY : lowerBound;
        double to = Double.isNaN(lowerBound) ? Double.NEGATIVE_INFINITY : upperBound;
        yield doubles != null
            ? FloatingKernels.rangeOrNan(doubles, from, to, selection, count, out)
            : FloatingKernels.rangeOrNan(floats, from, to, selection, count, out);
      }
      case NOT_EQUAL -> {
        double excluded = NumericPredicate.keyToDouble(low);
        yield doubles != null
            ? FloatingKernels.notEqual(doubles, excluded, selection, count, out)
            : FloatingKernels.notEqual(floats, excluded, selection, count, out);
      }
      case IN ->
          doubles != null
              ? FloatingKernels.in(doubles, predicate.values(), selection, count, out)
              : FloatingKernels.in(floats, predicate.values(), selection, count, out);
      case NONE, ALL -> throw new IllegalStateException("handled by the caller");
    };
  }

  /** Like {@link #filterNumeric} for VarcharBlock and DictionaryBlock. */
  private static int filterVarchar(
      VarcharPredicate predicate, Block block, int @Nullable [] selection, int count, int[] out) {
    return switch (predicate.shape()) {
      case NONE -> 0;
      case ALL -> -1;
      case EQUAL, NOT_EQUAL, RANGE, PREFIX, IN ->
          block instanceof DictionaryBlock dictionaryBlock
              ? DictionaryKernels.filter(predicate, dictionaryBlock, selection, count, out)
              : VarcharKernels.filter(predicate, (VarcharBlock) block, selection, count, out);
    };
  }

  private static void checkBlockType(DataType type, Block block) {
    boolean isMatching =
        switch (type.physicalType()) {
          case BOOLEAN -> block instanceof BooleanBlock;
          case INT -> block instanceof IntBlock;
          case LONG -> block instanceof LongBlock;
          case FLOAT -> block instanceof FloatBlock;
          case DOUBLE -> block instanceof DoubleBlock;
          case VARCHAR -> block instanceof VarcharBlock || block instanceof DictionaryBlock;
        };
    if (!isMatching) {
      throw new IllegalArgumentException(
          "Block[" + block.getClass().getSimpleName() + "] does not hold type[" + type + "]");
    }
  }

  /**
   * Whether some row described by the statistics may satisfy the predicate; false only when the
   * statistics prove that none does, so the data can be skipped. Unknown min and max never prove
   * anything about values.
   */
  public static boolean mayMatch(
      ColumnPredicate predicate, DataType type, BlockStatistics statistics) {
    requireNonNull(predicate, "predicate is null");
    requireNonNull(type, "type is null");
    requireNonNull(statistics, "statistics is null");
    int nonNullCount = statistics.rowCount() - statistics.nullCount();
    if (predicate instanceof ColumnPredicate.IsNull) {
      return statistics.nullCount() > 0;
    }
    if (predicate instanceof ColumnPredicate.IsNotNull) {
      return nonNullCount > 0;
    }
    if (nonNullCount == 0) {
      return false;
    }
    Object min = statistics.min();
    Object max = statistics.max();
    if (type.physicalType() == PhysicalType.VARCHAR) {
      VarcharPredicate normalized = VarcharPredicate.of(predicate, type);
      return min == null || max == null
          ? normalized.shape() != VarcharPredicate.Shape.NONE
          : normalized.mayMatch((byte[]) min, (byte[]) max);
    }
    NumericPredicate normalized = NumericPredicate.of(predicate, type);
    return min == null || max == null
        ? normalized.shape() != NumericPredicate.Shape.NONE
        : normalized.mayMatch(statisticsKey(min, type), statisticsKey(max, type));
  }

  /**
   * Whether the statistics prove that every row satisfies the predicate, so a scan can keep the
   * block without evaluating it. Value predicates need a block without nulls.
   */
  public static boolean allMatch(
      ColumnPredicate predicate, DataType type, BlockStatistics statistics) {
    requireNonNull(predicate, "predicate is null");
    requireNonNull(type, "type is null");
    requireNonNull(statistics, "statistics is null");
    if (predicate instanceof ColumnPredicate.IsNull) {
      return statistics.nullCount() == statistics.rowCount();
    }
    if (predicate instanceof ColumnPredicate.IsNotNull || statistics.rowCount() == 0) {
      return statistics.nullCount() == 0;
    }
    if (statistics.nullCount() > 0) {
      return false;
    }
    Object min = statistics.min();
    Object max = statistics.max();
    if (type.physicalType() == PhysicalType.VARCHAR) {
      VarcharPredicate normalized = VarcharPredicate.of(predicate, type);
      return min == null || max == null
          ? normalized.shape() == VarcharPredicate.Shape.ALL
          : normalized.allMatch((byte[]) min, (byte[]) max);
    }
    NumericPredicate normalized = NumericPredicate.of(predicate, type);
    return min == null || max == null
        ? normalized.shape() == NumericPredicate.Shape.ALL
        : normalized.allMatch(statisticsKey(min, type), statisticsKey(max, type));
  }

  /** The key of a statistics min or max: a Long, or a Double for floating point types. */
  private static long statisticsKey(Object value, DataType type) {
    return switch (type.physicalType()) {
      case FLOAT, DOUBLE -> NumericPredicate.doubleKey((Double) value);
      case BOOLEAN, INT, LONG -> (Long) value;
      case VARCHAR -> throw new IllegalArgumentException("VARCHAR statistics have no key");
    };
  }
}
