package io.aurora.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.compression.Codec;
import io.aurora.storage.testing.RandomRows;
import io.aurora.storage.testing.Rows;
import io.aurora.storage.type.ColumnSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

class TestSegmentRoundTrip {
  private static Path directory;

  @BeforeContainer
  static void createDirectory() throws IOException {
    directory = Files.createTempDirectory("aurora-segment-roundtrip");
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Property(tries = 60)
  void readReturnsTheWrittenRows(
      @ForAll @IntRange(min = 0, max = 3000) int rowCount,
      @ForAll @IntRange(min = 1, max = 700) int blockRowCount,
      @ForAll @IntRange(min = 1, max = 4) int pageCount,
      @ForAll Codec codec,
      @ForAll long seed) {
    List<ColumnSchema> columns = RandomRows.allTypes();
    List<List<Object>> rows = RandomRows.rows(columns, rowCount, seed);
    List<Page> pages = new ArrayList<>();
    int perPage = Math.max(1, (rowCount + pageCount - 1) / pageCount);
    for (int start = 0; start < rowCount; start += perPage) {
      pages.add(Rows.page(columns, rows.subList(start, Math.min(rowCount, start + perPage))));
    }
    Path file = directory.resolve("segment-" + seed + "-" + rowCount + ".aseg");
    SegmentWriteOptions options =
        SegmentWriteOptions.DEFAULT.withBlockRowCount(blockRowCount).withCodec(codec);
    SegmentWriter.write(file, 7, columns, pages, List.of(), List.of(), options);

    SegmentReader reader = SegmentReader.open(file);
    assertThat(reader.rowCount()).isEqualTo(rowCount);
    assertThat(reader.footer().segmentId()).isEqualTo(7);
    assertThat(readAll(reader)).isEqualTo(rows);
  }

  @Property(tries = 30)
  void sortedSegmentHoldsTheSameRowsInKeyOrder(
      @ForAll @IntRange(min = 0, max = 2000) int rowCount, @ForAll long seed) {
    List<ColumnSchema> columns = RandomRows.allTypes();
    List<List<Object>> rows = RandomRows.rows(columns, rowCount, seed);
    Path file = directory.resolve("sorted-" + seed + "-" + rowCount + ".aseg");
    SegmentWriter.write(
        file,
        1,
        columns,
        List.of(Rows.page(columns, rows)),
        List.of("l"),
        List.of(),
        SegmentWriteOptions.DEFAULT.withBlockRowCount(256));

    SegmentReader reader = SegmentReader.open(file);
    List<List<Object>> read = readAll(reader);
    assertThat(reader.footer().sortKey()).containsExactly("l");
    assertThat(read).containsExactlyInAnyOrderElementsOf(rows);
    for (int i = 1; i < read.size(); i++) {
      assertThat((Long) read.get(i - 1).get(3)).isLessThanOrEqualTo((Long) read.get(i).get(3));
    }
  }

  @Property(tries = 20)
  void lowCardinalityStringsAreDictionaryEncodedInSortedOrder(
      @ForAll @IntRange(min = 64, max = 3000) int rowCount, @ForAll long seed) {
    List<ColumnSchema> columns = List.of(RandomRows.allTypes().get(7));
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < rowCount; i++) {
      rows.add(
          java.util.Collections.singletonList(
              i % 7 == 0 ? null : "city-" + ((i * 31 + seed) & 15)));
    }
    Path file = directory.resolve("dictionary-" + seed + "-" + rowCount + ".aseg");
    SegmentWriter.write(
        file,
        1,
        columns,
        List.of(Rows.page(columns, rows)),
        List.of(),
        List.of(),
        SegmentWriteOptions.DEFAULT.withBlockRowCount(100));
    SegmentReader reader = SegmentReader.open(file);
    assertThat(reader.column(0).hasDictionary()).isTrue();
    assertThat(reader.invertedIndex(0)).isNotNull();
    Block block = reader.readBlock(0, 0);
    assertThat(block).isInstanceOf(DictionaryBlock.class);
    assertThat(((DictionaryBlock) block).isSorted()).isTrue();
    assertThat(readAll(reader)).isEqualTo(rows);
  }

  static List<List<Object>> readAll(SegmentReader reader) {
    List<List<Object>> rows = new ArrayList<>();
    int columnCount = reader.footer().columns().size();
    for (int block = 0; block < reader.footer().blockCount(); block++) {
      Block[] blocks = new Block[columnCount];
      for (int column = 0; column < columnCount; column++) {
        blocks[column] = reader.readBlock(column, block);
      }
      rows.addAll(Rows.rows(new Page(blocks[0].positionCount(), blocks)));
    }
    return rows;
  }
}
