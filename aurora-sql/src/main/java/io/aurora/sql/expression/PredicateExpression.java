package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;

/**
 * The never-null tests on a value: {@code IS [NOT] NULL}, {@code IS [NOT] TRUE}, {@code IS [NOT]
 * FALSE}, and {@code NOT}, which is null for a null input.
 */
final class PredicateExpression implements Expression {
  enum Test {
    IS_NULL,
    IS_NOT_NULL,
    IS_TRUE,
    IS_NOT_TRUE,
    IS_FALSE,
    IS_NOT_FALSE,
    NOT
  }

  private final Test test;
  private final Expression operand;

  PredicateExpression(Test test, Expression operand) {
    this.test = requireNonNull(test, "test is null");
    this.operand = requireNonNull(operand, "operand is null");
  }

  @Override
  public DataType type() {
    return DataType.BOOLEAN;
  }

  @Override
  public Block evaluate(Page page) {
    Block block = operand.evaluate(page);
    boolean[] nulls = block.nulls();
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    boolean[] out = new boolean[page.positionCount()];
    if (test == Test.IS_NULL || test == Test.IS_NOT_NULL) {
      boolean whenNull = test == Test.IS_NULL;
      for (int i = 0; i < count; i++) {
        int p = positions[i];
        out[p] = (nulls != null && nulls[p]) == whenNull;
      }
      return new BooleanBlock(page.positionCount(), out, null);
    }
    boolean[] values = ((BooleanBlock) block).values();
    if (test == Test.NOT) {
      for (int i = 0; i < count; i++) {
        int p = positions[i];
        out[p] = !values[p];
      }
      return new BooleanBlock(page.positionCount(), out, nulls);
    }
    boolean expected = test == Test.IS_TRUE || test == Test.IS_NOT_TRUE;
    boolean negate = test == Test.IS_NOT_TRUE || test == Test.IS_NOT_FALSE;
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      boolean matches = !(nulls != null && nulls[p]) && values[p] == expected;
      out[p] = matches != negate;
    }
    return new BooleanBlock(page.positionCount(), out, null);
  }
}
