package io.aurora.sql.operator.aggregation;

import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import io.aurora.sql.operator.MemoryContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.index.ValueHashing;
import io.aurora.storage.type.DataType;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * approx_count_distinct(x): one hash4j UltraLogLog sketch of precision 12 (4 KiB, about 1.2%
 * standard error) per group that has seen a non-null value, fed with {@link ValueHashing} hashes so
 * that equal values of INT and LONG columns hash alike. A group without values counts 0.
 * Intermediate layout: one VARCHAR column holding the sketch's raw state bytes ({@link
 * UltraLogLog#getState()}), null for a group without values; it is opaque, not text.
 */
final class ApproxDistinctAccumulator extends Accumulator {
  static final int PRECISION = 12;
  private static final long SKETCH_BYTES = (1L << PRECISION) + 32;

  private final int inputChannel;
  private @Nullable UltraLogLog[] sketches = new UltraLogLog[0];
  private long[] hashes = new long[0];

  ApproxDistinctAccumulator(int inputChannel, MemoryContext memory) {
    super(memory);
    this.inputChannel = inputChannel;
  }

  @Override
  public List<DataType> intermediateTypes() {
    return List.of(DataType.VARCHAR);
  }

  @Override
  public void ensureCapacity(int groupCount) {
    if (groupCount > sketches.length) {
      int capacity = grownCapacity(sketches.length, groupCount);
      reserve((capacity - sketches.length) * 8L);
      sketches = Arrays.copyOf(sketches, capacity);
    }
  }

  private UltraLogLog sketch(int group) {
    UltraLogLog sketch = sketches[group];
    if (sketch == null) {
      reserve(SKETCH_BYTES);
      sketch = UltraLogLog.create(PRECISION);
      sketches[group] = sketch;
    }
    return sketch;
  }

  @Override
  public void addInput(int[] groupIds, Page page) {
    Block block = page.block(inputChannel);
    int[] selection = page.selection();
    int rows = page.rowCount();
    if (hashes.length < rows) {
      hashes = new long[rows];
    }
    hash(block, selection, rows, hashes);
    boolean[] nulls = block.nulls();
    for (int row = 0; row < rows; row++) {
      int position = selection == null ? row : selection[row];
      if (nulls == null || !nulls[position]) {
        sketch(groupIds[row]).add(hashes[row]);
      }
    }
  }

  /** Hashes every row's value (nulls included, to be skipped by the caller) into {@code out}. */
  private static void hash(Block block, int @Nullable [] selection, int rows, long[] out) {
    if (block instanceof LongBlock longs) {
      long[] values = longs.values();
      for (int row = 0; row < rows; row++) {
        out[row] = ValueHashing.hashLong(values[selection == null ? row : selection[row]]);
      }
    } else if (block instanceof IntBlock ints) {
      int[] values = ints.values();
      for (int row = 0; row < rows; row++) {
        out[row] = ValueHashing.hashLong(values[selection == null ? row : selection[row]]);
      }
    } else if (block instanceof DoubleBlock doubles) {
      double[] values = doubles.values();
      for (int row = 0; row < rows; row++) {
        out[row] = ValueHashing.hashDouble(values[selection == null ? row : selection[row]]);
      }
    } else if (block instanceof FloatBlock floats) {
      float[] values = floats.values();
      for (int row = 0; row < rows; row++) {
        out[row] = ValueHashing.hashDouble(values[selection == null ? row : selection[row]]);
      }
    } else if (block instanceof BooleanBlock booleans) {
      boolean[] values = booleans.values();
      for (int row = 0; row < rows; row++) {
        out[row] = ValueHashing.hashLong(values[selection == null ? row : selection[row]] ? 1 : 0);
      }
    } else if (block instanceof VarcharBlock strings) {
      for (int row = 0; row < rows; row++) {
        int position = selection == null ? row : selection[row];
        out[row] =
            ValueHashing.hashBytes(
                strings.bytes(), strings.offset(position), strings.length(position));
      }
    } else if (block instanceof DictionaryBlock dictionary) {
      VarcharBlock strings = dictionary.dictionary();
      int[] ids = dictionary.ids();
      for (int row = 0; row < rows; row++) {
        int id = ids[selection == null ? row : selection[row]];
        out[row] = ValueHashing.hashBytes(strings.bytes(), strings.offset(id), strings.length(id));
      }
    }
  }

  @Override
  public void addIntermediate(int[] groupIds, Page page, int firstChannel) {
    VarcharBlock states = (VarcharBlock) page.block(firstChannel);
    int rows = page.rowCount();
    for (int row = 0; row < rows; row++) {
      int position = page.position(row);
      if (!states.isNull(position)) {
        int start = states.offset(position);
        byte[] state = Arrays.copyOfRange(states.bytes(), start, start + states.length(position));
        sketch(groupIds[row]).add(UltraLogLog.wrap(state));
      }
    }
  }

  @Override
  public void buildIntermediate(int from, int to, Block[] out, int offset) {
    BlockBuilder.VarcharBuilder builder = new BlockBuilder.VarcharBuilder(to - from);
    for (int group = from; group < to; group++) {
      UltraLogLog sketch = sketches[group];
      if (sketch == null) {
        builder.appendNull();
      } else {
        builder.append(sketch.getState());
      }
    }
    out[offset] = builder.build();
  }

  @Override
  public Block buildFinal(int from, int to) {
    long[] counts = new long[to - from];
    for (int group = from; group < to; group++) {
      UltraLogLog sketch = sketches[group];
      counts[group - from] = sketch == null ? 0 : Math.round(sketch.getDistinctCountEstimate());
    }
    return new LongBlock(to - from, counts, null);
  }
}
