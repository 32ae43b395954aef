package io.aurora.sql.operator.join;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One build-side column being collected into growable primitive arrays, a whole batch of positions
 * per call (tight per-type loops, no per-value dispatch). {@link #build()} wraps the arrays in a
 * block without copying, so build row {@code r} is position {@code r} of that block. Not
 * thread-safe; not usable after {@link #build()}.
 *
 * <p>Strings stay dictionary-encoded while every input block is a {@link DictionaryBlock} over the
 * same dictionary (the common case for a segment column), so only ids are copied; the first other
 * block decodes what was collected into plain bytes.
 */
abstract sealed class JoinColumnAccumulator
    permits JoinColumnAccumulator.Longs,
        JoinColumnAccumulator.Ints,
        JoinColumnAccumulator.Doubles,
        JoinColumnAccumulator.Floats,
        JoinColumnAccumulator.Booleans,
        JoinColumnAccumulator.Strings {
  protected int size;
  protected boolean @Nullable [] nulls;

  static JoinColumnAccumulator forType(DataType type) {
    return switch (type.physicalType()) {
      case LONG -> new Longs();
      case INT -> new Ints();
      case DOUBLE -> new Doubles();
      case FLOAT -> new Floats();
      case BOOLEAN -> new Booleans();
      case VARCHAR -> new Strings();
    };
  }

  /**
   * Appends the values at {@code positions[0 .. count)} of {@code block}, or at {@code 0 .. count)}
   * when {@code positions} is null.
   */
  final void append(Block block, int @Nullable [] positions, int count) {
    ensureCapacity(size + count);
    appendNulls(block.nulls(), positions, count);
    appendValues(block, positions, count);
    size += count;
  }

  int size() {
    return size;
  }

  /** The collected values as a block; the arrays are handed over, not copied. */
  abstract Block build();

  /** Heap bytes held, counting array capacity rather than size. */
  abstract long retainedBytes();

  abstract int capacity();

  /** Grows the value arrays to at least {@code positions} entries. */
  abstract void growTo(int positions);

  abstract void appendValues(Block block, int @Nullable [] positions, int count);

  protected final long nullsBytes() {
    return nulls == null ? 0 : nulls.length;
  }

  protected final boolean @Nullable [] nullsForBuild() {
    return nulls;
  }

  private void ensureCapacity(int positions) {
    if (positions > capacity()) {
      growTo(Math.max(positions, Math.max(64, capacity() + (capacity() >> 1))));
    }
    if (nulls != null && nulls.length < capacity()) {
      nulls = Arrays.copyOf(nulls, capacity());
    }
  }

  private void appendNulls(boolean @Nullable [] source, int @Nullable [] positions, int count) {
    if (source == null) {
      return;
    }
    boolean[] target = nulls;
    if (target == null) {
      target = new boolean[capacity()];
      nulls = target;
    }
    if (positions == null) {
      System.arraycopy(source, 0, target, size, count);
    } else {
      for (int i = 0; i < count; i++) {
        target[size + i] = source[positions[i]];
      }
    }
  }

  static final class Longs extends JoinColumnAccumulator {
    private long[] values = new long[0];

    @Override
    void appendValues(Block block, int @Nullable [] positions, int count) {
      long[] source = ((LongBlock) block).values();
      if (positions == null) {
        System.arraycopy(source, 0, values, size, count);
      } else {
        for (int i = 0; i < count; i++) {
          values[size + i] = source[positions[i]];
        }
      }
    }

    @Override
    Block build() {
      return new LongBlock(size, values, nullsForBuild());
    }

    @Override
    long retainedBytes() {
      return 8L * values.length + nullsBytes();
    }

    @Override
    int capacity() {
      return values.length;
    }

    @Override
    void growTo(int positions) {
      values = Arrays.copyOf(values, positions);
    }
  }

  static final class Ints extends JoinColumnAccumulator {
    private int[] values = new int[0];

    @Override
    void appendValues(Block block, int @Nullable [] positions, int count) {
      int[] source = ((IntBlock) block).values();
      if (positions == null) {
        System.arraycopy(source, 0, values, size, count);
      } else {
        for (int i = 0; i < count; i++) {
          values[size + i] = source[positions[i]];
        }
      }
    }

    @Override
    Block build() {
      return new IntBlock(size, values, nullsForBuild());
    }

    @Override
    long retainedBytes() {
      return 4L * values.length + nullsBytes();
    }

    @Override
    int capacity() {
      return values.length;
    }

    @Override
    void growTo(int positions) {
      values = Arrays.copyOf(values, positions);
    }
  }

  static final class Doubles extends JoinColumnAccumulator {
    private double[] values = new double[0];

    @Override
    void appendValues(Block block, int @Nullable [] positions, int count) {
      double[] source = ((DoubleBlock) block).values();
      if (positions == null) {
        System.arraycopy(source, 0, values, size, count);
      } else {
        for (int i = 0; i < count; i++) {
          values[size + i] = source[positions[i]];
        }
      }
    }

    @Override
    Block build() {
      return new DoubleBlock(size, values, nullsForBuild());
    }

    @Override
    long retainedBytes() {
      return 8L * values.length + nullsBytes();
    }

    @Override
    int capacity() {
      return values.length;
    }

    @Override
    void growTo(int positions) {
      values = Arrays.copyOf(values, positions);
    }
  }

  static final class Floats extends JoinColumnAccumulator {
    private float[] values = new float[0];

    @Override
    void appendValues(Block block, int @Nullable [] positions, int count) {
      float[] source = ((FloatBlock) block).values();
      if (positions == null) {
        System.arraycopy(source, 0, values, size, count);
      } else {
        for (int i = 0; i < count; i++) {
          values[size + i] = source[positions[i]];
        }
      }
    }

    @Override
    Block build() {
      return new FloatBlock(size, values, nullsForBuild());
    }

    @Override
    long retainedBytes() {
      return 4L * values.length + nullsBytes();
    }

    @Override
    int capacity() {
      return values.length;
    }

    @Override
    void growTo(int positions) {
      values = Arrays.copyOf(values, positions);
    }
  }

  static final class Booleans extends JoinColumnAccumulator {
    private boolean[] values = new boolean[0];

    @Override
    void appendValues(Block block, int @Nullable [] positions, int count) {
      boolean[] source = ((BooleanBlock) block).values();
      if (positions == null) {
        System.arraycopy(source, 0, values, size, count);
      } else {
        for (int i = 0; i < count; i++) {
          values[size + i] = source[positions[i]];
        }
      }
    }

    @Override
    Block build() {
      return new BooleanBlock(size, values, nullsForBuild());
    }

    @Override
    long retainedBytes() {
      return values.length + nullsBytes();
    }

    @Override
    int capacity() {
      return values.length;
    }

    @Override
    void growTo(int positions) {
      values = Arrays.copyOf(values, positions);
    }
  }

  /**
   * Strings as dictionary ids while every input shares one dictionary, else as bytes and offsets.
   */
  static final class Strings extends JoinColumnAccumulator {
    private @Nullable VarcharBlock dictionary;
    private int[] ids = new int[0];
    private byte[] bytes = new byte[0];
    private int[] offsets = new int[1];
    private boolean isDecoded;
    private boolean isSorted;

    @Override
    void appendValues(Block block, int @Nullable [] positions, int count) {
      if (!isDecoded && block instanceof DictionaryBlock dictionaryBlock) {
        if (size == 0 && dictionary == null) {
          dictionary = dictionaryBlock.dictionary();
          isSorted = dictionaryBlock.isSorted();
        }
        if (dictionaryBlock.dictionary() == dictionary) {
          appendIds(dictionaryBlock, positions, count);
          return;
        }
      }
      if (!isDecoded) {
        decode();
      }
      if (block instanceof DictionaryBlock dictionaryBlock) {
        appendDictionaryBytes(dictionaryBlock, positions, count);
      } else {
        appendBytes((VarcharBlock) block, positions, count);
      }
    }

    private void appendIds(DictionaryBlock block, int @Nullable [] positions, int count) {
      int[] source = block.ids();
      if (positions == null) {
        System.arraycopy(source, 0, ids, size, count);
      } else {
        for (int i = 0; i < count; i++) {
          ids[size + i] = source[positions[i]];
        }
      }
    }

    private void decode() {
      VarcharBlock currentDictionary = dictionary;
      isDecoded = true;
      dictionary = null;
      offsets = new int[ids.length + 1];
      if (currentDictionary != null && size > 0) {
        appendDictionaryBytes(
            new DictionaryBlock(size, ids, currentDictionary, false, nulls), null, 0, size);
      }
      ids = new int[0];
    }

    private void appendDictionaryBytes(
        DictionaryBlock block, int @Nullable [] positions, int count) {
      appendDictionaryBytes(block, positions, size, count);
    }

    /** Appends the strings of {@code block} as bytes, writing entries from row {@code at}. */
    private void appendDictionaryBytes(
        DictionaryBlock block, int @Nullable [] positions, int at, int count) {
      VarcharBlock values = block.dictionary();
      boolean[] sourceNulls = block.nulls();
      int[] sourceIds = block.ids();
      for (int i = 0; i < count; i++) {
        int position = positions == null ? i : positions[i];
        int length = 0;
        int start = 0;
        if (sourceNulls == null || !sourceNulls[position]) {
          int id = sourceIds[position];
          start = values.offset(id);
          length = values.length(id);
        }
        appendRange(values.bytes(), start, length, at + i);
      }
    }

    private void appendBytes(VarcharBlock block, int @Nullable [] positions, int count) {
      byte[] source = block.bytes();
      int[] sourceOffsets = block.offsets();
      for (int i = 0; i < count; i++) {
        int position = positions == null ? i : positions[i];
        int start = sourceOffsets[position];
        appendRange(source, start, sourceOffsets[position + 1] - start, size + i);
      }
    }

    private void appendRange(byte[] source, int start, int length, int row) {
      int end = offsets[row];
      if (end + length > bytes.length) {
        long needed = (long) end + length;
        long grown = Math.max(needed, Math.max(256, bytes.length + ((long) bytes.length >> 1)));
        if (grown > Integer.MAX_VALUE - 8) {
          grown = needed;
        }
        bytes = Arrays.copyOf(bytes, Math.toIntExact(grown));
      }
      System.arraycopy(source, start, bytes, end, length);
      offsets[row + 1] = end + length;
    }

    @Override
    Block build() {
      VarcharBlock currentDictionary = dictionary;
      if (!isDecoded && currentDictionary != null) {
        return new DictionaryBlock(size, ids, currentDictionary, isSorted, nullsForBuild());
      }
      return new VarcharBlock(size, bytes, offsets, nullsForBuild());
    }

    @Override
    long retainedBytes() {
      VarcharBlock currentDictionary = dictionary;
      return 4L * ids.length
          + bytes.length
          + 4L * offsets.length
          + nullsBytes()
          + (currentDictionary == null ? 0 : currentDictionary.retainedBytes());
    }

    @Override
    int capacity() {
      return isDecoded ? offsets.length - 1 : ids.length;
    }

    @Override
    void growTo(int positions) {
      if (isDecoded) {
        offsets = Arrays.copyOf(offsets, positions + 1);
      } else {
        ids = Arrays.copyOf(ids, positions);
      }
    }
  }
}
