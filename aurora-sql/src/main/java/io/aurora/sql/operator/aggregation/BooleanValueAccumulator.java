package io.aurora.sql.operator.aggregation;

import io.aurora.sql.operator.MemoryContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.Arrays;
import java.util.List;

/**
 * BOOL_AND and MIN (the minimum of booleans is their conjunction), BOOL_OR and MAX (the
 * disjunction) and ANY_VALUE of BOOLEAN input. Intermediate layout: one BOOLEAN, null for a group
 * without non-null input.
 */
final class BooleanValueAccumulator extends Accumulator {
  private final int inputChannel;
  private final KeptValue kept;
  private boolean[] values = new boolean[0];
  private boolean[] hasValue = new boolean[0];

  BooleanValueAccumulator(int inputChannel, KeptValue kept, MemoryContext memory) {
    super(memory);
    this.inputChannel = inputChannel;
    this.kept = kept;
  }

  @Override
  public List<DataType> intermediateTypes() {
    return List.of(DataType.BOOLEAN);
  }

  @Override
  public void ensureCapacity(int groupCount) {
    if (groupCount > values.length) {
      int capacity = grownCapacity(values.length, groupCount);
      reserve((capacity - values.length) * 2L);
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
    BooleanBlock block = (BooleanBlock) page.block(channel);
    boolean[] input = block.values();
    boolean[] nulls = block.nulls();
    int[] selection = page.selection();
    int rows = page.rowCount();
    boolean[] values = this.values;
    boolean[] hasValue = this.hasValue;
    for (int row = 0; row < rows; row++) {
      int position = selection == null ? row : selection[row];
      if (nulls != null && nulls[position]) {
        continue;
      }
      int group = groupIds[row];
      boolean value = input[position];
      if (!hasValue[group]) {
        values[group] = value;
        hasValue[group] = true;
      } else {
        switch (kept) {
          case MINIMUM -> values[group] &= value;
          case MAXIMUM -> values[group] |= value;
          case FIRST -> {}
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
    return new BooleanBlock(
        to - from, Arrays.copyOfRange(values, from, to), nullsWhereMissing(hasValue, from, to));
  }
}
