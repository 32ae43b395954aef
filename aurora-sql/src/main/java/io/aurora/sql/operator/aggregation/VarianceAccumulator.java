package io.aurora.sql.operator.aggregation;

import io.aurora.sql.operator.AggregateSpec.AggregateKind;
import io.aurora.sql.operator.MemoryContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.Arrays;
import java.util.List;

/**
 * var_samp, var_pop, stddev_samp and stddev_pop of any numeric input as DOUBLE, by Welford's online
 * algorithm: each group keeps its count, mean and sum of squared differences from the mean ({@code
 * m2}), which stays accurate where {@code sum(x * x) - sum(x)^2 / n} cancels catastrophically
 * (large values with a small spread). Partial states merge by Chan et al.'s pairwise formula. The
 * sample forms are NULL for fewer than two values, the population forms for none, as in PostgreSQL.
 * Intermediate layout: (BIGINT count, DOUBLE mean, DOUBLE m2), never null.
 */
final class VarianceAccumulator extends Accumulator {
  private final int inputChannel;
  private final double divisor;
  private final AggregateKind kind;
  private final ValueVectors vectors = new ValueVectors();
  private final ValueVectors meanVectors = new ValueVectors();
  private long[] counts = new long[0];
  private double[] means = new double[0];
  private double[] squares = new double[0];

  VarianceAccumulator(
      int inputChannel, DataType inputType, AggregateKind kind, MemoryContext memory) {
    super(memory);
    switch (kind) {
      case VAR_SAMP, VAR_POP, STDDEV_SAMP, STDDEV_POP -> {}
      default -> throw new IllegalArgumentException("not a variance: " + kind);
    }
    this.inputChannel = inputChannel;
    this.divisor = Math.pow(10, inputType.scale());
    this.kind = kind;
  }

  @Override
  public List<DataType> intermediateTypes() {
    return List.of(DataType.BIGINT, DataType.DOUBLE, DataType.DOUBLE);
  }

  @Override
  public void ensureCapacity(int groupCount) {
    if (groupCount > counts.length) {
      int capacity = grownCapacity(counts.length, groupCount);
      reserve((capacity - counts.length) * 24L);
      counts = Arrays.copyOf(counts, capacity);
      means = Arrays.copyOf(means, capacity);
      squares = Arrays.copyOf(squares, capacity);
    }
  }

  @Override
  public void addInput(int[] groupIds, Page page) {
    int rows = page.rowCount();
    double[] values = vectors.doubles(page, inputChannel, divisor);
    boolean[] nulls = vectors.nulls(page, inputChannel);
    long[] counts = this.counts;
    double[] means = this.means;
    double[] squares = this.squares;
    for (int row = 0; row < rows; row++) {
      if (nulls == null || !nulls[row]) {
        int group = groupIds[row];
        double value = values[row];
        long count = counts[group] + 1;
        double delta = value - means[group];
        double mean = means[group] + delta / count;
        counts[group] = count;
        means[group] = mean;
        squares[group] += delta * (value - mean);
      }
    }
  }

  @Override
  public void addIntermediate(int[] groupIds, Page page, int firstChannel) {
    int rows = page.rowCount();
    long[] partialCounts = vectors.longs(page, firstChannel);
    double[] partialMeans = meanVectors.doubles(page, firstChannel + 1, 1);
    double[] partialSquares = vectors.doubles(page, firstChannel + 2, 1);
    for (int row = 0; row < rows; row++) {
      long partialCount = partialCounts[row];
      if (partialCount == 0) {
        continue;
      }
      int group = groupIds[row];
      long count = counts[group];
      long total = count + partialCount;
      double delta = partialMeans[row] - means[group];
      means[group] += delta * partialCount / total;
      squares[group] +=
          partialSquares[row] + delta * delta * ((double) count * partialCount / total);
      counts[group] = total;
    }
  }

  @Override
  public void buildIntermediate(int from, int to, Block[] out, int offset) {
    int count = to - from;
    out[offset] = new LongBlock(count, Arrays.copyOfRange(counts, from, to), null);
    out[offset + 1] = new DoubleBlock(count, Arrays.copyOfRange(means, from, to), null);
    out[offset + 2] = new DoubleBlock(count, Arrays.copyOfRange(squares, from, to), null);
  }

  @Override
  public Block buildFinal(int from, int to) {
    int count = to - from;
    boolean isSample = kind == AggregateKind.VAR_SAMP || kind == AggregateKind.STDDEV_SAMP;
    boolean isDeviation = kind == AggregateKind.STDDEV_SAMP || kind == AggregateKind.STDDEV_POP;
    double[] results = new double[count];
    boolean[] nulls = null;
    for (int i = 0; i < count; i++) {
      long groupCount = counts[from + i];
      if (groupCount < (isSample ? 2 : 1)) {
        if (nulls == null) {
          nulls = new boolean[count];
        }
        nulls[i] = true;
        continue;
      }
      double variance = squares[from + i] / (isSample ? groupCount - 1 : groupCount);
      results[i] = isDeviation ? Math.sqrt(variance) : variance;
    }
    return new DoubleBlock(count, results, nulls);
  }
}
