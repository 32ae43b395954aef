package io.aurora.storage.segment;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.compression.Codec;
import io.aurora.storage.encoding.ColumnDecoder;
import io.aurora.storage.encoding.Encoding;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.index.BloomFilter;
import io.aurora.storage.index.InvertedIndex;
import io.aurora.storage.type.PhysicalType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Reads a segment file through a read-only memory map and decodes its blocks.
 *
 * <p>Opening checks the header, the trailer and the footer's CRC32C and parses the footer; each
 * stored unit is checked against its CRC32C the first time it is read. Any mismatch, truncation or
 * malformed content throws {@link AuroraException} with {@link ErrorCode#DATA_CORRUPTED} naming the
 * file and, for a unit, the column and block (or dictionary or index): a corrupt file is never read
 * as data.
 *
 * <p>A reader is safe for concurrent use by many threads. Blocks it returns are new objects the
 * caller owns; dictionaries and indexes are shared and immutable. The map stays valid after the
 * file is deleted and is released when the reader becomes unreachable.
 */
public final class SegmentReader {
  private static final int DICTIONARY_UNIT = -1;
  private static final int INVERTED_INDEX_UNIT = -2;
  private static final int BLOOM_FILTER_UNIT = -3;

  private final Path file;
  private final MappedByteBuffer map;
  private final SegmentFooter footer;
  private final boolean[][] verifiedBlocks;
  private final @Nullable VarcharBlock[] dictionaries;
  private final @Nullable InvertedIndex[] invertedIndexes;
  private final @Nullable BloomFilter[] bloomFilters;
  private final BlockCache cache;
  private final long cacheKey = BlockCache.newSegmentKey();

  private SegmentReader(Path file, MappedByteBuffer map, SegmentFooter footer, BlockCache cache) {
    this.file = file;
    this.cache = cache;
    this.map = map;
    this.footer = footer;
    int columnCount = footer.columns().size();
    this.verifiedBlocks = new boolean[columnCount][];
    for (int c = 0; c < columnCount; c++) {
      verifiedBlocks[c] = new boolean[footer.columns().get(c).blocks().size()];
    }
    this.dictionaries = new VarcharBlock[columnCount];
    this.invertedIndexes = new InvertedIndex[columnCount];
    this.bloomFilters = new BloomFilter[columnCount];
  }

  /** Maps and validates the segment file at {@code file}, without caching decoded blocks. */
  public static SegmentReader open(Path file) {
    return open(file, BlockCache.DISABLED);
  }

  /**
   * Maps and validates the segment file at {@code file}; decoded blocks are kept in {@code cache}
   * (shared by the segments of a node) for later scans.
   */
  public static SegmentReader open(Path file, BlockCache cache) {
    requireNonNull(file, "file is null");
    requireNonNull(cache, "cache is null");
    MappedByteBuffer map;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < SegmentFormat.HEADER_SIZE + SegmentFormat.TRAILER_SIZE) {
        throw corrupted(file, "it is truncated to " + size + " bytes");
      }
      if (size > Integer.MAX_VALUE) {
        throw corrupted(file, "it is larger than 2 GiB");
      }
      map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    } catch (IOException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR, "Opening segment file[" + file + "] failed: " + e.getMessage(), e);
    }
    ByteBuffer buffer = map.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int size = buffer.capacity();
    byte[] magic = new byte[4];
    buffer.get(0, magic);
    if (!Arrays.equals(magic, SegmentFormat.MAGIC)) {
      throw corrupted(file, "its header has no segment magic");
    }
    int version = buffer.getShort(4) & 0xFFFF;
    if (buffer.getShort(6) != 0) {
      throw corrupted(file, "its header's reserved bytes are not zero");
    }
    if (version < SegmentFormat.OLDEST_READABLE_VERSION || version > SegmentFormat.FORMAT_VERSION) {
      throw corrupted(
          file,
          "its header names format version["
              + version
              + "]; this build reads versions "
              + SegmentFormat.OLDEST_READABLE_VERSION
              + " to "
              + SegmentFormat.FORMAT_VERSION);
    }
    buffer.get(size - 4, magic);
    if (!Arrays.equals(magic, SegmentFormat.MAGIC)) {
      throw corrupted(file, "its trailer has no segment magic (the file is truncated)");
    }
    int footerLength = buffer.getInt(size - SegmentFormat.TRAILER_SIZE);
    int footerCrc = buffer.getInt(size - SegmentFormat.TRAILER_SIZE + 4);
    int footerStart = size - SegmentFormat.TRAILER_SIZE - footerLength;
    if (footerLength < 0 || footerStart < SegmentFormat.HEADER_SIZE) {
      throw corrupted(file, "its trailer gives an impossible footer length[" + footerLength + "]");
    }
    ByteBuffer footerBytes = buffer.slice(footerStart, footerLength);
    if (crc32c(footerBytes.duplicate()) != footerCrc) {
      throw corrupted(file, "its footer fails its checksum");
    }
    SegmentFooter footer;
    try {
      footer = SegmentFormat.parseFooter(footerBytes, version);
    } catch (AuroraException e) {
      throw new SegmentCorruptedException(file, "none", "none", "its footer is malformed", e);
    }
    for (ColumnMetadata column : footer.columns()) {
      for (BlockMetadata block : column.blocks()) {
        checkBounds(file, block.region(), footerStart, column.name());
      }
    }
    return new SegmentReader(file, map, footer, cache);
  }

  private static void checkBounds(Path file, Region region, int dataEnd, String column) {
    if (region.offset() < SegmentFormat.HEADER_SIZE
        || region.offset() + region.length() > dataEnd) {
      throw new SegmentCorruptedException(
          file, column, "none", "a block lies outside the data area", null);
    }
  }

  public Path file() {
    return file;
  }

  public SegmentFooter footer() {
    return footer;
  }

  public int rowCount() {
    return footer.rowCount();
  }

  /** The index of the named column, or -1 when this segment does not have it. */
  public int columnIndex(String name) {
    return footer.columnIndex(name);
  }

  public ColumnMetadata column(int column) {
    return footer.columns().get(column);
  }

  /**
   * Block {@code block} of column {@code column}: a newly decoded block, or the same immutable
   * block an earlier read decoded when the reader has a cache.
   */
  public Block readBlock(int column, int block) {
    return readBlock(column, block, new ReadBuffer());
  }

  /**
   * Block {@code block} of column {@code column}, decompressing through {@code buffer}, which a
   * single-threaded caller reuses across blocks to avoid allocating a decompression buffer per
   * block. The returned block shares nothing with the buffer; it may be a cached block shared with
   * other scans (blocks are immutable).
   */
  public Block readBlock(int column, int block, ReadBuffer buffer) {
    return readBlock(column, block, buffer, true);
  }

  /**
   * As {@link #readBlock(int, int, ReadBuffer)}; a block this call decodes is put in the cache only
   * when {@code keep}, so that a one-off reader (compaction) does not evict the blocks of queries.
   */
  public Block readBlock(int column, int block, ReadBuffer buffer, boolean keep) {
    Block cached = cache.get(cacheKey, column, block);
    if (cached != null) {
      return cached;
    }
    Block decoded = decodeBlock(column, block, buffer);
    if (keep) {
      cache.put(cacheKey, column, block, decoded);
    }
    return decoded;
  }

  /** Forgets this segment's cached blocks; called when its file is deleted. */
  public void evictCachedBlocks() {
    cache.invalidate(cacheKey);
  }

  private Block decodeBlock(int column, int block, ReadBuffer buffer) {
    ColumnMetadata metadata = footer.columns().get(column);
    BlockMetadata blockMetadata = metadata.blocks().get(block);
    try {
      int length = blockMetadata.region().uncompressedLength();
      byte[] raw = readUnit(metadata, blockMetadata.region(), column, block, buffer.ensure(length));
      int rows = blockMetadata.rowCount();
      if (metadata.hasDictionary()) {
        IntBlock ids =
            (IntBlock)
                ColumnDecoder.decode(
                    blockMetadata.encoding(), PhysicalType.INT, raw, 0, length, rows);
        VarcharBlock dictionary = dictionary(column);
        checkIds(ids, dictionary.positionCount());
        return new DictionaryBlock(rows, ids.values(), dictionary, true, ids.nulls());
      }
      return ColumnDecoder.decode(
          blockMetadata.encoding(), metadata.schema().type().physicalType(), raw, 0, length, rows);
    } catch (AuroraException e) {
      throw e.errorCode() == ErrorCode.DATA_CORRUPTED ? corrupted(metadata, block, e) : e;
    } catch (RuntimeException e) {
      throw corrupted(metadata, block, e);
    }
  }

  private static void checkIds(IntBlock ids, int dictionarySize) {
    int[] values = ids.values();
    for (int i = 0; i < ids.positionCount(); i++) {
      if ((values[i] < 0 || values[i] >= dictionarySize) && !ids.isNull(i)) {
        throw new AuroraException(
            ErrorCode.DATA_CORRUPTED, "dictionary id[" + values[i] + "] is out of range");
      }
    }
  }

  /** The sorted dictionary of a dictionary-encoded column; shared, must not be modified. */
  public VarcharBlock dictionary(int column) {
    VarcharBlock dictionary = dictionaries[column];
    if (dictionary == null) {
      ColumnMetadata metadata = footer.columns().get(column);
      Region region = requireNonNull(metadata.dictionary(), "column has no dictionary");
      try {
        byte[] raw = readUnit(metadata, region, column, DICTIONARY_UNIT);
        dictionary =
            (VarcharBlock)
                ColumnDecoder.decode(
                    Encoding.PLAIN,
                    PhysicalType.VARCHAR,
                    raw,
                    0,
                    raw.length,
                    metadata.dictionarySize());
      } catch (AuroraException e) {
        throw e.errorCode() == ErrorCode.DATA_CORRUPTED
            ? corrupted(metadata, DICTIONARY_UNIT, e)
            : e;
      } catch (RuntimeException e) {
        throw corrupted(metadata, DICTIONARY_UNIT, e);
      }
      dictionaries[column] = dictionary;
    }
    return dictionary;
  }

  /** The inverted index of a column, or null when it has none. */
  public @Nullable InvertedIndex invertedIndex(int column) {
    ColumnMetadata metadata = footer.columns().get(column);
    Region region = metadata.invertedIndex();
    if (region == null) {
      return null;
    }
    InvertedIndex index = invertedIndexes[column];
    if (index == null) {
      try {
        index =
            InvertedIndex.read(
                ByteBuffer.wrap(readUnit(metadata, region, column, INVERTED_INDEX_UNIT)));
      } catch (AuroraException e) {
        throw corrupted(metadata, INVERTED_INDEX_UNIT, e);
      }
      invertedIndexes[column] = index;
    }
    return index;
  }

  /** The Bloom filter of a column, or null when it has none. */
  public @Nullable BloomFilter bloomFilter(int column) {
    ColumnMetadata metadata = footer.columns().get(column);
    Region region = metadata.bloomFilter();
    if (region == null) {
      return null;
    }
    BloomFilter filter = bloomFilters[column];
    if (filter == null) {
      try {
        filter =
            BloomFilter.read(
                ByteBuffer.wrap(readUnit(metadata, region, column, BLOOM_FILTER_UNIT)));
      } catch (AuroraException e) {
        throw corrupted(metadata, BLOOM_FILTER_UNIT, e);
      }
      bloomFilters[column] = filter;
    }
    return filter;
  }

  private byte[] readUnit(ColumnMetadata metadata, Region region, int column, int unit) {
    return readUnit(metadata, region, column, unit, new byte[region.uncompressedLength()]);
  }

  /** Checks and decompresses a unit into {@code raw}, which holds at least its raw length. */
  private byte[] readUnit(
      ColumnMetadata metadata, Region region, int column, int unit, byte[] raw) {
    if (region.offset() + region.length() > map.capacity()) {
      throw corrupted(metadata, unit, "it lies past the end of the file");
    }
    ByteBuffer stored = map.slice((int) region.offset(), region.length());
    boolean isBlock = unit >= 0;
    if (!isBlock || !verifiedBlocks[column][unit]) {
      if (crc32c(stored.duplicate()) != region.crc32c()) {
        throw corrupted(metadata, unit, "it fails its checksum");
      }
      if (isBlock) {
        verifiedBlocks[column][unit] = true;
      }
    }
    if (region.codec() == Codec.NONE) {
      if (region.length() != region.uncompressedLength()) {
        throw corrupted(metadata, unit, "its stored and raw lengths differ without a codec");
      }
      stored.get(raw, 0, region.length());
    } else {
      region.codec().compressor().decompress(stored, raw, 0, region.uncompressedLength());
    }
    return raw;
  }

  private static int crc32c(ByteBuffer bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return (int) crc.getValue();
  }

  private SegmentCorruptedException corrupted(ColumnMetadata column, int unit, Exception cause) {
    if (cause instanceof SegmentCorruptedException corrupted) {
      return corrupted;
    }
    return new SegmentCorruptedException(
        file, column.name(), unitName(unit), String.valueOf(cause.getMessage()), cause);
  }

  private SegmentCorruptedException corrupted(ColumnMetadata column, int unit, String reason) {
    return new SegmentCorruptedException(file, column.name(), unitName(unit), reason, null);
  }

  private static String unitName(int unit) {
    return switch (unit) {
      case DICTIONARY_UNIT -> "dictionary";
      case INVERTED_INDEX_UNIT -> "inverted index";
      case BLOOM_FILTER_UNIT -> "bloom filter";
      default -> Integer.toString(unit);
    };
  }

  private static SegmentCorruptedException corrupted(Path file, String reason) {
    return new SegmentCorruptedException(file, "none", "none", reason, null);
  }
}
