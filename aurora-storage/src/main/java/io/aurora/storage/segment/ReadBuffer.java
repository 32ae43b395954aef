package io.aurora.storage.segment;

/**
 * A growable decompression buffer that one reader thread reuses across the blocks it reads, so that
 * scanning allocates only the decoded blocks themselves. Not thread-safe.
 */
public final class ReadBuffer {
  private byte[] bytes = new byte[0];

  /** A buffer of at least {@code length} bytes; its contents are undefined. */
  byte[] ensure(int length) {
    if (bytes.length < length) {
      bytes = new byte[Math.max(length, bytes.length + (bytes.length >> 1))];
    }
    return bytes;
  }
}
