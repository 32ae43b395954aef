package io.aurora.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.scan.PageSource;
import io.aurora.storage.scan.ScanContext;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.ScanSplit;
import io.aurora.storage.scan.ScanStatistics;
import io.aurora.storage.scan.SegmentScanner;
import io.aurora.storage.testing.RandomRows;
import io.aurora.storage.testing.Rows;
import io.aurora.storage.type.ColumnSchema;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestBlockCache {
  @TempDir Path directory;

  @Test
  void keepsBlocksWithinItsBudget() {
    BlockCache cache = new BlockCache(100_000);
    for (int i = 0; i < 100; i++) {
      cache.put(1, 0, i, new LongBlock(1000, new long[1000], null));
      assertThat(cache.sizeBytes()).isLessThanOrEqualTo(100_000 + 8_200);
    }
    assertThat(cache.get(1, 0, 99)).isNotNull();
    cache.invalidate(1);
    assertThat(cache.sizeBytes()).isZero();
    assertThat(cache.get(1, 0, 99)).isNull();
  }

  @Test
  void disabledCacheKeepsNothing() {
    BlockCache.DISABLED.put(1, 0, 0, new LongBlock(1, new long[1], null));
    assertThat(BlockCache.DISABLED.get(1, 0, 0)).isNull();
    assertThat(BlockCache.DISABLED.sizeBytes()).isZero();
  }

  @Test
  void secondReadOfABlockIsServedFromTheCacheWithTheSameValues() {
    List<ColumnSchema> columns = RandomRows.allTypes();
    List<List<Object>> rows = RandomRows.rows(columns, 3000, 9);
    Path file = write(1, columns, rows);
    BlockCache cache = new BlockCache(64L << 20);
    SegmentReader reader = SegmentReader.open(file, cache);
    List<List<Object>> first = TestSegmentRoundTrip.readAll(reader);
    long missesAfterFirst = cache.misses();
    List<List<Object>> second = TestSegmentRoundTrip.readAll(reader);
    assertThat(first).isEqualTo(rows);
    assertThat(second).isEqualTo(rows);
    assertThat(cache.misses()).isEqualTo(missesAfterFirst);
    assertThat(cache.hits()).isEqualTo(columns.size() * 6L);
    Block block = reader.readBlock(0, 0);
    assertThat(reader.readBlock(0, 0)).isSameAs(block);
    reader.evictCachedBlocks();
    assertThat(cache.sizeBytes()).isZero();
  }

  @Test
  void scansThatDoNotCacheLeaveTheCacheEmptyAndScansOfNoColumnReadNoBlock() {
    List<ColumnSchema> columns = RandomRows.allTypes();
    List<List<Object>> rows = RandomRows.rows(columns, 3000, 11);
    Path file = write(2, columns, rows);
    BlockCache cache = new BlockCache(64L << 20);
    SegmentReader reader = SegmentReader.open(file, cache);
    List<String> names = columns.stream().map(ColumnSchema::name).toList();
    ScanContext compaction =
        new ScanContext(columns, new ScanRequest(names, List.of()), new ScanStatistics(), false);
    assertThat(drain(reader, compaction)).isEqualTo(3000);
    assertThat(cache.sizeBytes()).isZero();

    ScanContext countOnly =
        new ScanContext(columns, new ScanRequest(List.of(), List.of()), new ScanStatistics());
    long missesBefore = cache.misses();
    assertThat(drain(reader, countOnly)).isEqualTo(3000);
    assertThat(cache.misses()).isEqualTo(missesBefore);
    assertThat(cache.sizeBytes()).isZero();
  }

  private static long drain(SegmentReader reader, ScanContext context) {
    long rows = 0;
    for (ScanSplit split : SegmentScanner.splits(reader, context, 2)) {
      try (PageSource source = split.open()) {
        for (Page page = source.next(); page != null; page = source.next()) {
          assertThat(page.channelCount()).isEqualTo(context.outputColumns().size());
          rows += page.rowCount();
        }
      }
    }
    return rows;
  }

  /** Writes {@code rows} as segment {@code id} in blocks of 500 rows. */
  private Path write(long id, List<ColumnSchema> columns, List<List<Object>> rows) {
    Path file = directory.resolve("segment-" + id + ".aseg");
    SegmentWriter.write(
        file,
        id,
        columns,
        List.of(Rows.page(columns, rows)),
        List.of(),
        List.of(),
        SegmentWriteOptions.DEFAULT.withBlockRowCount(500));
    return file;
  }
}
