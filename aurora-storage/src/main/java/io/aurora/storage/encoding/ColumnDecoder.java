package io.aurora.storage.encoding;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.PhysicalType;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads blocks written by {@link ColumnEncoder} in the layouts described on {@link Encoding}.
 *
 * <p>Every length, width, run and offset is checked against the input, and the input must be
 * consumed exactly, so corrupt or truncated data raises {@link AuroraException} with {@link
 * ErrorCode#DATA_CORRUPTED} instead of producing a block of the wrong size; callers add the file,
 * column and block to the message. A decoded block has arrays of exactly {@code positionCount}
 * entries, a {@code null} null mask when no position is null, zero at null positions, and empty
 * strings at VARCHAR null positions.
 *
 * <p>Stateless and thread-safe. Decoding allocates the block's arrays and, for run-length encodings
 * and for BOOLEAN, FLOAT and DOUBLE blocks that are not plain, one scratch array.
 */
public final class ColumnDecoder {
  private ColumnDecoder() {}

  /**
   * Decodes the bytes between the position and the limit of {@code data}, which is not modified. A
   * buffer without an accessible array (direct, memory-mapped or read-only) is copied into a byte
   * array first; the segment reader decompresses into byte arrays and uses {@link #decode(Encoding,
   * PhysicalType, byte[], int, int, int)}.
   */
  public static Block decode(
      Encoding encoding, PhysicalType type, ByteBuffer data, int positionCount) {
    if (data.hasArray()) {
      return decode(
          encoding,
          type,
          data.array(),
          data.arrayOffset() + data.position(),
          data.remaining(),
          positionCount);
    }
    byte[] copy = new byte[data.remaining()];
    data.duplicate().get(copy);
    return decode(encoding, type, copy, 0, copy.length, positionCount);
  }

  /** Decodes {@code src[offset..offset+length)} into a block of {@code positionCount} values. */
  public static Block decode(
      Encoding encoding, PhysicalType type, byte[] src, int offset, int length, int positionCount) {
    requireNonNull(encoding, "encoding is null");
    requireNonNull(type, "type is null");
    Objects.checkFromIndexSize(offset, length, src.length);
    if (positionCount < 0) {
      throw corrupt("Position count[" + positionCount + "] is negative");
    }
    if (!encoding.supports(type)) {
      throw corrupt("Encoding[" + encoding + "] does not apply to physical type[" + type + "]");
    }
    Reader reader = new Reader(src, offset, offset + length);
    try {
      Block block = decode(encoding, type, reader, positionCount);
      if (reader.position != reader.limit) {
        throw corrupt(
            "Encoded block has leftover bytes["
                + (reader.limit - reader.position)
                + "] after positions["
                + positionCount
                + "]");
      }
      return block;
    } catch (IndexOutOfBoundsException
        | BufferUnderflowException
        | NegativeArraySizeException
        | ArithmeticException e) {
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED, "Encoded block is truncated or corrupt", e);
    }
  }

  private static Block decode(Encoding encoding, PhysicalType type, Reader reader, int count) {
    boolean @Nullable [] nulls = readNulls(reader, count);
    return switch (type) {
      case INT -> {
        int[] values = readInts(encoding, reader, count);
        if (nulls != null) {
          for (int i = 0; i < count; i++) {
            values[i] = nulls[i] ? 0 : values[i];
          }
        }
        yield new IntBlock(count, values, nulls);
      }
      case LONG -> {
        long[] values = readLongs(encoding, reader, count);
        if (nulls != null) {
          for (int i = 0; i < count; i++) {
            values[i] = nulls[i] ? 0 : values[i];
          }
        }
        yield new LongBlock(count, values, nulls);
      }
      case FLOAT -> {
        float[] values = new float[count];
        if (encoding == Encoding.PLAIN) {
          reader.plain(count, 4).asFloatBuffer().get(values);
        } else {
          int[] bits = readInts(encoding, reader, count);
          for (int i = 0; i < count; i++) {
            values[i] = Float.intBitsToFloat(bits[i]);
          }
        }
        if (nulls != null) {
          for (int i = 0; i < count; i++) {
            values[i] = nulls[i] ? 0 : values[i];
          }
        }
        yield new FloatBlock(count, values, nulls);
      }
      case DOUBLE -> {
        double[] values = new double[count];
        if (encoding == Encoding.PLAIN) {
          reader.plain(count, 8).asDoubleBuffer().get(values);
        } else {
          long[] bits = readLongs(encoding, reader, count);
          for (int i = 0; i < count; i++) {
            values[i] = Double.longBitsToDouble(bits[i]);
          }
        }
        if (nulls != null) {
          for (int i = 0; i < count; i++) {
            values[i] = nulls[i] ? 0 : values[i];
          }
        }
        yield new DoubleBlock(count, values, nulls);
      }
      case BOOLEAN -> {
        int[] ints = readInts(encoding, reader, count);
        boolean[] values = new boolean[count];
        for (int i = 0; i < count; i++) {
          int value = ints[i];
          if ((value & ~1) != 0) {
            throw corrupt("Boolean value[" + value + "] is neither 0 nor 1");
          }
          values[i] = value == 1 && (nulls == null || !nulls[i]);
        }
        yield new BooleanBlock(count, values, nulls);
      }
      case VARCHAR -> readVarchar(reader, count, nulls);
    };
  }

  private static boolean @Nullable [] readNulls(Reader reader, int count) {
    int flag = reader.readByte();
    switch (flag) {
      case BlockWriter.NO_NULLS -> {
        return null;
      }
      case BlockWriter.ALL_NULLS -> {
        if (count == 0) {
          return null;
        }
        boolean[] nulls = new boolean[count];
        Arrays.fill(nulls, true);
        return nulls;
      }
      case BlockWriter.SOME_NULLS -> {
        int start = reader.skip(((long) count + 7) >>> 3);
        byte[] src = reader.src;
        boolean[] nulls = new boolean[count];
        boolean any = false;
        for (int i = 0; i < count; i++) {
          boolean isNull = (src[start + (i >>> 3)] & (1 << (i & 7))) != 0;
          nulls[i] = isNull;
          any |= isNull;
        }
        return any ? nulls : null;
      }
      default -> throw corrupt("Unknown null section flag[" + flag + "]");
    }
  }

  private static int[] readInts(Encoding encoding, Reader reader, int count) {
    int[] values = new int[count];
    switch (encoding) {
      case PLAIN -> reader.plain(count, 4).asIntBuffer().get(values);
      case BIT_PACKED -> reader.packedInts(count, values);
      case RUN_LENGTH -> {
        int runCount = reader.runCount(count);
        int[] runValues = new int[runCount];
        reader.packedInts(runCount, runValues);
        int[] runLengths = reader.runLengths(runCount, count);
        int position = 0;
        for (int run = 0; run < runCount; run++) {
          int end = position + runLengths[run];
          Arrays.fill(values, position, end, runValues[run]);
          position = end;
        }
      }
      case DELTA -> {
        if (count > 0) {
          int previous = reader.readInt();
          reader.packedInts(count - 1, values);
          for (int i = 0; i < count - 1; i++) {
            int delta = values[i];
            values[i] = previous;
            previous += delta;
          }
          values[count - 1] = previous;
        }
      }
      case DICTIONARY -> throw corrupt("Encoding[DICTIONARY] has no block body");
    }
    return values;
  }

  private static long[] readLongs(Encoding encoding, Reader reader, int count) {
    long[] values = new long[count];
    switch (encoding) {
      case PLAIN -> reader.plain(count, 8).asLongBuffer().get(values);
      case BIT_PACKED -> reader.packedLongs(count, values);
      case RUN_LENGTH -> {
        int runCount = reader.runCount(count);
        long[] runValues = new long[runCount];
        reader.packedLongs(runCount, runValues);
        int[] runLengths = reader.runLengths(runCount, count);
        int position = 0;
        for (int run = 0; run < runCount; run++) {
          int end = position + runLengths[run];
          Arrays.fill(values, position, end, runValues[run]);
          position = end;
        }
      }
      case DELTA -> {
        if (count > 0) {
          long previous = reader.readLong();
          reader.packedLongs(count - 1, values);
          for (int i = 0; i < count - 1; i++) {
            long delta = values[i];
            values[i] = previous;
            previous += delta;
          }
          values[count - 1] = previous;
        }
      }
      case DICTIONARY -> throw corrupt("Encoding[DICTIONARY] has no block body");
    }
    return values;
  }

  private static VarcharBlock readVarchar(Reader reader, int count, boolean @Nullable [] nulls) {
    int[] offsets = new int[count + 1];
    reader.packedInts(count, offsets);
    long total = 0;
    for (int i = 0; i < count; i++) {
      int length = offsets[i];
      if (length < 0 || (length != 0 && nulls != null && nulls[i])) {
        throw corrupt("String length[" + length + "] at position[" + i + "] is invalid");
      }
      offsets[i] = (int) total;
      total += length;
    }
    if (total > reader.limit - reader.position) {
      throw corrupt(
          "String bytes["
              + total
              + "] exceed the remaining bytes["
              + (reader.limit - reader.position)
              + "]");
    }
    offsets[count] = (int) total;
    int start = reader.skip(total);
    byte[] bytes = Arrays.copyOfRange(reader.src, start, start + (int) total);
    return new VarcharBlock(count, bytes, offsets, nulls);
  }

  private static AuroraException corrupt(String message) {
    return new AuroraException(ErrorCode.DATA_CORRUPTED, message);
  }

  /** A bounds-checked cursor over {@code src[position..limit)}. */
  private static final class Reader {
    private final byte[] src;
    private final int limit;
    private int position;

    Reader(byte[] src, int position, int limit) {
      this.src = src;
      this.position = position;
      this.limit = limit;
    }

    /** Checks that {@code length} bytes remain, advances past them and returns where they start. */
    int skip(long length) {
      if (length > limit - position) {
        throw corrupt(
            "Encoded block needs bytes["
                + length
                + "] but has remaining["
                + (limit - position)
                + "]");
      }
      int start = position;
      position += (int) length;
      return start;
    }

    int readByte() {
      return src[skip(1)] & 0xFF;
    }

    int readInt() {
      return BitPacking.readInt(src, skip(4));
    }

    long readLong() {
      return BitPacking.readLong(src, skip(8));
    }

    ByteBuffer plain(int count, int elementBytes) {
      int start = skip((long) count * elementBytes);
      return ByteBuffer.wrap(src, start, position - start).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    void packedInts(int count, int[] out) {
      int base = readInt();
      int width = readByte();
      if (width > 32) {
        throw corrupt("Bit width[" + width + "] exceeds 32");
      }
      int start = skip(BitPacking.packedBytes(count, width));
      BitPacking.unpackInts(src, start, count, width, base, out);
    }

    void packedLongs(int count, long[] out) {
      long base = readLong();
      int width = readByte();
      if (width > 64) {
        throw corrupt("Bit width[" + width + "] exceeds 64");
      }
      int start = skip(BitPacking.packedBytes(count, width));
      BitPacking.unpackLongs(src, start, count, width, base, out);
    }

    int runCount(int count) {
      int runCount = readInt();
      if (runCount < 0 || runCount > count || (runCount == 0 && count > 0)) {
        throw corrupt("Run count[" + runCount + "] is invalid for position count[" + count + "]");
      }
      return runCount;
    }

    /** Reads run lengths and checks that each is positive and that they add up to {@code count}. */
    int[] runLengths(int runCount, int count) {
      int[] lengths = new int[runCount];
      packedInts(runCount, lengths);
      long total = 0;
      for (int length : lengths) {
        if (length <= 0) {
          throw corrupt("Run length[" + length + "] is not positive");
        }
        total += length;
      }
      if (total != count) {
        throw corrupt("Run length sum[" + total + "] differs from position count[" + count + "]");
      }
      return lengths;
    }
  }
}
