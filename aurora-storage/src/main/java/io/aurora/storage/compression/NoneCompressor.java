package io.aurora.storage.compression;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.ByteBuffer;
import java.util.Objects;

/** {@link Codec#NONE}: a copy. The stored length must equal the uncompressed length. */
final class NoneCompressor implements Compressor {
  static final NoneCompressor INSTANCE = new NoneCompressor();

  private NoneCompressor() {}

  @Override
  public int maxCompressedLength(int length) {
    return length;
  }

  @Override
  public int compress(byte[] src, int srcOffset, int length, byte[] dst, int dstOffset) {
    System.arraycopy(src, srcOffset, dst, dstOffset, length);
    return length;
  }

  @Override
  public void decompress(ByteBuffer src, byte[] dst, int dstOffset, int uncompressedLength) {
    Objects.checkFromIndexSize(dstOffset, uncompressedLength, dst.length);
    if (src.remaining() != uncompressedLength) {
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED,
          "Stored block length["
              + src.remaining()
              + "] differs from the expected length["
              + uncompressedLength
              + "]");
    }
    src.duplicate().get(dst, dstOffset, uncompressedLength);
  }
}
