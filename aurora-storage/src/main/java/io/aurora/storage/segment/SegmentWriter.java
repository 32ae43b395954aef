package io.aurora.storage.segment;

import static java.util.Objects.requireNonNull;

import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.compression.Codec;
import io.aurora.storage.encoding.ColumnEncoder;
import io.aurora.storage.encoding.EncodedBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.index.BloomFilter;
import io.aurora.storage.index.InvertedIndex;
import io.aurora.storage.index.ValueHashing;
import io.aurora.storage.predicate.BlockStatistics;
import io.aurora.storage.predicate.StatisticsCollector;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.PhysicalType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * Writes rows into an immutable segment file (layout in {@link SegmentFormat}).
 *
 * <p>The rows are gathered per column, sorted by the sort key when there is one, cut into blocks of
 * {@link SegmentWriteOptions#blockRowCount()} rows, encoded with the encoding that suits each
 * block's data, compressed when that pays, and checksummed. VARCHAR columns of low cardinality get
 * a sorted dictionary and, below a smaller cardinality, an inverted index; high-cardinality columns
 * get a Bloom filter. The file is written under a temporary name, forced to disk and renamed into
 * place, so a crash never leaves a partial segment under its real name.
 */
public final class SegmentWriter {
  private static final String TEMPORARY_SUFFIX = ".tmp";

  private final SegmentWriteOptions options;
  private final CRC32C crc = new CRC32C();
  private @Nullable FileChannel channel;
  private long position;

  private SegmentWriter(SegmentWriteOptions options) {
    this.options = requireNonNull(options, "options is null");
  }

  /**
   * Writes the rows of {@code pages} (their selections are honoured) as segment {@code segmentId}
   * at {@code file}, replacing nothing on disk until the new file is complete.
   */
  public static SegmentFooter write(
      Path file,
      long segmentId,
      List<ColumnSchema> columns,
      List<Page> pages,
      List<String> sortKey,
      List<Long> replacedSegmentIds,
      SegmentWriteOptions options) {
    return new SegmentWriter(options)
        .writeFile(file, segmentId, columns, pages, sortKey, replacedSegmentIds);
  }

  private SegmentFooter writeFile(
      Path file,
      long segmentId,
      List<ColumnSchema> columns,
      List<Page> pages,
      List<String> sortKey,
      List<Long> replacedSegmentIds) {
    long totalRows = 0;
    for (Page page : pages) {
      if (page.channelCount() != columns.size()) {
        throw new IllegalArgumentException(
            "page has " + page.channelCount() + " channels, the segment " + columns.size());
      }
      totalRows += page.rowCount();
    }
    if (totalRows > Integer.MAX_VALUE - 1) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE, "Segment row count[" + totalRows + "] is too large");
    }
    int rowCount = (int) totalRows;
    Block[] data = new Block[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      data[c] = concatenate(columns.get(c), pages, c, rowCount);
    }
    if (!sortKey.isEmpty() && rowCount > 1) {
      int[] order = RowSorter.sortOrder(data, sortColumns(columns, sortKey));
      for (int c = 0; c < data.length; c++) {
        data[c] = data[c].copyPositions(order, 0, rowCount);
      }
    }

    Path temporary = file.resolveSibling(file.getFileName() + TEMPORARY_SUFFIX);
    try (FileChannel output =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      channel = output;
      position = 0;
      writeFully(SegmentFormat.header());
      List<ColumnMetadata> columnMetadata = new ArrayList<>(columns.size());
      for (int c = 0; c < columns.size(); c++) {
        columnMetadata.add(writeColumn(columns.get(c), data[c], rowCount));
      }
      SegmentFooter footer =
          new SegmentFooter(
              segmentId,
              rowCount,
              options.blockRowCount(),
              columnMetadata,
              sortKey,
              replacedSegmentIds);
      byte[] footerBytes = SegmentFormat.serializeFooter(footer);
      writeFully(footerBytes);
      ByteBuffer trailer =
          ByteBuffer.allocate(SegmentFormat.TRAILER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
      trailer.putInt(footerBytes.length).putInt(crc32c(footerBytes, footerBytes.length));
      trailer.put(SegmentFormat.MAGIC);
      writeFully(trailer.array());
      output.force(true);
      channel = null;
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(file.toAbsolutePath().getParent());
      return footer;
    } catch (IOException e) {
      deleteQuietly(temporary);
      throw new AuroraException(
          ErrorCode.IO_ERROR, "Writing segment file[" + file + "] failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(temporary);
      throw e;
    }
  }

  private static int[] sortColumns(List<ColumnSchema> columns, List<String> sortKey) {
    int[] indexes = new int[sortKey.size()];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = -1;
      for (int c = 0; c < columns.size(); c++) {
        if (columns.get(c).name().equals(sortKey.get(i))) {
          indexes[i] = c;
        }
      }
      if (indexes[i] < 0) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_COLUMN, "Sort key column[" + sortKey.get(i) + "] is not a column");
      }
    }
    return indexes;
  }

  private static Block concatenate(ColumnSchema column, List<Page> pages, int channel, int rows) {
    if (pages.size() == 1 && pages.get(0).selection() == null) {
      Block block = pages.get(0).block(channel);
      if (!(block instanceof DictionaryBlock)) {
        return block;
      }
    }
    BlockBuilder builder = BlockBuilder.forType(column.type(), rows);
    for (Page page : pages) {
      Block block = page.block(channel);
      for (int row = 0; row < page.rowCount(); row++) {
        builder.appendFrom(block, page.position(row));
      }
    }
    return builder.build();
  }

  private ColumnMetadata writeColumn(ColumnSchema column, Block values, int rowCount)
      throws IOException {
    if (values instanceof VarcharBlock varchar) {
      DictionaryBuilder dictionary = new DictionaryBuilder();
      int[] ids = new int[rowCount];
      for (int row = 0; row < rowCount; row++) {
        if (!varchar.isNull(row)) {
          ids[row] = dictionary.add(varchar.bytes(), varchar.offset(row), varchar.length(row));
        }
      }
      if (rowCount > 0
          && dictionary.size() <= (long) (options.dictionaryMaxDistinctRatio() * rowCount)) {
        return writeDictionaryColumn(column, varchar, ids, dictionary);
      }
    }
    long[] hashes = hashes(values, rowCount);
    Region bloomFilter = null;
    byte[] distinctSketch = null;
    if (hashes != null) {
      UltraLogLog sketch = sketch(hashes);
      bloomFilter = writeBloomFilter(hashes, sketch.getDistinctCountEstimate(), rowCount);
      distinctSketch = storedSketch(sketch);
    }
    List<BlockMetadata> blocks = new ArrayList<>();
    BlockStatistics statistics = new BlockStatistics(0, 0, null, null);
    for (int start = 0; start < rowCount; start += options.blockRowCount()) {
      Block block = values.copyRegion(start, Math.min(options.blockRowCount(), rowCount - start));
      BlockStatistics blockStatistics = StatisticsCollector.compute(column.type(), block);
      statistics = merge(statistics, blockStatistics, column.type().physicalType());
      EncodedBlock encoded = ColumnEncoder.encode(block);
      blocks.add(
          new BlockMetadata(
              writeUnit(encoded.bytes(), encoded.length()), encoded.encoding(), blockStatistics));
    }
    return new ColumnMetadata(
        column, blocks, statistics, null, 0, null, bloomFilter, distinctSketch);
  }

  private ColumnMetadata writeDictionaryColumn(
      ColumnSchema column, VarcharBlock values, int[] insertionIds, DictionaryBuilder builder)
      throws IOException {
    int rowCount = values.positionCount();
    int[] sortedIdById = builder.sort();
    VarcharBlock dictionary = builder.sortedValues(sortedIdById);
    int[] ids = new int[rowCount];
    for (int row = 0; row < rowCount; row++) {
      ids[row] = values.isNull(row) ? 0 : sortedIdById[insertionIds[row]];
    }
    boolean[] nulls = values.nulls();
    DictionaryBlock all = new DictionaryBlock(rowCount, ids, dictionary, true, nulls);

    EncodedBlock encodedDictionary = ColumnEncoder.encode(dictionary);
    Region dictionaryRegion = writeUnit(encodedDictionary.bytes(), encodedDictionary.length());
    Region invertedIndex = null;
    if (dictionary.positionCount() <= options.invertedIndexMaxCardinality()) {
      RoaringBitmap[] rowsById = new RoaringBitmap[dictionary.positionCount()];
      for (int id = 0; id < rowsById.length; id++) {
        rowsById[id] = new RoaringBitmap();
      }
      for (int row = 0; row < rowCount; row++) {
        if (nulls == null || !nulls[row]) {
          rowsById[ids[row]].add(row);
        }
      }
      byte[] serialized = InvertedIndex.serialize(rowsById);
      invertedIndex = writeUnit(serialized, serialized.length);
    }

    List<BlockMetadata> blocks = new ArrayList<>();
    BlockStatistics statistics = new BlockStatistics(0, 0, null, null);
    for (int start = 0; start < rowCount; start += options.blockRowCount()) {
      int length = Math.min(options.blockRowCount(), rowCount - start);
      DictionaryBlock block = all.copyRegion(start, length);
      BlockStatistics blockStatistics = StatisticsCollector.compute(column.type(), block);
      statistics = merge(statistics, blockStatistics, PhysicalType.VARCHAR);
      EncodedBlock encoded = ColumnEncoder.encode(new IntBlock(length, block.ids(), block.nulls()));
      blocks.add(
          new BlockMetadata(
              writeUnit(encoded.bytes(), encoded.length()), encoded.encoding(), blockStatistics));
    }
    return new ColumnMetadata(
        column,
        blocks,
        statistics,
        dictionaryRegion,
        dictionary.positionCount(),
        invertedIndex,
        null,
        storedSketch(sketch(requireNonNull(hashes(dictionary, dictionary.positionCount())))));
  }

  private static BlockStatistics merge(
      BlockStatistics total, BlockStatistics block, PhysicalType type) {
    return total.rowCount() == 0 ? block : StatisticsCollector.merge(total, block, type);
  }

  /**
   * The hashes of a column's non-null values, for its distinct sketch and Bloom filter; null for
   * types that have neither.
   */
  private static long @Nullable [] hashes(Block values, int rowCount) {
    long[] hashes = new long[rowCount];
    int count = 0;
    if (values instanceof LongBlock longs) {
      for (int row = 0; row < rowCount; row++) {
        if (!longs.isNull(row)) {
          hashes[count++] = ValueHashing.hashLong(longs.value(row));
        }
      }
    } else if (values instanceof IntBlock ints) {
      for (int row = 0; row < rowCount; row++) {
        if (!ints.isNull(row)) {
          hashes[count++] = ValueHashing.hashLong(ints.value(row));
        }
      }
    } else if (values instanceof VarcharBlock strings) {
      for (int row = 0; row < rowCount; row++) {
        if (!strings.isNull(row)) {
          hashes[count++] =
              ValueHashing.hashBytes(strings.bytes(), strings.offset(row), strings.length(row));
        }
      }
    } else {
      return null;
    }
    return count == rowCount ? hashes : Arrays.copyOf(hashes, count);
  }

  /** A sketch precise enough to size a Bloom filter (2^12 registers), over the given hashes. */
  private static UltraLogLog sketch(long[] hashes) {
    UltraLogLog sketch = UltraLogLog.create(12);
    for (long hash : hashes) {
      sketch.add(hash);
    }
    return sketch;
  }

  /** The sketch as the footer keeps it: downsized to {@link ColumnMetadata#SKETCH_PRECISION}. */
  private static byte[] storedSketch(UltraLogLog sketch) {
    return sketch.downsize(ColumnMetadata.SKETCH_PRECISION).getState();
  }

  private @Nullable Region writeBloomFilter(long[] hashes, double distinct, int rowCount)
      throws IOException {
    if (options.bloomFilterMinCardinality() < 0
        || rowCount <= options.bloomFilterMinCardinality()
        || distinct <= options.bloomFilterMinCardinality()) {
      return null;
    }
    BloomFilter filter =
        BloomFilter.create((long) (distinct * 1.1), options.bloomFilterBitsPerEntry());
    for (long hash : hashes) {
      filter.add(hash);
    }
    byte[] serialized = filter.serialize();
    return writeUnit(serialized, serialized.length);
  }

  private Region writeUnit(byte[] raw, int rawLength) throws IOException {
    Codec codec = options.codec();
    byte[] stored = raw;
    int storedLength = rawLength;
    if (codec != Codec.NONE && rawLength > 0) {
      byte[] compressed = new byte[codec.compressor().maxCompressedLength(rawLength)];
      int compressedLength = codec.compressor().compress(raw, 0, rawLength, compressed, 0);
      if (compressedLength <= rawLength * (1 - options.minimumSavings())) {
        stored = compressed;
        storedLength = compressedLength;
      } else {
        codec = Codec.NONE;
      }
    } else {
      codec = Codec.NONE;
    }
    long offset = position;
    writeFully(ByteBuffer.wrap(stored, 0, storedLength));
    return new Region(offset, storedLength, rawLength, codec, crc32c(stored, storedLength));
  }

  private int crc32c(byte[] bytes, int length) {
    crc.reset();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }

  private void writeFully(byte[] bytes) throws IOException {
    writeFully(ByteBuffer.wrap(bytes));
  }

  private void writeFully(ByteBuffer buffer) throws IOException {
    FileChannel output = requireNonNull(channel, "channel is null");
    while (buffer.hasRemaining()) {
      position += output.write(buffer);
    }
  }

  static void syncDirectory(@Nullable Path directory) throws IOException {
    if (directory == null) {
      return;
    }
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException suppressed) {
      // The write already failed; that error is the one worth reporting.
    }
  }
}
