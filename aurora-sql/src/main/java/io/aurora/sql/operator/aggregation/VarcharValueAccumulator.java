package io.aurora.sql.operator.aggregation;

import io.aurora.sql.operator.MemoryContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * MIN, MAX and ANY_VALUE of VARCHAR input (plain or dictionary blocks), comparing unsigned UTF-8
 * bytes as {@link io.aurora.sql.operator.BlockValues} does. Each group keeps a copy of its current
 * bytes; a copy is made only when the kept value changes, which for MIN and MAX over many rows is
 * rare. Intermediate layout: one VARCHAR, null for a group without non-null input.
 */
final class VarcharValueAccumulator extends Accumulator {
  private static final long ARRAY_OVERHEAD = 16;

  private final int inputChannel;
  private final KeptValue kept;
  private byte[] @Nullable [] values = new byte[0][];

  VarcharValueAccumulator(int inputChannel, KeptValue kept, MemoryContext memory) {
    super(memory);
    this.inputChannel = inputChannel;
    this.kept = kept;
  }

  @Override
  public List<DataType> intermediateTypes() {
    return List.of(DataType.VARCHAR);
  }

  @Override
  public void ensureCapacity(int groupCount) {
    if (groupCount > values.length) {
      int capacity = grownCapacity(values.length, groupCount);
      reserve((capacity - values.length) * 8L);
      values = Arrays.copyOf(values, capacity);
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
    Block block = page.block(channel);
    VarcharBlock strings;
    int[] ids;
    if (block instanceof DictionaryBlock dictionary) {
      strings = dictionary.dictionary();
      ids = dictionary.ids();
    } else {
      strings = (VarcharBlock) block;
      ids = null;
    }
    byte[] bytes = strings.bytes();
    int[] offsets = strings.offsets();
    boolean[] nulls = block.nulls();
    int[] selection = page.selection();
    int rows = page.rowCount();
    for (int row = 0; row < rows; row++) {
      int position = selection == null ? row : selection[row];
      if (nulls != null && nulls[position]) {
        continue;
      }
      int group = groupIds[row];
      byte[] current = values[group];
      int index = ids == null ? position : ids[position];
      int start = offsets[index];
      int end = offsets[index + 1];
      boolean isReplaced =
          switch (kept) {
            case MINIMUM ->
                current == null
                    || Arrays.compareUnsigned(bytes, start, end, current, 0, current.length) < 0;
            case MAXIMUM ->
                current == null
                    || Arrays.compareUnsigned(bytes, start, end, current, 0, current.length) > 0;
            case FIRST -> current == null;
          };
      if (isReplaced) {
        if (current != null) {
          release(current.length + ARRAY_OVERHEAD);
        }
        reserve(end - start + ARRAY_OVERHEAD);
        values[group] = Arrays.copyOfRange(bytes, start, end);
      }
    }
  }

  @Override
  public void buildIntermediate(int from, int to, Block[] out, int offset) {
    out[offset] = buildFinal(from, to);
  }

  @Override
  public Block buildFinal(int from, int to) {
    BlockBuilder.VarcharBuilder builder = new BlockBuilder.VarcharBuilder(to - from);
    for (int group = from; group < to; group++) {
      byte[] value = values[group];
      if (value == null) {
        builder.appendNull();
      } else {
        builder.append(value);
      }
    }
    return builder.build();
  }
}
