package io.aurora.storage.encoding;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.PhysicalType;
import org.jspecify.annotations.Nullable;

/**
 * Writes blocks in the byte layouts described on {@link Encoding}, choosing the smallest encoding
 * the block's physical type supports. {@link ColumnDecoder} reads them back.
 *
 * <p>The choice costs one pass over the values: it gathers the minimum and maximum, the number of
 * runs and their shortest and longest lengths, and the smallest and largest difference between
 * neighbours, computes the exact size of every candidate from those, and writes only the winner. On
 * equal sizes the encoding declared first in {@link Encoding} wins, as it decodes fastest.
 *
 * <p>Stateless and thread-safe. Encoding allocates the output and, for blocks with nulls or for
 * run-length and delta encodings, scratch arrays of the block's size.
 */
public final class ColumnEncoder {
  private ColumnEncoder() {}

  /**
   * Encodes the block with the smallest encoding for its physical type.
   *
   * @throws IllegalArgumentException for a {@link io.aurora.storage.block.DictionaryBlock}: the
   *     segment writer encodes dictionary ids itself, as an {@link IntBlock}
   */
  public static EncodedBlock encode(Block block) {
    return encode(block, null);
  }

  /**
   * Encodes the block with the given encoding, for tests and tools that need a specific layout;
   * {@code null} chooses the smallest, as {@link #encode(Block)} does.
   *
   * @throws IllegalArgumentException when the encoding does not {@linkplain
   *     Encoding#supports(PhysicalType) support} the block's physical type, or for a {@link
   *     DictionaryBlock}
   */
  public static EncodedBlock encode(Block block, @Nullable Encoding encoding) {
    requireNonNull(block, "block is null");
    if (encoding != null && !encoding.supports(physicalType(block))) {
      throw new IllegalArgumentException(
          "Encoding " + encoding + " does not support " + physicalType(block) + " blocks");
    }
    int count = block.positionCount();
    boolean @Nullable [] nulls = block.nulls();
    if (block instanceof IntBlock ints) {
      return encodeInts(fill(ints.values(), count, nulls), block, encoding);
    }
    if (block instanceof LongBlock longs) {
      return encodeLongs(fill(longs.values(), count, nulls), block, encoding);
    }
    if (block instanceof FloatBlock floats) {
      return encodeInts(floatBits(floats, nulls), block, encoding);
    }
    if (block instanceof DoubleBlock doubles) {
      return encodeLongs(doubleBits(doubles, nulls), block, encoding);
    }
    if (block instanceof BooleanBlock booleans) {
      return encodeInts(booleanInts(booleans, nulls), block, encoding);
    }
    if (block instanceof VarcharBlock varchar) {
      return encodeVarchar(varchar);
    }
    throw new IllegalArgumentException(
        "Dictionary blocks are encoded by the segment writer as an IntBlock of ids");
  }

  private static PhysicalType physicalType(Block block) {
    if (block instanceof IntBlock) {
      return PhysicalType.INT;
    }
    if (block instanceof LongBlock) {
      return PhysicalType.LONG;
    }
    if (block instanceof FloatBlock) {
      return PhysicalType.FLOAT;
    }
    if (block instanceof DoubleBlock) {
      return PhysicalType.DOUBLE;
    }
    if (block instanceof BooleanBlock) {
      return PhysicalType.BOOLEAN;
    }
    return PhysicalType.VARCHAR;
  }

  private static EncodedBlock encodeInts(int[] values, Block block, @Nullable Encoding forced) {
    int count = block.positionCount();
    int min = 0;
    int max = 0;
    int minDelta = 0;
    int maxDelta = 0;
    int runCount = 0;
    int minRun = Integer.MAX_VALUE;
    int maxRun = 0;
    int run = 0;
    if (count > 0) {
      min = values[0];
      max = values[0];
      runCount = 1;
      run = 1;
      if (count > 1) {
        minDelta = values[1] - values[0];
        maxDelta = minDelta;
      }
    }
    for (int i = 1; i < count; i++) {
      int value = values[i];
      int delta = value - values[i - 1];
      min = Math.min(min, value);
      max = Math.max(max, value);
      minDelta = Math.min(minDelta, delta);
      maxDelta = Math.max(maxDelta, delta);
      if (delta == 0) {
        run++;
      } else {
        minRun = Math.min(minRun, run);
        maxRun = Math.max(maxRun, run);
        runCount++;
        run = 1;
      }
    }
    minRun = count == 0 ? 0 : Math.min(minRun, run);
    maxRun = Math.max(maxRun, run);
    Sizes sizes =
        new Sizes(
            count,
            4,
            BitPacking.width((max - min) & 0xFFFF_FFFFL),
            runCount,
            BitPacking.width((maxRun - minRun) & 0xFFFF_FFFFL),
            BitPacking.width((maxDelta - minDelta) & 0xFFFF_FFFFL));
    Encoding encoding = forced != null ? forced : sizes.smallest(physicalType(block));
    BlockWriter writer = new BlockWriter(block, sizes.bodySize(encoding));
    switch (encoding) {
      case PLAIN -> {
        for (int i = 0; i < count; i++) {
          writer.writeInt(values[i]);
        }
      }
      case BIT_PACKED -> writer.packInts(values, count, min, sizes.valueWidth);
      case RUN_LENGTH -> {
        int[] runValues = new int[runCount];
        int[] runLengths = new int[runCount];
        int runIndex = -1;
        for (int i = 0; i < count; i++) {
          if (i == 0 || values[i] != values[i - 1]) {
            runValues[++runIndex] = values[i];
          }
          runLengths[runIndex]++;
        }
        writer.writeInt(runCount);
        writer.packInts(runValues, runCount, min, sizes.valueWidth);
        writer.packInts(runLengths, runCount, minRun, sizes.lengthWidth);
      }
      case DELTA -> {
        if (count > 0) {
          int[] deltas = new int[count - 1];
          for (int i = 1; i < count; i++) {
            deltas[i - 1] = values[i] - values[i - 1];
          }
          writer.writeInt(values[0]);
          writer.packInts(deltas, count - 1, minDelta, sizes.deltaWidth);
        }
      }
      case DICTIONARY -> throw new IllegalArgumentException("DICTIONARY has no block body");
    }
    return writer.finish(encoding);
  }

  private static EncodedBlock encodeLongs(long[] values, Block block, @Nullable Encoding forced) {
    int count = block.positionCount();
    long min = 0;
    long max = 0;
    long minDelta = 0;
    long maxDelta = 0;
    int runCount = 0;
    int minRun = Integer.MAX_VALUE;
    int maxRun = 0;
    int run = 0;
    if (count > 0) {
      min = values[0];
      max = values[0];
      runCount = 1;
      run = 1;
      if (count > 1) {
        minDelta = values[1] - values[0];
        maxDelta = minDelta;
      }
    }
    for (int i = 1; i < count; i++) {
      long value = values[i];
      long delta = value - values[i - 1];
      min = Math.min(min, value);
      max = Math.max(max, value);
      minDelta = Math.min(minDelta, delta);
      maxDelta = Math.max(maxDelta, delta);
      if (delta == 0) {
        run++;
      } else {
        minRun = Math.min(minRun, run);
        maxRun = Math.max(maxRun, run);
        runCount++;
        run = 1;
      }
    }
    minRun = count == 0 ? 0 : Math.min(minRun, run);
    maxRun = Math.max(maxRun, run);
    Sizes sizes =
        new Sizes(
            count,
            8,
            BitPacking.width(max - min),
            runCount,
            BitPacking.width((maxRun - minRun) & 0xFFFF_FFFFL),
            BitPacking.width(maxDelta - minDelta));
    Encoding encoding = forced != null ? forced : sizes.smallest(physicalType(block));
    BlockWriter writer = new BlockWriter(block, sizes.bodySize(encoding));
    switch (encoding) {
      case PLAIN -> {
        for (int i = 0; i < count; i++) {
          writer.writeLong(values[i]);
        }
      }
      case BIT_PACKED -> writer.packLongs(values, count, min, sizes.valueWidth);
      case RUN_LENGTH -> {
        long[] runValues = new long[runCount];
        int[] runLengths = new int[runCount];
        int runIndex = -1;
        for (int i = 0; i < count; i++) {
          if (i == 0 || values[i] != values[i - 1]) {
            runValues[++runIndex] = values[i];
          }
          runLengths[runIndex]++;
        }
        writer.writeInt(runCount);
        writer.packLongs(runValues, runCount, min, sizes.valueWidth);
        writer.packInts(runLengths, runCount, minRun, sizes.lengthWidth);
      }
      case DELTA -> {
        if (count > 0) {
          long[] deltas = new long[count - 1];
          for (int i = 1; i < count; i++) {
            deltas[i - 1] = values[i] - values[i - 1];
          }
          writer.writeLong(values[0]);
          writer.packLongs(deltas, count - 1, minDelta, sizes.deltaWidth);
        }
      }
      case DICTIONARY -> throw new IllegalArgumentException("DICTIONARY has no block body");
    }
    return writer.finish(encoding);
  }

  private static EncodedBlock encodeVarchar(VarcharBlock block) {
    int count = block.positionCount();
    boolean @Nullable [] nulls = block.nulls();
    int[] lengths = new int[count];
    int minLength = count == 0 ? 0 : Integer.MAX_VALUE;
    int maxLength = 0;
    long totalBytes = 0;
    for (int i = 0; i < count; i++) {
      int length = nulls != null && nulls[i] ? 0 : block.length(i);
      lengths[i] = length;
      minLength = Math.min(minLength, length);
      maxLength = Math.max(maxLength, length);
      totalBytes += length;
    }
    int width = BitPacking.width((maxLength - minLength) & 0xFFFF_FFFFL);
    BlockWriter writer =
        new BlockWriter(block, 5 + BitPacking.packedBytes(count, width) + totalBytes);
    writer.packInts(lengths, count, minLength, width);
    byte[] bytes = block.bytes();
    for (int i = 0; i < count; i++) {
      writer.writeBytes(bytes, block.offset(i), lengths[i]);
    }
    return writer.finish(Encoding.PLAIN);
  }

  private static int[] fill(int[] values, int count, boolean @Nullable [] nulls) {
    if (nulls == null) {
      return values;
    }
    int[] filled = new int[count];
    int previous = 0;
    for (int i = 0; i < count; i++) {
      if (!nulls[i]) {
        previous = values[i];
        break;
      }
    }
    for (int i = 0; i < count; i++) {
      if (!nulls[i]) {
        previous = values[i];
      }
      filled[i] = previous;
    }
    return filled;
  }

  private static long[] fill(long[] values, int count, boolean @Nullable [] nulls) {
    if (nulls == null) {
      return values;
    }
    long[] filled = new long[count];
    long previous = 0;
    for (int i = 0; i < count; i++) {
      if (!nulls[i]) {
        previous = values[i];
        break;
      }
    }
    for (int i = 0; i < count; i++) {
      if (!nulls[i]) {
        previous = values[i];
      }
      filled[i] = previous;
    }
    return filled;
  }

  private static int[] floatBits(FloatBlock block, boolean @Nullable [] nulls) {
    float[] values = block.values();
    int[] bits = new int[block.positionCount()];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return fill(bits, bits.length, nulls);
  }

  private static long[] doubleBits(DoubleBlock block, boolean @Nullable [] nulls) {
    double[] values = block.values();
    long[] bits = new long[block.positionCount()];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = Double.doubleToRawLongBits(values[i]);
    }
    return fill(bits, bits.length, nulls);
  }

  private static int[] booleanInts(BooleanBlock block, boolean @Nullable [] nulls) {
    boolean[] values = block.values();
    int[] ints = new int[block.positionCount()];
    for (int i = 0; i < ints.length; i++) {
      ints[i] = values[i] ? 1 : 0;
    }
    return fill(ints, ints.length, nulls);
  }

  /**
   * The body size of each encoding, from the statistics of one pass; {@code elementBytes} is 4 for
   * int32 values and 8 for int64 values.
   */
  private record Sizes(
      int count, int elementBytes, int valueWidth, int runCount, int lengthWidth, int deltaWidth) {

    long bodySize(Encoding encoding) {
      return switch (encoding) {
        case PLAIN -> (long) count * elementBytes;
        case BIT_PACKED -> elementBytes + 1 + BitPacking.packedBytes(count, valueWidth);
        case RUN_LENGTH ->
            4
                + elementBytes
                + 1
                + BitPacking.packedBytes(runCount, valueWidth)
                + 5
                + BitPacking.packedBytes(runCount, lengthWidth);
        case DELTA ->
            count == 0 ? 0 : 2L * elementBytes + 1 + BitPacking.packedBytes(count - 1, deltaWidth);
        case DICTIONARY -> throw new IllegalArgumentException("DICTIONARY has no block body");
      };
    }

    Encoding smallest(PhysicalType type) {
      Encoding best = null;
      long bestSize = Long.MAX_VALUE;
      for (Encoding candidate : Encoding.values()) {
        if (candidate.supports(type)) {
          long size = bodySize(candidate);
          if (size < bestSize) {
            best = candidate;
            bestSize = size;
          }
        }
      }
      return requireNonNull(best, "no encoding supports the type");
    }
  }
}
