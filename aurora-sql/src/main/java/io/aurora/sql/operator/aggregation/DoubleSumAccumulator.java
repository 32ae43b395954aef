package io.aurora.sql.operator.aggregation;

import io.aurora.sql.operator.MemoryContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.Arrays;
import java.util.List;

/**
 * SUM of REAL and DOUBLE values, a DOUBLE result (IEEE arithmetic: no overflow error, as in
 * PostgreSQL's float8 sum). Intermediate layout: one DOUBLE, null for a group without non-null
 * input.
 */
final class DoubleSumAccumulator extends Accumulator {
  private final int inputChannel;
  private final ValueVectors vectors = new ValueVectors();
  private double[] sums = new double[0];
  private boolean[] hasValue = new boolean[0];

  DoubleSumAccumulator(int inputChannel, MemoryContext memory) {
    super(memory);
    this.inputChannel = inputChannel;
  }

  @Override
  public List<DataType> intermediateTypes() {
    return List.of(DataType.DOUBLE);
  }

  @Override
  public void ensureCapacity(int groupCount) {
    if (groupCount > sums.length) {
      int capacity = grownCapacity(sums.length, groupCount);
      reserve((capacity - sums.length) * 9L);
      sums = Arrays.copyOf(sums, capacity);
      hasValue = Arrays.copyOf(hasValue, capacity);
    }
  }

  @Override
  public void addInput(int[] groupIds, Page page) {
    add(groupIds, page, inputChannel);
  }

  @Override
  public void addIntermediate(int[] groupIds, Page page, int firstChannel) {
    add(groupIds, page, firstChannel);
  }

  private void add(int[] groupIds, Page page, int channel) {
    int rows = page.rowCount();
    double[] values = vectors.doubles(page, channel, 1);
    boolean[] nulls = vectors.nulls(page, channel);
    double[] sums = this.sums;
    boolean[] hasValue = this.hasValue;
    if (nulls == null) {
      for (int row = 0; row < rows; row++) {
        int group = groupIds[row];
        sums[group] += values[row];
        hasValue[group] = true;
      }
    } else {
      for (int row = 0; row < rows; row++) {
        if (!nulls[row]) {
          int group = groupIds[row];
          sums[group] += values[row];
          hasValue[group] = true;
        }
      }
    }
  }

  @Override
  public void buildIntermediate(int from, int to, Block[] out, int offset) {
    out[offset] = buildFinal(from, to);
  }

  @Override
  public Block buildFinal(int from, int to) {
    return new DoubleBlock(
        to - from, Arrays.copyOfRange(sums, from, to), nullsWhereMissing(hasValue, from, to));
  }
}
