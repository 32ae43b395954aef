package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;

/** A column of the input page; evaluates to the input block itself, without copying. */
record InputReference(int channel, DataType type) implements Expression {
  InputReference {
    requireNonNull(type, "type is null");
  }

  @Override
  public Block evaluate(Page page) {
    return page.block(channel);
  }
}
