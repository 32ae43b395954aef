package io.aurora.sql.operator.aggregation;

import io.aurora.sql.operator.MemoryContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.Arrays;
import java.util.List;

/**
 * COUNT(*) (with no input channel: every row counts) and COUNT(x) (non-null values of x). State and
 * intermediate layout: one BIGINT count, never null.
 */
final class CountAccumulator extends Accumulator {
  private final int inputChannel;
  private final ValueVectors vectors = new ValueVectors();
  private long[] counts = new long[0];

  /** {@code inputChannel} is -1 for COUNT(*). */
  CountAccumulator(int inputChannel, MemoryContext memory) {
    super(memory);
    this.inputChannel = inputChannel;
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
    boolean[] nulls = inputChannel < 0 ? null : vectors.nulls(page, inputChannel);
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
    boolean[] nulls = inputChannel < 0 ? null : vectors.nulls(page, inputChannel);
    long count = rows;
    if (nulls != null) {
      count = 0;
      for (int row = 0; row < rows; row++) {
        count += nulls[row] ? 0 : 1;
      }
    }
    counts[0] += count;
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
