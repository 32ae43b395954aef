package io.aurora.sql.operator.aggregation;

import io.aurora.sql.operator.MemoryContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * percentile_cont(fraction) WITHIN GROUP (ORDER BY x), exact: each group collects its non-null
 * values as doubles in a primitive array; the result sorts them and interpolates linearly at {@code
 * fraction * (n - 1)} as PostgreSQL does. NULL for a group without values. Not splittable: it has
 * no intermediate form, and the planner runs it in a SINGLE step.
 */
final class PercentileContAccumulator extends Accumulator {
  private final int inputChannel;
  private final double divisor;
  private final double fraction;
  private final ValueVectors vectors = new ValueVectors();
  private double @Nullable [][] lists = new double[0][];
  private int[] sizes = new int[0];

  PercentileContAccumulator(
      int inputChannel, DataType inputType, double fraction, MemoryContext memory) {
    super(memory);
    this.inputChannel = inputChannel;
    this.divisor = Math.pow(10, inputType.scale());
    this.fraction = fraction;
  }

  @Override
  public List<DataType> intermediateTypes() {
    throw new IllegalArgumentException("percentile_cont is not splittable");
  }

  @Override
  public void ensureCapacity(int groupCount) {
    if (groupCount > sizes.length) {
      int capacity = grownCapacity(sizes.length, groupCount);
      reserve((capacity - sizes.length) * 12L);
      lists = Arrays.copyOf(lists, capacity);
      sizes = Arrays.copyOf(sizes, capacity);
    }
  }

  @Override
  public void addInput(int[] groupIds, Page page) {
    int rows = page.rowCount();
    double[] values = vectors.doubles(page, inputChannel, divisor);
    boolean[] nulls = vectors.nulls(page, inputChannel);
    for (int row = 0; row < rows; row++) {
      if (nulls == null || !nulls[row]) {
        int group = groupIds[row];
        double[] list = lists[group];
        int size = sizes[group];
        if (list == null || size == list.length) {
          int capacity = list == null ? 4 : list.length * 2;
          reserve((capacity - (list == null ? 0 : list.length)) * 8L);
          list = list == null ? new double[capacity] : Arrays.copyOf(list, capacity);
          lists[group] = list;
        }
        list[size] = values[row];
        sizes[group] = size + 1;
      }
    }
  }

  @Override
  public void addIntermediate(int[] groupIds, Page page, int firstChannel) {
    throw new IllegalArgumentException("percentile_cont is not splittable");
  }

  @Override
  public void buildIntermediate(int from, int to, Block[] out, int offset) {
    throw new IllegalArgumentException("percentile_cont is not splittable");
  }

  @Override
  public Block buildFinal(int from, int to) {
    int count = to - from;
    double[] results = new double[count];
    boolean[] nulls = null;
    for (int group = from; group < to; group++) {
      double[] list = lists[group];
      int size = sizes[group];
      if (list == null || size == 0) {
        if (nulls == null) {
          nulls = new boolean[count];
        }
        nulls[group - from] = true;
        continue;
      }
      Arrays.sort(list, 0, size);
      results[group - from] = interpolate(list, size, fraction);
    }
    return new DoubleBlock(count, results, nulls);
  }

  /** PostgreSQL's percentile_cont over {@code sorted[0 .. size)}, which must not be empty. */
  static double interpolate(double[] sorted, int size, double fraction) {
    double position = fraction * (size - 1);
    int lower = (int) Math.floor(position);
    int upper = (int) Math.ceil(position);
    double lowerValue = sorted[lower];
    if (lower == upper) {
      return lowerValue;
    }
    return lowerValue + (position - lower) * (sorted[upper] - lowerValue);
  }
}
