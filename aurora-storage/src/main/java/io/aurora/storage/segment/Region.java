package io.aurora.storage.segment;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.compression.Codec;

/**
 * A byte range of a segment file holding one stored unit (a column block, a dictionary, an index):
 * where it starts, how long it is on disk and decompressed, how it is compressed, and the CRC32C of
 * its stored bytes.
 */
public record Region(long offset, int length, int uncompressedLength, Codec codec, int crc32c) {
  public Region {
    requireNonNull(codec, "codec is null");
    if (offset < 0 || length < 0 || uncompressedLength < 0) {
      throw new IllegalArgumentException("negative region bounds");
    }
  }
}
