package io.aurora.storage.compression;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.ByteBuffer;
import java.util.Objects;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * {@link Codec#LZ4}: one LZ4 block (no frame, no checksum) with the fast compressor.
 *
 * <p>Decompression uses the bounds-checking safe decompressor with the exact expected length as the
 * output limit, so corrupt input can neither read nor write outside its ranges, and a result of any
 * other length is reported as corrupt. Direct (memory-mapped) sources are read in place.
 */
final class Lz4Compressor implements Compressor {
  static final Lz4Compressor INSTANCE = new Lz4Compressor();

  private final LZ4Compressor compressor;
  private final LZ4SafeDecompressor decompressor;

  private Lz4Compressor() {
    LZ4Factory factory = LZ4Factory.fastestInstance();
    compressor = factory.fastCompressor();
    decompressor = factory.safeDecompressor();
  }

  @Override
  public int maxCompressedLength(int length) {
    return compressor.maxCompressedLength(length);
  }

  @Override
  public int compress(byte[] src, int srcOffset, int length, byte[] dst, int dstOffset) {
    return compressor.compress(src, srcOffset, length, dst, dstOffset, dst.length - dstOffset);
  }

  @Override
  public void decompress(ByteBuffer src, byte[] dst, int dstOffset, int uncompressedLength) {
    Objects.checkFromIndexSize(dstOffset, uncompressedLength, dst.length);
    int length;
    try {
      length =
          decompressor.decompress(
              src,
              src.position(),
              src.remaining(),
              ByteBuffer.wrap(dst),
              dstOffset,
              uncompressedLength);
    } catch (LZ4Exception | IndexOutOfBoundsException e) {
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED, "LZ4 block is corrupt: " + e.getMessage(), e);
    }
    if (length != uncompressedLength) {
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED,
          "LZ4 block decompressed to length["
              + length
              + "] instead of the expected length["
              + uncompressedLength
              + "]");
    }
  }
}
