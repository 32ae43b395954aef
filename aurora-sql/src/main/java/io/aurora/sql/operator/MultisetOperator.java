package io.aurora.sql.operator;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * INTERSECT ALL and EXCEPT ALL over two or more inputs of the same row type, with PostgreSQL's
 * multiset semantics: a row that appears {@code m} times in the first input and {@code n} times in
 * the second appears {@code min(m, n)} times in the INTERSECT ALL and {@code max(m - n, 0)} times
 * in the EXCEPT ALL; more inputs apply left to right. Rows compare as in GROUP BY, so {@code NULL}
 * equals {@code NULL}.
 *
 * <p>The inputs arrive one after another through {@link #addInput}; {@link #endInput()} closes each
 * input but the last, and {@link #finish()} closes the last. Each row goes through one {@link
 * GroupByHash} over all columns, and a per-row-value count is kept in primitive arrays indexed by
 * group id: the copies still owed ({@code remaining}) and, for INTERSECT ALL, the copies seen in
 * the input being read ({@code seen}). So a row costs a hash probe and an array increment, and no
 * objects. After the last input the distinct rows come out in order of first appearance, each
 * repeated by its count, in pages of up to {@link PageBuilder#DEFAULT_PAGE_ROWS} rows.
 *
 * <p>Rows of later inputs that the first input does not have still get a group (the hash has no
 * probe-only lookup), with a count of zero. Once no row is owed any more (an empty first input, or
 * an INTERSECT ALL input that matched nothing) {@link #needsInput()} turns false, so that the
 * driver can skip the rest of the inputs.
 *
 * <pre>{@code
 * MultisetOperator operator = new MultisetOperator(context, Kind.EXCEPT_ALL, types);
 * operator.addInput(firstInputPage); ...
 * operator.endInput();
 * operator.addInput(secondInputPage); ...
 * operator.finish();
 * Page page = operator.getOutput(); ...
 * }</pre>
 *
 * <p>Memory for the hash and the count arrays is reserved from the query's {@link MemoryContext} as
 * they grow and freed by {@link #close()}.
 */
public final class MultisetOperator implements Operator {
  /** Which multiset operation the operator computes. */
  public enum Kind {
    INTERSECT_ALL,
    EXCEPT_ALL
  }

  private final OperatorContext context;
  private final Kind kind;
  private final GroupByHash hash;
  private long[] remaining = new long[0];
  private long[] seen = new long[0];
  private long reservedBytes;
  private int input;
  private boolean hasOwedRows;
  private boolean isFinishing;
  private int outputGroup;
  private long outputCopiesDone;
  private int[] positions = new int[0];

  public MultisetOperator(OperatorContext context, Kind kind, List<DataType> types) {
    this.context = requireNonNull(context, "context is null");
    this.kind = requireNonNull(kind, "kind is null");
    requireNonNull(types, "types is null");
    int[] channels = new int[types.size()];
    Arrays.setAll(channels, channel -> channel);
    this.hash = GroupByHash.create(types, channels, context.memory());
  }

  @Override
  public boolean needsInput() {
    return !isFinishing && (input == 0 || hasOwedRows);
  }

  @Override
  public void addInput(Page page) {
    context.checkCancelled();
    int rows = page.rowCount();
    if (rows == 0) {
      return;
    }
    int[] groupIds = hash.groupIds(page);
    ensureCapacity(hash.groupCount());
    if (input == 0) {
      for (int row = 0; row < rows; row++) {
        remaining[groupIds[row]]++;
      }
      hasOwedRows = true;
    } else if (kind == Kind.EXCEPT_ALL) {
      for (int row = 0; row < rows; row++) {
        remaining[groupIds[row]]--;
      }
    } else {
      for (int row = 0; row < rows; row++) {
        seen[groupIds[row]]++;
      }
    }
  }

  /** Closes the input being read; the next {@link #addInput} pages belong to the next input. */
  public void endInput() {
    if (isFinishing) {
      throw new IllegalStateException("the operator is finishing");
    }
    closeInput();
    input++;
  }

  @Override
  public void finish() {
    if (!isFinishing) {
      closeInput();
      isFinishing = true;
    }
  }

  private void closeInput() {
    if (input == 0) {
      return;
    }
    int groups = hash.groupCount();
    boolean isAnyOwed = false;
    if (kind == Kind.INTERSECT_ALL) {
      for (int group = 0; group < groups; group++) {
        remaining[group] = Math.min(remaining[group], seen[group]);
        seen[group] = 0;
        isAnyOwed |= remaining[group] > 0;
      }
    } else {
      for (int group = 0; group < groups && !isAnyOwed; group++) {
        isAnyOwed = remaining[group] > 0;
      }
    }
    hasOwedRows &= isAnyOwed;
  }

  @Override
  public @Nullable Page getOutput() {
    if (!isFinishing || outputGroup >= hash.groupCount()) {
      return null;
    }
    context.checkCancelled();
    int groups = hash.groupCount();
    while (outputGroup < groups && remaining[outputGroup] <= 0) {
      outputGroup++;
    }
    int firstGroup = outputGroup;
    int count = 0;
    if (positions.length == 0) {
      positions = new int[PageBuilder.DEFAULT_PAGE_ROWS];
    }
    while (outputGroup < groups && count < positions.length) {
      long copies = remaining[outputGroup] - outputCopiesDone;
      int take = (int) Math.min(Math.max(copies, 0), positions.length - count);
      Arrays.fill(positions, count, count + take, outputGroup - firstGroup);
      count += take;
      outputCopiesDone += take;
      if (take == Math.max(copies, 0)) {
        outputGroup++;
        outputCopiesDone = 0;
      }
    }
    if (count == 0) {
      return null;
    }
    int lastGroup = outputCopiesDone > 0 ? outputGroup + 1 : outputGroup;
    Block[] keys = hash.keyBlocks(firstGroup, lastGroup);
    Block[] blocks = new Block[keys.length];
    for (int channel = 0; channel < keys.length; channel++) {
      blocks[channel] = keys[channel].copyPositions(positions, 0, count);
    }
    return new Page(count, blocks);
  }

  @Override
  public boolean isFinished() {
    return isFinishing && outputGroup >= hash.groupCount();
  }

  private void ensureCapacity(int groups) {
    if (groups <= remaining.length) {
      return;
    }
    int capacity = Math.max(groups, Math.max(1024, remaining.length * 2));
    int arrays = kind == Kind.INTERSECT_ALL ? 2 : 1;
    long bytes = (long) (capacity - remaining.length) * Long.BYTES * arrays;
    context.memory().reserve(bytes);
    reservedBytes += bytes;
    remaining = Arrays.copyOf(remaining, capacity);
    if (kind == Kind.INTERSECT_ALL) {
      seen = Arrays.copyOf(seen, capacity);
    }
  }

  @Override
  public void close() {
    hash.close();
    context.memory().free(reservedBytes);
    reservedBytes = 0;
  }
}
