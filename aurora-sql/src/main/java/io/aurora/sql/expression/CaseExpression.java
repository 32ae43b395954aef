package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.List;

/**
 * {@code CASE WHEN c1 THEN v1 ... ELSE e END} and {@code COALESCE(v1, v2, ...)}.
 *
 * <p>Every condition and branch is evaluated only on the rows that reach it, on the page restricted
 * to those rows by a selection, so {@code CASE WHEN x <> 0 THEN 10 / x END} never divides by zero
 * and {@code COALESCE(a, 1 / b)} only divides where {@code a} is null. The results of the branches
 * are then merged position by position.
 */
final class CaseExpression implements Expression {
  private final List<Expression> conditions;
  private final List<Expression> values;
  private final Expression otherwise;
  private final boolean isCoalesce;
  private final DataType type;

  private CaseExpression(
      List<Expression> conditions,
      List<Expression> values,
      Expression otherwise,
      boolean isCoalesce,
      DataType type) {
    this.conditions = List.copyOf(conditions);
    this.values = List.copyOf(values);
    this.otherwise = requireNonNull(otherwise, "otherwise is null");
    this.isCoalesce = isCoalesce;
    this.type = requireNonNull(type, "type is null");
  }

  /** A searched CASE; {@code otherwise} is the ELSE value (a null constant when there is none). */
  static CaseExpression searched(
      List<Expression> conditions, List<Expression> values, Expression otherwise, DataType type) {
    if (conditions.size() != values.size()) {
      throw new IllegalArgumentException("each condition needs one value");
    }
    return new CaseExpression(conditions, values, otherwise, false, type);
  }

  /** COALESCE: the first non-null of the operands. */
  static CaseExpression coalesce(List<Expression> operands, DataType type) {
    return new CaseExpression(
        List.of(),
        operands.subList(0, operands.size() - 1),
        operands.get(operands.size() - 1),
        true,
        type);
  }

  @Override
  public DataType type() {
    return type;
  }

  @Override
  public Block evaluate(Page page) {
    int positionCount = page.positionCount();
    int branchCount = values.size() + 1;
    Block[] results = new Block[branchCount];
    byte[] branchOf = new byte[positionCount];
    int[] open = Rows.copyRows(page);
    int openCount = open.length;
    for (int branch = 0; branch < values.size(); branch++) {
      if (openCount == 0) {
        break;
      }
      Page current = page.withSelection(open, openCount);
      int[] taken = new int[openCount];
      int takenCount = 0;
      int[] rest = new int[openCount];
      int restCount = 0;
      if (isCoalesce) {
        Block block = values.get(branch).evaluate(current);
        results[branch] = block;
        boolean[] nulls = block.nulls();
        for (int i = 0; i < openCount; i++) {
          int p = open[i];
          if (nulls != null && nulls[p]) {
            rest[restCount++] = p;
          } else {
            branchOf[p] = (byte) branch;
          }
        }
      } else {
        BooleanBlock condition = (BooleanBlock) conditions.get(branch).evaluate(current);
        boolean[] conditionValues = condition.values();
        boolean[] nulls = condition.nulls();
        for (int i = 0; i < openCount; i++) {
          int p = open[i];
          if (conditionValues[p] && (nulls == null || !nulls[p])) {
            taken[takenCount++] = p;
            branchOf[p] = (byte) branch;
          } else {
            rest[restCount++] = p;
          }
        }
        if (takenCount > 0) {
          results[branch] = values.get(branch).evaluate(page.withSelection(taken, takenCount));
        }
      }
      open = rest;
      openCount = restCount;
    }
    if (openCount > 0) {
      results[branchCount - 1] = otherwise.evaluate(page.withSelection(open, openCount));
      for (int i = 0; i < openCount; i++) {
        branchOf[open[i]] = (byte) (branchCount - 1);
      }
    }
    return merge(page, type, results, branchOf);
  }

  /**
   * A block whose value at each row is the value of {@code results[branchOf[position]]} at that
   * position.
   */
  static Block merge(Page page, DataType type, Block[] results, byte[] branchOf) {
    int positionCount = page.positionCount();
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    boolean[] nulls = null;
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      if (results[branchOf[p]].isNull(p)) {
        if (nulls == null) {
          nulls = new boolean[positionCount];
        }
        nulls[p] = true;
      }
    }
    switch (type.physicalType()) {
      case BOOLEAN -> {
        boolean[] out = new boolean[positionCount];
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          out[p] = ((BooleanBlock) results[branchOf[p]]).value(p);
        }
        return new BooleanBlock(positionCount, out, nulls);
      }
      case INT -> {
        int[] out = new int[positionCount];
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          out[p] = ((IntBlock) results[branchOf[p]]).value(p);
        }
        return new IntBlock(positionCount, out, nulls);
      }
      case LONG -> {
        long[] out = new long[positionCount];
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          out[p] = ((LongBlock) results[branchOf[p]]).value(p);
        }
        return new LongBlock(positionCount, out, nulls);
      }
      case FLOAT -> {
        float[] out = new float[positionCount];
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          out[p] = ((FloatBlock) results[branchOf[p]]).value(p);
        }
        return new FloatBlock(positionCount, out, nulls);
      }
      case DOUBLE -> {
        double[] out = new double[positionCount];
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          out[p] = ((DoubleBlock) results[branchOf[p]]).value(p);
        }
        return new DoubleBlock(positionCount, out, nulls);
      }
      case VARCHAR -> {
        VarcharOutput out = new VarcharOutput(positionCount, count * 8);
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          Block block = results[branchOf[p]];
          if (block.isNull(p)) {
            out.appendNull(p);
          } else {
            int[] ids = Rows.stringIds(block);
            var strings = Rows.stringValues(block);
            int index = ids == null ? p : ids[p];
            out.append(p, strings.bytes(), strings.offset(index), strings.length(index));
          }
        }
        return out.build();
      }
    }
    throw new AssertionError(type);
  }
}
