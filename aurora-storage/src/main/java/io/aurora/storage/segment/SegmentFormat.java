package io.aurora.storage.segment;

import io.aurora.storage.compression.Codec;
import io.aurora.storage.encoding.Encoding;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.BlockStatistics;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The layout of a segment file, format version 2 (version 1 lacks the distinct sketches). All
 * integers are little endian.
 *
 * <pre>
 * header   8 bytes   magic "AURS", uint16 format version, uint16 reserved (0)
 * data     ...       column blocks, then per column its dictionary, inverted index and Bloom
 *                    filter, each a {@link Region}: stored bytes compressed by its codec
 * footer   n bytes   see below
 * trailer  12 bytes  int32 footer length n, int32 CRC32C of the footer, magic "AURS"
 * </pre>
 *
 * Footer: {@code int64 segmentId, int32 rowCount, int32 blockRowCount, int32 sortKeyCount, names,
 * int32 replacedCount, int64 ids, int32 columnCount}, then per column: {@code name, uint8 type id,
 * uint8 precision, uint8 scale, uint8 nullable, statistics, optional region dictionary, int32
 * dictionarySize, optional region invertedIndex, optional region bloomFilter, bytes distinctSketch
 * (empty when absent), int32 blockCount}, then per block {@code region, uint8 encoding id,
 * statistics}. A region is {@code int64 offset, int32 length, int32 uncompressedLength, uint8 codec
 * id, int32 crc32c}; an optional region is a presence byte and the region. Statistics are {@code
 * int32 rowCount, int32 nullCount, uint8 tag} and a min and max by tag: 0 none, 1 int64, 2 float64,
 * 3 int32 length and bytes. Names are int32 length and UTF-8 bytes; bytes are int32 length and the
 * bytes.
 *
 * <p>Every region and the footer carry a CRC32C, so that corruption anywhere is detected before a
 * byte of it is decoded; a reader of a newer format version refuses the file, and files of version
 * 1 are read as they are (their columns have no distinct sketch until compaction rewrites them).
 */
public final class SegmentFormat {
  static final byte[] MAGIC = {'A', 'U', 'R', 'S'};
  static final int FORMAT_VERSION = 2;
  static final int OLDEST_READABLE_VERSION = 1;
  static final int HEADER_SIZE = 8;
  static final int TRAILER_SIZE = 12;

  private static final int STATS_NONE = 0;
  private static final int STATS_LONG = 1;
  private static final int STATS_DOUBLE = 2;
  private static final int STATS_BYTES = 3;

  private SegmentFormat() {}

  static byte[] header() {
    ByteBuffer buffer = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(MAGIC).putShort((short) FORMAT_VERSION).putShort((short) 0);
    return buffer.array();
  }

  static byte[] serializeFooter(SegmentFooter footer) {
    Output out = new Output();
    out.putLong(footer.segmentId());
    out.putInt(footer.rowCount());
    out.putInt(footer.blockRowCount());
    out.putInt(footer.sortKey().size());
    for (String name : footer.sortKey()) {
      out.putString(name);
    }
    out.putInt(footer.replacedSegmentIds().size());
    for (long id : footer.replacedSegmentIds()) {
      out.putLong(id);
    }
    out.putInt(footer.columns().size());
    for (ColumnMetadata column : footer.columns()) {
      ColumnSchema schema = column.schema();
      out.putString(schema.name());
      out.putByte(schema.type().kind().id());
      out.putByte(schema.type().precision());
      out.putByte(schema.type().scale());
      out.putByte(schema.nullable() ? 1 : 0);
      putStatistics(out, column.statistics());
      putOptionalRegion(out, column.dictionary());
      out.putInt(column.dictionarySize());
      putOptionalRegion(out, column.invertedIndex());
      putOptionalRegion(out, column.bloomFilter());
      out.putBytes(column.distinctSketch() == null ? new byte[0] : column.distinctSketch());
      out.putInt(column.blocks().size());
      for (BlockMetadata block : column.blocks()) {
        putRegion(out, block.region());
        out.putByte(block.encoding().id());
        putStatistics(out, block.statistics());
      }
    }
    return out.toByteArray();
  }

  /** Parses a footer whose checksum was already verified; throws DATA_CORRUPTED if malformed. */
  static SegmentFooter parseFooter(ByteBuffer data, int version) {
    ByteBuffer in = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    try {
      long segmentId = in.getLong();
      int rowCount = in.getInt();
      int blockRowCount = in.getInt();
      int sortKeyCount = checkCount(in.getInt(), in);
      List<String> sortKey = new ArrayList<>(sortKeyCount);
      for (int i = 0; i < sortKeyCount; i++) {
        sortKey.add(getString(in));
      }
      int replacedCount = checkCount(in.getInt(), in);
      List<Long> replaced = new ArrayList<>(replacedCount);
      for (int i = 0; i < replacedCount; i++) {
        replaced.add(in.getLong());
      }
      int columnCount = checkCount(in.getInt(), in);
      List<ColumnMetadata> columns = new ArrayList<>(columnCount);
      for (int c = 0; c < columnCount; c++) {
        String name = getString(in);
        TypeKind kind = TypeKind.fromId(in.get() & 0xFF);
        int precision = in.get() & 0xFF;
        int scale = in.get() & 0xFF;
        DataType type =
            kind == TypeKind.DECIMAL ? DataType.decimal(precision, scale) : DataType.of(kind);
        boolean nullable = in.get() != 0;
        BlockStatistics statistics = getStatistics(in);
        Region dictionary = getOptionalRegion(in);
        int dictionarySize = in.getInt();
        Region invertedIndex = getOptionalRegion(in);
        Region bloomFilter = getOptionalRegion(in);
        byte[] sketch = version >= 2 ? getBytes(in) : null;
        if (sketch != null
            && sketch.length != 0
            && sketch.length != 1 << ColumnMetadata.SKETCH_PRECISION) {
          throw new AuroraException(
              ErrorCode.DATA_CORRUPTED, "distinct sketch of " + sketch.length + " bytes");
        }
        int blockCount = checkCount(in.getInt(), in);
        List<BlockMetadata> blocks = new ArrayList<>(blockCount);
        for (int b = 0; b < blockCount; b++) {
          Region region = getRegion(in);
          Encoding encoding = Encoding.fromId(in.get() & 0xFF);
          blocks.add(new BlockMetadata(region, encoding, getStatistics(in)));
        }
        columns.add(
            new ColumnMetadata(
                new ColumnSchema(name, type, nullable),
                blocks,
                statistics,
                dictionary,
                dictionarySize,
                invertedIndex,
                bloomFilter,
                sketch == null || sketch.length == 0 ? null : sketch));
      }
      if (in.hasRemaining()) {
        throw new AuroraException(ErrorCode.DATA_CORRUPTED, "footer has trailing bytes");
      }
      return new SegmentFooter(segmentId, rowCount, blockRowCount, columns, sortKey, replaced);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new AuroraException(ErrorCode.DATA_CORRUPTED, "footer is malformed: " + e, e);
    }
  }

  private static int checkCount(int count, ByteBuffer in) {
    if (count < 0 || count > in.remaining()) {
      throw new AuroraException(ErrorCode.DATA_CORRUPTED, "footer count[" + count + "] is invalid");
    }
    return count;
  }

  private static void putStatistics(Output out, BlockStatistics statistics) {
    out.putInt(statistics.rowCount());
    out.putInt(statistics.nullCount());
    Object min = statistics.min();
    Object max = statistics.max();
    if (min == null || max == null) {
      out.putByte(STATS_NONE);
    } else if (min instanceof Long minLong) {
      out.putByte(STATS_LONG);
      out.putLong(minLong);
      out.putLong((Long) max);
    } else if (min instanceof Double minDouble) {
      out.putByte(STATS_DOUBLE);
      out.putLong(Double.doubleToRawLongBits(minDouble));
      out.putLong(Double.doubleToRawLongBits((Double) max));
    } else {
      out.putByte(STATS_BYTES);
      out.putBytes((byte[]) min);
      out.putBytes((byte[]) max);
    }
  }

  private static BlockStatistics getStatistics(ByteBuffer in) {
    int rowCount = in.getInt();
    int nullCount = in.getInt();
    int tag = in.get();
    return switch (tag) {
      case STATS_NONE -> new BlockStatistics(rowCount, nullCount, null, null);
      case STATS_LONG -> new BlockStatistics(rowCount, nullCount, in.getLong(), in.getLong());
      case STATS_DOUBLE ->
          new BlockStatistics(
              rowCount,
              nullCount,
              Double.longBitsToDouble(in.getLong()),
              Double.longBitsToDouble(in.getLong()));
      case STATS_BYTES -> new BlockStatistics(rowCount, nullCount, getBytes(in), getBytes(in));
      default ->
          throw new AuroraException(
              ErrorCode.DATA_CORRUPTED, "Unknown statistics tag[" + tag + "]");
    };
  }

  private static void putRegion(Output out, Region region) {
    out.putLong(region.offset());
    out.putInt(region.length());
    out.putInt(region.uncompressedLength());
    out.putByte(region.codec().id());
    out.putInt(region.crc32c());
  }

  private static Region getRegion(ByteBuffer in) {
    long offset = in.getLong();
    int length = in.getInt();
    int uncompressedLength = in.getInt();
    Codec codec = Codec.fromId(in.get() & 0xFF);
    return new Region(offset, length, uncompressedLength, codec, in.getInt());
  }

  private static void putOptionalRegion(Output out, @Nullable Region region) {
    out.putByte(region == null ? 0 : 1);
    if (region != null) {
      putRegion(out, region);
    }
  }

  private static @Nullable Region getOptionalRegion(ByteBuffer in) {
    return in.get() == 0 ? null : getRegion(in);
  }

  private static String getString(ByteBuffer in) {
    return new String(getBytes(in), StandardCharsets.UTF_8);
  }

  private static byte[] getBytes(ByteBuffer in) {
    int length = checkCount(in.getInt(), in);
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  private static final class Output {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

    void putByte(int value) {
      bytes.write(value);
    }

    void putInt(int value) {
      scratch.clear();
      bytes.write(scratch.putInt(value).array(), 0, 4);
    }

    void putLong(long value) {
      scratch.clear();
      bytes.write(scratch.putLong(value).array(), 0, 8);
    }

    void putBytes(byte[] value) {
      putInt(value.length);
      bytes.write(value, 0, value.length);
    }

    void putString(String value) {
      putBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toByteArray() {
      return bytes.toByteArray();
    }
  }
}
