package io.aurora.storage.shard;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import java.util.List;

/**
 * Checks a page against a table's columns before any of it is stored: the channel count, each
 * block's physical type, NOT NULL columns and the time column (which must not be null, since it
 * decides the partition). A page that fails is rejected whole.
 *
 * <p>{@link Shard#append} runs these checks itself. They are public for writers that hold rows
 * before a shard sees them (a session's transaction block), so that a bad row fails the statement
 * that wrote it rather than the later commit.
 */
public final class PageValidator {
  private PageValidator() {}

  /**
   * Fails with DATATYPE_MISMATCH or NOT_NULL_VIOLATION unless {@code page} holds rows of {@code
   * columns}, in order; {@code timeColumn} is the index of the time column, or -1 for none.
   */
  public static void validate(Page page, List<ColumnSchema> columns, int timeColumn) {
    if (page.channelCount() != columns.size()) {
      throw new AuroraException(
          ErrorCode.DATATYPE_MISMATCH,
          "Batch has " + page.channelCount() + " columns but the table has " + columns.size());
    }
    for (int channel = 0; channel < columns.size(); channel++) {
      ColumnSchema column = columns.get(channel);
      Block block = page.block(channel);
      if (!matches(column, block)) {
        throw new AuroraException(
            ErrorCode.DATATYPE_MISMATCH,
            "Column["
                + column.name()
                + "] is "
                + column.type()
                + " but the batch holds "
                + block.getClass().getSimpleName());
      }
      if ((!column.nullable() || channel == timeColumn) && hasSelectedNull(page, block)) {
        throw new AuroraException(
            ErrorCode.NOT_NULL_VIOLATION,
            channel == timeColumn
                ? "Time column[" + column.name() + "] must not be null"
                : "Column[" + column.name() + "] is NOT NULL but the batch holds a null");
      }
    }
  }

  private static boolean matches(ColumnSchema column, Block block) {
    return switch (column.type().physicalType()) {
      case BOOLEAN -> block instanceof BooleanBlock;
      case INT -> block instanceof IntBlock;
      case LONG -> block instanceof LongBlock;
      case FLOAT -> block instanceof FloatBlock;
      case DOUBLE -> block instanceof DoubleBlock;
      case VARCHAR -> block instanceof VarcharBlock || block instanceof DictionaryBlock;
    };
  }

  private static boolean hasSelectedNull(Page page, Block block) {
    boolean[] nulls = block.nulls();
    if (nulls == null) {
      return false;
    }
    for (int row = 0; row < page.rowCount(); row++) {
      if (nulls[page.position(row)]) {
        return true;
      }
    }
    return false;
  }
}
