package io.aurora.storage.compression;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;

/**
 * The compression codec of a stored block. Each codec has a stable id written to segment files in
 * one unsigned byte; ids are never reused or renumbered, and lookups go by id, never by ordinal.
 *
 * <p>Id ranges: 0-2 are assigned below; 3-127 are reserved for future codecs; 128-255 are reserved
 * for experimental codecs that are never written by a release build.
 *
 * <p>{@link #compressor()} loads the native library of a codec on first use only, so reading ids
 * does not load JNI code.
 */
public enum Codec {
  /** Bytes are stored as they are. */
  NONE(0),
  /** The LZ4 block format (no frame), fast to decompress. */
  LZ4(1),
  /** A Zstandard frame at level {@value ZstdCompressor#DEFAULT_LEVEL}, smaller than LZ4. */
  ZSTD(2);

  private static final Codec[] BY_ID = new Codec[3];

  static {
    for (Codec codec : values()) {
      if (BY_ID[codec.id] != null) {
        throw new ExceptionInInitializerError("duplicate codec id " + codec.id);
      }
      BY_ID[codec.id] = codec;
    }
  }

  private final int id;

  Codec(int id) {
    this.id = id;
  }

  /** The stable id written to disk. */
  public int id() {
    return id;
  }

  /** The codec with the given stable id; an unknown id means a corrupt or newer file. */
  public static Codec fromId(int id) {
    Codec codec = id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    if (codec == null) {
      throw new AuroraException(ErrorCode.DATA_CORRUPTED, "Unknown codec id[" + id + "]");
    }
    return codec;
  }

  /** The shared, thread-safe compressor for this codec. */
  public Compressor compressor() {
    return switch (this) {
      case NONE -> NoneCompressor.INSTANCE;
      case LZ4 -> Lz4Compressor.INSTANCE;
      case ZSTD -> ZstdCompressor.INSTANCE;
    };
  }
}
