package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.BlockValues;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.List;

/**
 * {@code GREATEST} and {@code LEAST}, which skip nulls as in PostgreSQL: the result is null only
 * when every argument is. Values compare as {@link BlockValues} orders them.
 */
final class GreatestExpression implements Expression {
  private final List<Expression> arguments;
  private final boolean isGreatest;
  private final DataType type;

  GreatestExpression(List<Expression> arguments, boolean isGreatest, DataType type) {
    this.arguments = List.copyOf(arguments);
    this.isGreatest = isGreatest;
    this.type = requireNonNull(type, "type is null");
    if (arguments.isEmpty() || arguments.size() > 127) {
      throw new IllegalArgumentException("between 1 and 127 arguments are supported");
    }
  }

  @Override
  public DataType type() {
    return type;
  }

  @Override
  public Block evaluate(Page page) {
    Block[] blocks = new Block[arguments.size()];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = arguments.get(i).evaluate(page);
    }
    byte[] chosen = new byte[page.positionCount()];
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      int best = 0;
      for (int b = 1; b < blocks.length; b++) {
        if (blocks[b].isNull(p)) {
          continue;
        }
        if (blocks[best].isNull(p)) {
          best = b;
          continue;
        }
        int comparison = BlockValues.compareNonNull(blocks[b], p, blocks[best], p);
        if (isGreatest ? comparison > 0 : comparison < 0) {
          best = b;
        }
      }
      chosen[p] = (byte) best;
    }
    return CaseExpression.merge(page, type, blocks, chosen);
  }
}
