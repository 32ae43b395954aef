package io.aurora.sql.operator.aggregation;

import io.aurora.sql.operator.MemoryContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.Arrays;
import java.util.List;

/**
 * AVG of any numeric input as a DOUBLE: the sum of the values as doubles (a decimal's unscaled
 * value divided by {@code 10^scale}) over their count; NULL for a group without non-null input.
 * Intermediate layout: (DOUBLE sum, BIGINT count), neither ever null.
 */
final class AverageAccumulator extends Accumulator {
  private final int inputChannel;
  private final double divisor;
  private final ValueVectors vectors = new ValueVectors();
  private double[] sums = new double[0];
  private long[] counts = new long[0];

  AverageAccumulator(int inputChannel, DataType inputType, MemoryContext memory) {
    super(memory);
    this.inputChannel = inputChannel;
    this.divisor = Math.pow(10, inputType.scale());
  }

  @Override
  public List<DataType> intermediateTypes() {
    return List.of(DataType.DOUBLE, DataType.BIGINT);
  }

  @Override
  public void ensureCapacity(int groupCount) {
    if (groupCount > sums.length) {
      int capacity = grownCapacity(sums.length, groupCount);
      reserve((capacity - sums.length) * 16L);
      sums = Arrays.copyOf(sums, capacity);
      counts = Arrays.copyOf(counts, capacity);
    }
  }

  @Override
  public void addInput(int[] groupIds, Page page) {
    int rows = page.rowCount();
    double[] values = vectors.doubles(page, inputChannel, divisor);
    boolean[] nulls = vectors.nulls(page, inputChannel);
    double[] sums = this.sums;
    long[] counts = this.counts;
    if (nulls == null) {
      for (int row = 0; row < rows; row++) {
        int group = groupIds[row];
        sums[group] += values[row];
        counts[group]++;
      }
    } else {
      for (int row = 0; row < rows; row++) {
        if (!nulls[row]) {
          int group = groupIds[row];
          sums[group] += values[row];
          counts[group]++;
        }
      }
    }
  }

  @Override
  public void addIntermediate(int[] groupIds, Page page, int firstChannel) {
    int rows = page.rowCount();
    double[] partialSums = vectors.doubles(page, firstChannel, 1);
    double[] sums = this.sums;
    for (int row = 0; row < rows; row++) {
      sums[groupIds[row]] += partialSums[row];
    }
    long[] partialCounts = vectors.longs(page, firstChannel + 1);
    long[] counts = this.counts;
    for (int row = 0; row < rows; row++) {
      counts[groupIds[row]] += partialCounts[row];
    }
  }

  @Override
  public void buildIntermediate(int from, int to, Block[] out, int offset) {
    out[offset] = new DoubleBlock(to - from, Arrays.copyOfRange(sums, from, to), null);
    out[offset + 1] = new LongBlock(to - from, Arrays.copyOfRange(counts, from, to), null);
  }

  @Override
  public Block buildFinal(int from, int to) {
    int count = to - from;
    double[] averages = new double[count];
    boolean[] nulls = null;
    for (int i = 0; i < count; i++) {
      long groupCount = counts[from + i];
      if (groupCount == 0) {
        if (nulls == null) {
          nulls = new boolean[count];
        }
        nulls[i] = true;
      } else {
        averages[i] = sums[from + i] / groupCount;
      }
    }
    return new DoubleBlock(count, averages, nulls);
  }
}
