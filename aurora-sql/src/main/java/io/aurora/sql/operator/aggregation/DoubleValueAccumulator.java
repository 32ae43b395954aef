package io.aurora.sql.operator.aggregation;

import io.aurora.sql.operator.BlockValues;
import io.aurora.sql.operator.MemoryContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PhysicalType;
import java.util.Arrays;
import java.util.List;

/**
 * MIN, MAX and ANY_VALUE of REAL and DOUBLE, held as doubles, in PostgreSQL's order: NaN is larger
 * than every other value and {@code -0.0} equals {@code 0.0} (the first one seen is kept).
 * Intermediate layout: one column of the input type, null for a group without non-null input.
 */
final class DoubleValueAccumulator extends Accumulator {
  private final int inputChannel;
  private final DataType type;
  private final KeptValue kept;
  private final ValueVectors vectors = new ValueVectors();
  private double[] values = new double[0];
  private boolean[] hasValue = new boolean[0];

  DoubleValueAccumulator(int inputChannel, DataType type, KeptValue kept, MemoryContext memory) {
    super(memory);
    this.inputChannel = inputChannel;
    this.type = type;
    this.kept = kept;
  }

  @Override
  public List<DataType> intermediateTypes() {
    return List.of(type);
  }

  @Override
  public void ensureCapacity(int groupCount) {
    if (groupCount > values.length) {
      int capacity = grownCapacity(values.length, groupCount);
      reserve((capacity - values.length) * 9L);
      values = Arrays.copyOf(values, capacity);
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
    double[] input = vectors.doubles(page, channel, 1);
    boolean[] nulls = vectors.nulls(page, channel);
    double[] values = this.values;
    boolean[] hasValue = this.hasValue;
    switch (kept) {
      case MINIMUM -> {
        for (int row = 0; row < rows; row++) {
          if (nulls == null || !nulls[row]) {
            int group = groupIds[row];
            double value = input[row];
            if (!hasValue[group] || BlockValues.compareDoubles(value, values[group]) < 0) {
              values[group] = value;
              hasValue[group] = true;
            }
          }
        }
      }
      case MAXIMUM -> {
        for (int row = 0; row < rows; row++) {
          if (nulls == null || !nulls[row]) {
            int group = groupIds[row];
            double value = input[row];
            if (!hasValue[group] || BlockValues.compareDoubles(value, values[group]) > 0) {
              values[group] = value;
              hasValue[group] = true;
            }
          }
        }
      }
      case FIRST -> {
        for (int row = 0; row < rows; row++) {
          if (nulls == null || !nulls[row]) {
            int group = groupIds[row];
            if (!hasValue[group]) {
              values[group] = input[row];
              hasValue[group] = true;
            }
          }
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
    int count = to - from;
    boolean[] nulls = nullsWhereMissing(hasValue, from, to);
    if (type.physicalType() == PhysicalType.FLOAT) {
      float[] floats = new float[count];
      for (int i = 0; i < count; i++) {
        floats[i] = (float) values[from + i];
      }
      return new FloatBlock(count, floats, nulls);
    }
    return new DoubleBlock(count, Arrays.copyOfRange(values, from, to), nulls);
  }
}
