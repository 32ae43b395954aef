package io.aurora.storage.compression;

import java.nio.ByteBuffer;

/**
 * Compresses and decompresses whole blocks with one {@link Codec}. Implementations are stateless
 * and safe to share between threads.
 *
 * <p>The compressed form carries no uncompressed length: the caller stores it next to the block and
 * passes it to {@link #decompress}, which fails unless the data decompresses to exactly that many
 * bytes.
 */
public sealed interface Compressor permits NoneCompressor, Lz4Compressor, ZstdCompressor {

  /** The largest compressed size of {@code length} input bytes: the {@code dst} room to reserve. */
  int maxCompressedLength(int length);

  /**
   * Compresses {@code src[srcOffset..srcOffset+length)} into {@code dst} starting at {@code
   * dstOffset} and returns the compressed size. {@code dst} must have {@link
   * #maxCompressedLength(int)} bytes of room after {@code dstOffset}.
   */
  int compress(byte[] src, int srcOffset, int length, byte[] dst, int dstOffset);

  /**
   * Decompresses the bytes between the position and the limit of {@code src} into {@code
   * dst[dstOffset..dstOffset+uncompressedLength)}. {@code src} may be a heap or direct buffer and
   * may be read-only; its position and limit are not changed.
   *
   * @throws io.aurora.storage.error.AuroraException with {@code DATA_CORRUPTED} when the data is
   *     not valid for the codec or does not decompress to exactly {@code uncompressedLength} bytes
   */
  void decompress(ByteBuffer src, byte[] dst, int dstOffset, int uncompressedLength);
}
