package io.aurora.sql.operator;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.List;

/**
 * Builds output pages row by row from values of other blocks: operators that rearrange rows (joins,
 * sorts, aggregations emitting groups) append positions and take a page when {@link #isFull()}. Not
 * thread-safe; reset after every {@link #build()}.
 */
public final class PageBuilder {
  /** Rows per output page: large enough to amortize per-page costs, small enough for caches. */
  public static final int DEFAULT_PAGE_ROWS = 8192;

  private final List<DataType> types;
  private final int maxRows;
  private BlockBuilder[] builders;
  private int rowCount;

  public PageBuilder(List<DataType> types) {
    this(types, DEFAULT_PAGE_ROWS);
  }

  public PageBuilder(List<DataType> types, int maxRows) {
    this.types = List.copyOf(requireNonNull(types, "types is null"));
    this.maxRows = maxRows;
    this.builders = newBuilders();
  }

  private BlockBuilder[] newBuilders() {
    BlockBuilder[] created = new BlockBuilder[types.size()];
    for (int i = 0; i < created.length; i++) {
      created[i] = BlockBuilder.forType(types.get(i), maxRows);
    }
    return created;
  }

  /** The builder of one channel; append exactly one value to every channel per row. */
  public BlockBuilder channel(int channel) {
    return builders[channel];
  }

  /** Declares that one value was appended to every channel. */
  public void declareRow() {
    rowCount++;
  }

  public int rowCount() {
    return rowCount;
  }

  public boolean isEmpty() {
    return rowCount == 0;
  }

  public boolean isFull() {
    return rowCount >= maxRows;
  }

  /** The page of the rows appended so far; the builder starts empty again. */
  public Page build() {
    Block[] blocks = new Block[builders.length];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = builders[i].build();
    }
    Page page = new Page(rowCount, blocks);
    builders = newBuilders();
    rowCount = 0;
    return page;
  }
}
