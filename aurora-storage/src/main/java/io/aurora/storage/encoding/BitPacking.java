package io.aurora.storage.encoding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian number access and the bits of a packed sequence (see {@link Encoding}): entry
 * {@code j} is the unsigned {@code width}-bit number at bits {@code [j * width, (j + 1) * width)},
 * LSB first, and its value is {@code base + entry} with wrap-around.
 *
 * <p>Callers check bounds before unpacking: the unpack methods read exactly {@link
 * #packedBytes(int, int)} bytes from {@code offset} and never beyond.
 */
final class BitPacking {
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private BitPacking() {}

  /**
   * The bytes that {@code count} entries of {@code width} bits take, as a long to avoid overflow.
   */
  static long packedBytes(int count, int width) {
    return ((long) count * width + 7) >>> 3;
  }

  /** The smallest width that holds {@code range} read as an unsigned number. */
  static int width(long range) {
    return 64 - Long.numberOfLeadingZeros(range);
  }

  static int readInt(byte[] bytes, int offset) {
    return (int) INT.get(bytes, offset);
  }

  static long readLong(byte[] bytes, int offset) {
    return (long) LONG.get(bytes, offset);
  }

  static void writeInt(byte[] bytes, int offset, int value) {
    INT.set(bytes, offset, value);
  }

  static void writeLong(byte[] bytes, int offset, long value) {
    LONG.set(bytes, offset, value);
  }

  /**
   * Packs {@code values[0..count) - base} as unsigned 32-bit entries of {@code width} bits at
   * {@code out[offset..)}; every difference must fit in {@code width} bits.
   */
  static void packInts(int[] values, int count, int base, int width, byte[] out, int offset) {
    if (width == 0) {
      return;
    }
    long accumulator = 0;
    int bits = 0;
    int position = offset;
    for (int i = 0; i < count; i++) {
      long entry = (values[i] - base) & 0xFFFF_FFFFL;
      accumulator |= entry << bits;
      bits += width;
      if (bits >= 64) {
        writeLong(out, position, accumulator);
        position += 8;
        bits -= 64;
        accumulator = bits == 0 ? 0 : entry >>> (width - bits);
      }
    }
    writeTail(out, position, accumulator, bits);
  }

  /**
   * Packs {@code values[0..count) - base} as unsigned entries of {@code width} bits at {@code
   * out[offset..)}; every difference must fit in {@code width} bits.
   */
  static void packLongs(long[] values, int count, long base, int width, byte[] out, int offset) {
    if (width == 0) {
      return;
    }
    long accumulator = 0;
    int bits = 0;
    int position = offset;
    for (int i = 0; i < count; i++) {
      long entry = values[i] - base;
      accumulator |= entry << bits;
      bits += width;
      if (bits >= 64) {
        writeLong(out, position, accumulator);
        position += 8;
        bits -= 64;
        accumulator = bits == 0 ? 0 : entry >>> (width - bits);
      }
    }
    writeTail(out, position, accumulator, bits);
  }

  private static void writeTail(byte[] out, int position, long accumulator, int bits) {
    for (int shift = 0; shift < bits; shift += 8) {
      out[position++] = (byte) (accumulator >>> shift);
    }
  }

  /** Unpacks {@code count} entries of {@code width} (0 to 32) bits into {@code base + entry}. */
  static void unpackInts(byte[] src, int offset, int count, int width, int base, int[] out) {
    switch (width) {
      case 0 -> {
        for (int i = 0; i < count; i++) {
          out[i] = base;
        }
      }
      case 8 -> {
        for (int i = 0; i < count; i++) {
          out[i] = base + (src[offset + i] & 0xFF);
        }
      }
      case 16 -> {
        for (int i = 0; i < count; i++) {
          out[i] = base + ((src[offset + 2 * i] & 0xFF) | (src[offset + 2 * i + 1] & 0xFF) << 8);
        }
      }
      case 32 -> {
        for (int i = 0; i < count; i++) {
          out[i] = base + readInt(src, offset + 4 * i);
        }
      }
      default -> {
        long mask = (1L << width) - 1;
        int end = offset + (int) packedBytes(count, width);
        int whole = wholeWordEntries(count, width, offset, end);
        long bit = 0;
        for (int i = 0; i < whole; i++) {
          long word = readLong(src, offset + (int) (bit >>> 3)) >>> (bit & 7);
          out[i] = base + (int) (word & mask);
          bit += width;
        }
        for (int i = whole; i < count; i++) {
          long word = readWord(src, offset + (int) (bit >>> 3), end) >>> (bit & 7);
          out[i] = base + (int) (word & mask);
          bit += width;
        }
      }
    }
  }

  /** Unpacks {@code count} entries of {@code width} (0 to 64) bits into {@code base + entry}. */
  static void unpackLongs(byte[] src, int offset, int count, int width, long base, long[] out) {
    switch (width) {
      case 0 -> {
        for (int i = 0; i < count; i++) {
          out[i] = base;
        }
      }
      case 8 -> {
        for (int i = 0; i < count; i++) {
          out[i] = base + (src[offset + i] & 0xFF);
        }
      }
      case 32 -> {
        for (int i = 0; i < count; i++) {
          out[i] = base + (readInt(src, offset + 4 * i) & 0xFFFF_FFFFL);
        }
      }
      case 64 -> {
        for (int i = 0; i < count; i++) {
          out[i] = base + readLong(src, offset + 8 * i);
        }
      }
      default -> {
        long mask = (1L << width) - 1;
        int end = offset + (int) packedBytes(count, width);
        long bit = 0;
        if (width <= 56) {
          // An entry of at most 56 bits lies within the eight bytes from its first byte.
          int whole = wholeWordEntries(count, width, offset, end);
          for (int i = 0; i < whole; i++) {
            long word = readLong(src, offset + (int) (bit >>> 3)) >>> (bit & 7);
            out[i] = base + (word & mask);
            bit += width;
          }
          for (int i = whole; i < count; i++) {
            long word = readWord(src, offset + (int) (bit >>> 3), end) >>> (bit & 7);
            out[i] = base + (word & mask);
            bit += width;
          }
          return;
        }
        for (int i = 0; i < count; i++) {
          int index = offset + (int) (bit >>> 3);
          int shift = (int) (bit & 7);
          long word = readWord(src, index, end) >>> shift;
          if (shift + width > 64) {
            word |= (long) (src[index + 8] & 0xFF) << (64 - shift);
          }
          out[i] = base + (word & mask);
          bit += width;
        }
      }
    }
  }

  /**
   * How many leading entries can be read with a whole eight-byte load from their first byte without
   * passing {@code end}: all but the last few, which go through {@link #readWord}.
   */
  private static int wholeWordEntries(int count, int width, int offset, int end) {
    int whole = count;
    while (whole > 0 && offset + (int) (((long) (whole - 1) * width) >>> 3) + 8 > end) {
      whole--;
    }
    return whole;
  }

  /** Eight bytes at {@code index} as a little-endian long, zero-filled past {@code end}. */
  private static long readWord(byte[] src, int index, int end) {
    if (index + 8 <= end) {
      return readLong(src, index);
    }
    long word = 0;
    for (int i = index, shift = 0; i < end; i++, shift += 8) {
      word |= (long) (src[i] & 0xFF) << shift;
    }
    return word;
  }
}
