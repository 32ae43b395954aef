package io.aurora.sql.operator.sort;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.Operator;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.operator.PageBuilder;
import io.aurora.sql.operator.SortKey;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * ORDER BY: buffers every input row, sorts once input ends, and emits all channels in order in
 * pages of {@link PageBuilder#DEFAULT_PAGE_ROWS} rows.
 *
 * <p>Input pages are kept as they are (selections honoured) in a {@link SortBuffer}, which sorts
 * packed row addresses rather than copying rows; see there for the algorithms and the memory
 * accounting. Exceeding the query's memory limit fails with OUT_OF_MEMORY (SQLSTATE 53200). The
 * order of rows with equal keys is unspecified but deterministic for the same input.
 *
 * <pre>
 *   addInput* --finish()--&gt; sort --getOutput()*--&gt; isFinished
 * </pre>
 */
public final class OrderByOperator implements Operator {
  private final OperatorContext context;
  private final List<SortKey> keys;
  private final SortBuffer buffer;
  private boolean isFinishing;
  private int nextRow;
  private boolean isClosed;

  /**
   * @param types the types of the input channels, which are also the output channels
   * @param keys the sort keys, most significant first
   */
  public OrderByOperator(OperatorContext context, List<DataType> types, List<SortKey> keys) {
    this.context = requireNonNull(context, "context is null");
    this.keys = List.copyOf(requireNonNull(keys, "keys is null"));
    this.buffer = new SortBuffer(types, context.memory());
    for (SortKey key : this.keys) {
      if (key.channel() >= types.size()) {
        throw new IllegalArgumentException(
            "Sort key channel[" + key.channel() + "] is out of range for " + types.size());
      }
    }
  }

  @Override
  public boolean needsInput() {
    return !isFinishing;
  }

  @Override
  public void addInput(Page page) {
    if (isFinishing) {
      throw new IllegalStateException("Operator is finishing");
    }
    context.checkCancelled();
    buffer.addPage(page);
  }

  @Override
  public void finish() {
    if (isFinishing) {
      return;
    }
    isFinishing = true;
    context.checkCancelled();
    buffer.sort(keys);
  }

  @Override
  public @Nullable Page getOutput() {
    if (!isFinishing || isFinished()) {
      return null;
    }
    context.checkCancelled();
    int to = Math.min(buffer.rowCount(), nextRow + PageBuilder.DEFAULT_PAGE_ROWS);
    Page page = buffer.buildPage(nextRow, to);
    nextRow = to;
    if (nextRow == buffer.rowCount()) {
      close();
    }
    return page;
  }

  @Override
  public boolean isFinished() {
    return isFinishing && (isClosed || nextRow >= buffer.rowCount());
  }

  @Override
  public void close() {
    if (!isClosed) {
      isClosed = true;
      buffer.close();
    }
  }
}
