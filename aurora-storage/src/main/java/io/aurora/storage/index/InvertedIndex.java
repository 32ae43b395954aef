package io.aurora.storage.index;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

/**
 * An inverted index over a dictionary-encoded column: for each dictionary id, the bitmap of the
 * segment's row numbers holding that value.
 *
 * <p>Serialized form (little endian): {@code int entryCount}, then {@code entryCount + 1} int
 * offsets relative to the start of the bitmap area, then each bitmap in RoaringBitmap's portable
 * format. Reading maps the bitmaps in place (no copy) from the segment file's memory map.
 */
public final class InvertedIndex {
  private final ByteBuffer bitmaps;
  private final int[] offsets;

  private InvertedIndex(ByteBuffer bitmaps, int[] offsets) {
    this.bitmaps = bitmaps;
    this.offsets = offsets;
  }

  /** Serializes one bitmap per dictionary id, in id order. */
  public static byte[] serialize(RoaringBitmap[] rowsById) {
    int[] sizes = new int[rowsById.length];
    int total = 0;
    for (int id = 0; id < rowsById.length; id++) {
      rowsById[id].runOptimize();
      sizes[id] = rowsById[id].serializedSizeInBytes();
      total += sizes[id];
    }
    ByteBuffer buffer =
        ByteBuffer.allocate(4 + 4 * (rowsById.length + 1) + total).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putInt(rowsById.length);
    int offset = 0;
    for (int size : sizes) {
      buffer.putInt(offset);
      offset += size;
    }
    buffer.putInt(offset);
    for (RoaringBitmap bitmap : rowsById) {
      bitmap.serialize(buffer);
    }
    return buffer.array();
  }

  /** Reads an index from {@code data}'s remaining bytes without copying the bitmaps. */
  public static InvertedIndex read(ByteBuffer data) {
    ByteBuffer buffer = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    try {
      int entryCount = buffer.getInt();
      if (entryCount < 0 || 4L * (entryCount + 1) > buffer.remaining()) {
        throw new AuroraException(
            ErrorCode.DATA_CORRUPTED, "Inverted index entry count[" + entryCount + "] is invalid");
      }
      int[] offsets = new int[entryCount + 1];
      buffer.asIntBuffer().get(offsets);
      buffer.position(buffer.position() + 4 * offsets.length);
      ByteBuffer bitmaps = buffer.slice();
      for (int i = 0; i < entryCount; i++) {
        if (offsets[i] < 0 || offsets[i] > offsets[i + 1]) {
          throw new AuroraException(ErrorCode.DATA_CORRUPTED, "Inverted index offsets are invalid");
        }
      }
      if (offsets[entryCount] != bitmaps.remaining()) {
        throw new AuroraException(ErrorCode.DATA_CORRUPTED, "Inverted index size does not match");
      }
      return new InvertedIndex(bitmaps, offsets);
    } catch (RuntimeException e) {
      if (e instanceof AuroraException) {
        throw e;
      }
      throw new AuroraException(ErrorCode.DATA_CORRUPTED, "Inverted index is truncated", e);
    }
  }

  public int entryCount() {
    return offsets.length - 1;
  }

  /** The rows holding dictionary id {@code id}: a view over the mapped file, not a copy. */
  public ImmutableRoaringBitmap rows(int id) {
    ByteBuffer slice = bitmaps.duplicate();
    slice.position(offsets[id]).limit(offsets[id + 1]);
    return new ImmutableRoaringBitmap(slice.slice());
  }
}
