package io.aurora.storage.encoding;

import io.aurora.storage.block.Block;
import org.jspecify.annotations.Nullable;

/**
 * Writes one encoded block into an array of exactly the computed size: the null section on
 * construction, then the body through the write methods. {@link #finish} checks that the body
 * filled the array, which catches a size computation that disagrees with the writer.
 */
final class BlockWriter {
  static final int NO_NULLS = 0;
  static final int SOME_NULLS = 1;
  static final int ALL_NULLS = 2;

  private final byte[] bytes;
  private int position;

  BlockWriter(Block block, long bodySize) {
    int count = block.positionCount();
    boolean @Nullable [] nulls = block.nulls();
    int nullCount = 0;
    if (nulls != null) {
      for (int i = 0; i < count; i++) {
        if (nulls[i]) {
          nullCount++;
        }
      }
    }
    int flag = nullCount == 0 ? NO_NULLS : nullCount == count ? ALL_NULLS : SOME_NULLS;
    long bitmapSize = flag == SOME_NULLS ? ((long) count + 7) >>> 3 : 0;
    bytes = new byte[Math.toIntExact(1 + bitmapSize + bodySize)];
    bytes[position++] = (byte) flag;
    if (flag == SOME_NULLS) {
      for (int i = 0; i < count; i++) {
        if (nulls[i]) {
          bytes[position + (i >>> 3)] |= (byte) (1 << (i & 7));
        }
      }
      position += (int) bitmapSize;
    }
  }

  void writeInt(int value) {
    BitPacking.writeInt(bytes, position, value);
    position += 4;
  }

  void writeLong(long value) {
    BitPacking.writeLong(bytes, position, value);
    position += 8;
  }

  void writeBytes(byte[] source, int offset, int length) {
    System.arraycopy(source, offset, bytes, position, length);
    position += length;
  }

  /** Writes {@code packed(count)} with an int32 base. */
  void packInts(int[] values, int count, int base, int width) {
    writeInt(base);
    bytes[position++] = (byte) width;
    BitPacking.packInts(values, count, base, width, bytes, position);
    position += (int) BitPacking.packedBytes(count, width);
  }

  /** Writes {@code packed(count)} with an int64 base. */
  void packLongs(long[] values, int count, long base, int width) {
    writeLong(base);
    bytes[position++] = (byte) width;
    BitPacking.packLongs(values, count, base, width, bytes, position);
    position += (int) BitPacking.packedBytes(count, width);
  }

  EncodedBlock finish(Encoding encoding) {
    if (position != bytes.length) {
      throw new IllegalStateException(
          "Encoded " + position + " bytes but computed a size of " + bytes.length);
    }
    return new EncodedBlock(encoding, bytes, bytes.length);
  }
}
