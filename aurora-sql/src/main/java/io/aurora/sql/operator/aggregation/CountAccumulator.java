package io.aurora.sql.operator.aggregation;

import io.aurora.sql.operator.MemoryContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * COUNT(*) (with no input channel: every row counts), COUNT(x) (non-null values of x) and COUNT(a,
 * b, ...) (rows where no argument is null). State and intermediate layout: one BIGINT count, never
 * null.
 */
final class CountAccumulator extends Accumulator {
  private final int[] inputChannels;
  private final ValueVectors vectors = new ValueVectors();
  private boolean[] anyNull = new boolean[0];
  private long[] counts = new long[0];

  /** {@code inputChannels} is empty for COUNT(*). */
  CountAccumulator(int[] inputChannels, MemoryContext memory) {
    super(memory);
    this.inputChannels = inputChannels.clone();
  }

  @Override
  public List<DataType> intermediateTypes() {
    return List.of(DataType.BIGINT);
  }

  @Override
  public void ensureCapacity(int groupCount) {
    if (groupCount > counts.length) {
      int capacity = grownCapacity(counts.length, groupCount);
      reserve((capacity - counts.length) * 8L);
      counts = Arrays.copyOf(counts, capacity);
    }
  }

  @Override
  public void addInput(int[] groupIds, Page page) {
    int rows = page.rowCount();
    long[] counts = this.counts;
    boolean[] nulls = nulls(page);
    if (nulls == null) {
      for (int row = 0; row < rows; row++) {
        counts[groupIds[row]]++;
      }
    } else {
      for (int row = 0; row < rows; row++) {
        if (!nulls[row]) {
          counts[groupIds[row]]++;
        }
      }
    }
  }

  @Override
  public void addGlobalInput(int[] zeros, Page page) {
    int rows = page.rowCount();
    boolean[] nulls = nulls(page);
    long count = rows;
    if (nulls != null) {
      count = 0;
      for (int row = 0; row < rows; row++) {
        count += nulls[row] ? 0 : 1;
      }
    }
    counts[0] += count;
  }

  /** Which rows have a null argument, or null when none has; the array is reused. */
  private boolean @Nullable [] nulls(Page page) {
    if (inputChannels.length == 0) {
      return null;
    }
    boolean[] first = vectors.nulls(page, inputChannels[0]);
    if (inputChannels.length == 1) {
      return first;
    }
    int rows = page.rowCount();
    if (anyNull.length < rows) {
      anyNull = new boolean[rows];
    }
    if (first == null) {
      Arrays.fill(anyNull, 0, rows, false);
    } else {
      System.arraycopy(first, 0, anyNull, 0, rows);
    }
    boolean isAnyNull = first != null;
    for (int i = 1; i < inputChannels.length; i++) {
      boolean[] nulls = vectors.nulls(page, inputChannels[i]);
      if (nulls != null) {
        isAnyNull = true;
        for (int row = 0; row < rows; row++) {
          anyNull[row] |= nulls[row];
        }
      }
    }
    return isAnyNull ? anyNull : null;
  }

  @Override
  public void addIntermediate(int[] groupIds, Page page, int firstChannel) {
    int rows = page.rowCount();
    long[] partial = vectors.longs(page, firstChannel);
    for (int row = 0; row < rows; row++) {
      counts[groupIds[row]] += partial[row];
    }
  }

  @Override
  public void buildIntermediate(int from, int to, Block[] out, int offset) {
    out[offset] = buildFinal(from, to);
  }

  @Override
  public Block buildFinal(int from, int to) {
    return new LongBlock(to - from, Arrays.copyOfRange(counts, from, to), null);
  }
}
