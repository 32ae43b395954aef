package io.aurora.sql.expression;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;

/**
 * A compiled scalar expression, evaluated a page at a time.
 *
 * <p>{@link #evaluate(Page)} returns a block with {@code page.positionCount()} positions; only the
 * page's rows (its selected positions, or all positions without a selection) hold meaningful
 * values, the others are unspecified. An input reference returns the input block itself, without
 * copying. Errors in the data (division by zero, overflow, a bad cast) throw {@code
 * AuroraException} with the matching SQLSTATE, and are only raised for rows of the page.
 *
 * <p>Expressions are immutable and may be evaluated by several threads at once.
 */
public interface Expression {
  /** The type of the values this expression produces. */
  DataType type();

  Block evaluate(Page page);
}
