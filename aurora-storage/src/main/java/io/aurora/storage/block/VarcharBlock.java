package io.aurora.storage.block;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A block of UTF-8 strings: value {@code i} is {@code bytes[offsets[i] .. offsets[i + 1])}. A null
 * position has an empty range. The arrays are not copied: callers hand over ownership.
 */
public final class VarcharBlock implements Block {
  private final int positionCount;
  private final byte[] bytes;
  private final int[] offsets;
  private final boolean @Nullable [] nulls;

  public VarcharBlock(int positionCount, byte[] bytes, int[] offsets, boolean @Nullable [] nulls) {
    requireNonNull(bytes, "bytes is null");
    requireNonNull(offsets, "offsets is null");
    Block.checkArrays(positionCount, offsets.length - 1, nulls);
    if (offsets[positionCount] > bytes.length) {
      throw new IllegalArgumentException("offsets point past the end of bytes");
    }
    this.positionCount = positionCount;
    this.bytes = bytes;
    this.offsets = offsets;
    this.nulls = nulls;
  }

  /** A block of the given strings; a {@code null} element is a null value. For tests and tools. */
  public static VarcharBlock of(@Nullable String... values) {
    BlockBuilder.VarcharBuilder builder = new BlockBuilder.VarcharBuilder(values.length);
    for (String value : values) {
      if (value == null) {
        builder.appendNull();
      } else {
        builder.append(value);
      }
    }
    return builder.build();
  }

  @Override
  public int positionCount() {
    return positionCount;
  }

  /** The backing bytes, not a copy. */
  public byte[] bytes() {
    return bytes;
  }

  /** The backing offsets ({@code positionCount + 1} entries used), not a copy. */
  public int[] offsets() {
    return offsets;
  }

  public int offset(int position) {
    return offsets[position];
  }

  public int length(int position) {
    return offsets[position + 1] - offsets[position];
  }

  /** The value as a new Java string. Allocates: not for hot loops. */
  public String string(int position) {
    return new String(bytes, offsets[position], length(position), StandardCharsets.UTF_8);
  }

  /** Whether the value at {@code position} equals {@code value} byte for byte. */
  public boolean equalsBytes(int position, byte[] value) {
    int start = offsets[position];
    return Arrays.equals(bytes, start, offsets[position + 1], value, 0, value.length);
  }

  /** Unsigned lexicographic comparison of the value at {@code position} with {@code value}. */
  public int compareBytes(int position, byte[] value) {
    return Arrays.compareUnsigned(
        bytes, offsets[position], offsets[position + 1], value, 0, value.length);
  }

  @Override
  public boolean @Nullable [] nulls() {
    return nulls;
  }

  @Override
  public @Nullable Object objectValue(int position) {
    return isNull(position) ? null : string(position);
  }

  @Override
  public VarcharBlock copyPositions(int[] positions, int offset, int length) {
    int total = 0;
    for (int i = 0; i < length; i++) {
      total += length(positions[offset + i]);
    }
    byte[] copy = new byte[total];
    int[] copyOffsets = new int[length + 1];
    int at = 0;
    for (int i = 0; i < length; i++) {
      int position = positions[offset + i];
      int size = length(position);
      System.arraycopy(bytes, offsets[position], copy, at, size);
      at += size;
      copyOffsets[i + 1] = at;
    }
    return new VarcharBlock(
        length, copy, copyOffsets, Block.copyNulls(nulls, positions, offset, length));
  }

  @Override
  public VarcharBlock copyRegion(int offset, int length) {
    int start = offsets[offset];
    int end = offsets[offset + length];
    int[] copyOffsets = new int[length + 1];
    for (int i = 0; i <= length; i++) {
      copyOffsets[i] = offsets[offset + i] - start;
    }
    return new VarcharBlock(
        length,
        Arrays.copyOfRange(bytes, start, end),
        copyOffsets,
        Block.copyNullsRegion(nulls, offset, length));
  }

  @Override
  public long retainedBytes() {
    return 24L + bytes.length + 4L * offsets.length + (nulls == null ? 0 : nulls.length);
  }
}
