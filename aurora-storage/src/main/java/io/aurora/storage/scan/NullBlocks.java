package io.aurora.storage.scan;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import java.util.Arrays;

/**
 * Blocks in which every position is null: what a segment written before a column was added reads
 * for that column, so that adding a column never rewrites data.
 */
final class NullBlocks {
  private NullBlocks() {}

  static Block create(DataType type, int positions) {
    boolean[] nulls = new boolean[positions];
    Arrays.fill(nulls, true);
    boolean[] mask = positions == 0 ? null : nulls;
    return switch (type.physicalType()) {
      case BOOLEAN -> new BooleanBlock(positions, new boolean[positions], mask);
      case INT -> new IntBlock(positions, new int[positions], mask);
      case LONG -> new LongBlock(positions, new long[positions], mask);
      case FLOAT -> new FloatBlock(positions, new float[positions], mask);
      case DOUBLE -> new DoubleBlock(positions, new double[positions], mask);
      case VARCHAR -> new VarcharBlock(positions, new byte[0], new int[positions + 1], mask);
    };
  }
}
