package io.aurora.storage.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * {@link Codec#ZSTD}: one Zstandard frame at level {@value #DEFAULT_LEVEL}, without a checksum
 * (segment files carry CRC32C).
 *
 * <p>A source that is not backed by an accessible array (a direct memory-mapped buffer or a
 * read-only heap buffer) is first copied into a temporary byte array, because zstd-jni decompresses
 * direct buffers only into direct buffers. The copy is of the compressed bytes, the smaller side.
 */
final class ZstdCompressor implements Compressor {
  static final int DEFAULT_LEVEL = 3;
  static final ZstdCompressor INSTANCE = new ZstdCompressor();

  private ZstdCompressor() {}

  @Override
  public int maxCompressedLength(int length) {
    return Math.toIntExact(Zstd.compressBound(length));
  }

  @Override
  public int compress(byte[] src, int srcOffset, int length, byte[] dst, int dstOffset) {
    long size =
        Zstd.compressByteArray(
            dst, dstOffset, dst.length - dstOffset, src, srcOffset, length, DEFAULT_LEVEL);
    if (Zstd.isError(size)) {
      throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(size));
    }
    return (int) size;
  }

  @Override
  public void decompress(ByteBuffer src, byte[] dst, int dstOffset, int uncompressedLength) {
    Objects.checkFromIndexSize(dstOffset, uncompressedLength, dst.length);
    byte[] source;
    int sourceOffset;
    if (src.hasArray()) {
      source = src.array();
      sourceOffset = src.arrayOffset() + src.position();
    } else {
      source = new byte[src.remaining()];
      src.duplicate().get(source);
      sourceOffset = 0;
    }
    long size;
    try {
      size =
          Zstd.decompressByteArray(
              dst, dstOffset, uncompressedLength, source, sourceOffset, src.remaining());
    } catch (ZstdException | IndexOutOfBoundsException e) {
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED, "Zstd frame is corrupt: " + e.getMessage(), e);
    }
    if (Zstd.isError(size)) {
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED, "Zstd frame is corrupt: " + Zstd.getErrorName(size));
    }
    if (size != uncompressedLength) {
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED,
          "Zstd frame decompressed to length["
              + size
              + "] instead of the expected length["
              + uncompressedLength
              + "]");
    }
  }
}
