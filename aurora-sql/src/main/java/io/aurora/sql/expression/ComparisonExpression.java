package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * {@code = <> < <= > >=} and {@code IS [NOT] DISTINCT FROM}. Both operands have the same type (the
 * compiler casts mixed numeric operands to a common type). Floating point values compare like
 * PostgreSQL ({@code -0.0 = 0.0}, NaN equals NaN and is greater than everything); strings compare
 * by unsigned UTF-8 bytes.
 *
 * <p>A constant right operand is read as a scalar. A dictionary-encoded left operand compared with
 * a constant is compared once per dictionary entry and the per-entry answers are looked up by id;
 * the answers for the last dictionary are cached, since a segment's blocks share one.
 */
final class ComparisonExpression implements Expression {
  enum Operator {
    EQUAL,
    NOT_EQUAL,
    LESS_THAN,
    LESS_THAN_OR_EQUAL,
    GREATER_THAN,
    GREATER_THAN_OR_EQUAL,
    IS_DISTINCT_FROM,
    IS_NOT_DISTINCT_FROM;

    /** The operator with its operands swapped: {@code a < b} is {@code b > a}. */
    Operator flip() {
      return switch (this) {
        case LESS_THAN -> GREATER_THAN;
        case LESS_THAN_OR_EQUAL -> GREATER_THAN_OR_EQUAL;
        case GREATER_THAN -> LESS_THAN;
        case GREATER_THAN_OR_EQUAL -> LESS_THAN_OR_EQUAL;
        case EQUAL, NOT_EQUAL, IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> this;
      };
    }

    boolean test(int comparison) {
      return switch (this) {
        case EQUAL, IS_NOT_DISTINCT_FROM -> comparison == 0;
        case NOT_EQUAL, IS_DISTINCT_FROM -> comparison != 0;
        case LESS_THAN -> comparison < 0;
        case LESS_THAN_OR_EQUAL -> comparison <= 0;
        case GREATER_THAN -> comparison > 0;
        case GREATER_THAN_OR_EQUAL -> comparison >= 0;
      };
    }

    boolean isDistinctness() {
      return this == IS_DISTINCT_FROM || this == IS_NOT_DISTINCT_FROM;
    }
  }

  private record DictionaryAnswers(VarcharBlock dictionary, boolean[] answers) {}

  private final Operator operator;
  private final Expression left;
  private final Expression right;
  private final @Nullable ConstantExpression constant;
  private volatile @Nullable DictionaryAnswers dictionaryAnswers;

  ComparisonExpression(Operator operator, Expression left, Expression right) {
    this.operator = requireNonNull(operator, "operator is null");
    this.left = requireNonNull(left, "left is null");
    this.right = requireNonNull(right, "right is null");
    this.constant = right instanceof ConstantExpression c && !c.isNull() ? c : null;
  }

  @Override
  public DataType type() {
    return DataType.BOOLEAN;
  }

  @Override
  public Block evaluate(Page page) {
    Block leftBlock = left.evaluate(page);
    Block rightBlock = constant == null ? right.evaluate(page) : null;
    boolean[] leftNulls = leftBlock.nulls();
    boolean[] rightNulls = rightBlock == null ? null : rightBlock.nulls();
    boolean[] nulls = operator.isDistinctness() ? null : Rows.union(page, leftNulls, rightNulls);
    boolean[] out = new boolean[page.positionCount()];
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    switch (left.type().physicalType()) {
      case BOOLEAN -> {
        boolean[] a = ((BooleanBlock) leftBlock).values();
        boolean[] b = rightBlock == null ? null : ((BooleanBlock) rightBlock).values();
        boolean c = constant != null && constant.booleanValue();
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          out[p] = operator.test(Boolean.compare(a[p], b == null ? c : b[p]));
        }
      }
      case INT -> {
        int[] a = ((IntBlock) leftBlock).values();
        int[] b = rightBlock == null ? null : ((IntBlock) rightBlock).values();
        int c = constant == null ? 0 : (int) constant.longValue();
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          out[p] = operator.test(Integer.compare(a[p], b == null ? c : b[p]));
        }
      }
      case LONG -> {
        long[] a = ((LongBlock) leftBlock).values();
        long[] b = rightBlock == null ? null : ((LongBlock) rightBlock).values();
        long c = constant == null ? 0 : constant.longValue();
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          out[p] = operator.test(Long.compare(a[p], b == null ? c : b[p]));
        }
      }
      case FLOAT -> {
        float[] a = ((FloatBlock) leftBlock).values();
        float[] b = rightBlock == null ? null : ((FloatBlock) rightBlock).values();
        float c = constant == null ? 0 : (float) constant.doubleValue();
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          out[p] = operator.test(compareDoubles(a[p], b == null ? c : b[p]));
        }
      }
      case DOUBLE -> {
        double[] a = ((DoubleBlock) leftBlock).values();
        double[] b = rightBlock == null ? null : ((DoubleBlock) rightBlock).values();
        double c = constant == null ? 0 : constant.doubleValue();
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          out[p] = operator.test(compareDoubles(a[p], b == null ? c : b[p]));
        }
      }
      case VARCHAR -> strings(page, leftBlock, rightBlock, out);
    }
    if (operator.isDistinctness()) {
      distinctNulls(page, leftNulls, rightNulls, out);
    }
    return new BooleanBlock(page.positionCount(), out, nulls);
  }

  static int compareDoubles(double left, double right) {
    return left == right ? 0 : Double.compare(left, right);
  }

  private void distinctNulls(
      Page page, boolean @Nullable [] leftNulls, boolean @Nullable [] rightNulls, boolean[] out) {
    if (leftNulls == null && rightNulls == null) {
      return;
    }
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    boolean distinct = operator == Operator.IS_DISTINCT_FROM;
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      boolean leftNull = leftNulls != null && leftNulls[p];
      boolean rightNull = rightNulls != null && rightNulls[p];
      if (leftNull || rightNull) {
        out[p] = (leftNull != rightNull) == distinct;
      }
    }
  }

  private void strings(Page page, Block leftBlock, @Nullable Block rightBlock, boolean[] out) {
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    if (rightBlock == null && leftBlock instanceof DictionaryBlock dictionaryBlock) {
      boolean[] answers = dictionaryAnswers(dictionaryBlock.dictionary(), page.rowCount());
      if (answers != null) {
        int[] ids = dictionaryBlock.ids();
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          out[p] = answers[ids[p]];
        }
        return;
      }
    }
    VarcharBlock a = Rows.stringValues(leftBlock);
    int[] aIds = Rows.stringIds(leftBlock);
    byte[] aBytes = a.bytes();
    int[] aOffsets = a.offsets();
    if (rightBlock == null) {
      byte[] c = requireNonNull(constant).bytesValue();
      for (int i = 0; i < count; i++) {
        int p = positions[i];
        int x = aIds == null ? p : aIds[p];
        out[p] =
            operator.test(
                Arrays.compareUnsigned(aBytes, aOffsets[x], aOffsets[x + 1], c, 0, c.length));
      }
      return;
    }
    VarcharBlock b = Rows.stringValues(rightBlock);
    int[] bIds = Rows.stringIds(rightBlock);
    byte[] bBytes = b.bytes();
    int[] bOffsets = b.offsets();
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      int x = aIds == null ? p : aIds[p];
      int y = bIds == null ? p : bIds[p];
      out[p] =
          operator.test(
              Arrays.compareUnsigned(
                  aBytes, aOffsets[x], aOffsets[x + 1], bBytes, bOffsets[y], bOffsets[y + 1]));
    }
  }

  /**
   * The answer for every dictionary entry, or null when the dictionary is much larger than the page
   * and comparing row by row is cheaper.
   */
  private boolean @Nullable [] dictionaryAnswers(VarcharBlock dictionary, int rowCount) {
    DictionaryAnswers cached = dictionaryAnswers;
    if (cached != null && cached.dictionary() == dictionary) {
      return cached.answers();
    }
    if (dictionary.positionCount() > 4 * Math.max(rowCount, 256)) {
      return null;
    }
    byte[] c = requireNonNull(constant).bytesValue();
    boolean[] answers = new boolean[dictionary.positionCount()];
    for (int id = 0; id < answers.length; id++) {
      answers[id] =
          operator.test(
              Arrays.compareUnsigned(
                  dictionary.bytes(),
                  dictionary.offset(id),
                  dictionary.offset(id + 1),
                  c,
                  0,
                  c.length));
    }
    dictionaryAnswers = new DictionaryAnswers(dictionary, answers);
    return answers;
  }
}
