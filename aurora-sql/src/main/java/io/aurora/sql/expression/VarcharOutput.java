package io.aurora.sql.expression;

import io.aurora.storage.block.VarcharBlock;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Builds the VARCHAR result of a kernel into one growing byte array. Positions are written in
 * ascending order and may skip unselected positions, which become empty strings. Not thread-safe;
 * one per evaluation.
 */
final class VarcharOutput {
  private final int positionCount;
  private final int[] offsets;
  private byte[] bytes;
  private boolean @Nullable [] nulls;
  private int size;
  private int filled;

  VarcharOutput(int positionCount, int expectedBytes) {
    this.positionCount = positionCount;
    this.offsets = new int[positionCount + 1];
    this.bytes = new byte[Math.max(16, expectedBytes)];
  }

  /** Starts the value at {@code position}; positions must ascend. */
  void begin(int position) {
    while (filled < position) {
      offsets[++filled] = size;
    }
  }

  /** Ends the value started at {@code position}. */
  void end(int position) {
    offsets[position + 1] = size;
    filled = position + 1;
  }

  void appendNull(int position) {
    begin(position);
    if (nulls == null) {
      nulls = new boolean[positionCount];
    }
    nulls[position] = true;
    end(position);
  }

  void append(int position, byte[] source, int offset, int length) {
    begin(position);
    write(source, offset, length);
    end(position);
  }

  void write(byte[] source, int offset, int length) {
    ensure(length);
    System.arraycopy(source, offset, bytes, size, length);
    size += length;
  }

  void write(byte value) {
    ensure(1);
    bytes[size++] = value;
  }

  void ensure(int extra) {
    if (size + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(size + extra, bytes.length * 2));
    }
  }

  /** The buffer being written, for kernels that write in place after {@link #ensure(int)}. */
  byte[] buffer() {
    return bytes;
  }

  int size() {
    return size;
  }

  void size(int size) {
    this.size = size;
  }

  /** Writes a string's UTF-8 bytes (allocates; for formatting paths). */
  void write(String value) {
    byte[] encoded = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    write(encoded, 0, encoded.length);
  }

  VarcharBlock build() {
    begin(positionCount);
    return new VarcharBlock(positionCount, bytes, offsets, nulls);
  }
}
