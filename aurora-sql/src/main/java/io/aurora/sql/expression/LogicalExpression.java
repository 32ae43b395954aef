package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.List;

/**
 * {@code AND} and {@code OR} over any number of operands, with SQL's three-valued logic: {@code
 * false AND null} is false, {@code true AND null} is null, {@code true OR null} is true.
 *
 * <p>Each operand is evaluated only on the rows whose result is still open (not yet false for AND,
 * not yet true for OR), by evaluating it on the page restricted to those rows. That saves work and
 * means {@code x <> 0 AND 10 / x > 1} never divides by zero, as a reader of the SQL would expect.
 */
final class LogicalExpression implements Expression {
  private final boolean isAnd;
  private final List<Expression> operands;

  LogicalExpression(boolean isAnd, List<Expression> operands) {
    this.isAnd = isAnd;
    this.operands = List.copyOf(requireNonNull(operands, "operands is null"));
  }

  @Override
  public DataType type() {
    return DataType.BOOLEAN;
  }

  @Override
  public Block evaluate(Page page) {
    int positionCount = page.positionCount();
    boolean[] out = new boolean[positionCount];
    boolean[] nulls = null;
    int[] open = Rows.copyRows(page);
    int openCount = open.length;
    for (int i = 0; i < openCount; i++) {
      out[open[i]] = isAnd;
    }
    Page current = page;
    for (Expression operand : operands) {
      if (openCount == 0) {
        break;
      }
      BooleanBlock block = (BooleanBlock) operand.evaluate(current);
      boolean[] values = block.values();
      boolean[] operandNulls = block.nulls();
      int[] next = new int[openCount];
      int nextCount = 0;
      for (int i = 0; i < openCount; i++) {
        int p = open[i];
        if (operandNulls != null && operandNulls[p]) {
          if (nulls == null) {
            nulls = new boolean[positionCount];
          }
          nulls[p] = true;
          next[nextCount++] = p;
        } else if (values[p] != isAnd) {
          out[p] = !isAnd;
          if (nulls != null) {
            nulls[p] = false;
          }
        } else {
          next[nextCount++] = p;
        }
      }
      open = next;
      openCount = nextCount;
      current = page.withSelection(open, openCount);
    }
    return new BooleanBlock(positionCount, out, nulls);
  }
}
