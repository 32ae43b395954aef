package io.aurora.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.testing.Rows;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distinct sketches segment footers carry for the planner, and files written before them. */
class TestDistinctSketches {
  private static final int ROWS = 50_000;

  @TempDir Path directory;

  @Test
  void everySketchedColumnEstimatesItsDistinctValues() {
    List<ColumnSchema> columns =
        List.of(
            new ColumnSchema("key", DataType.BIGINT, false),
            new ColumnSchema("group_id", DataType.INTEGER, true),
            new ColumnSchema("city", DataType.VARCHAR, true),
            new ColumnSchema("token", DataType.VARCHAR, false),
            new ColumnSchema("price", DataType.DOUBLE, false));
    long[] keys = new long[ROWS];
    int[] groups = new int[ROWS];
    boolean[] groupNulls = new boolean[ROWS];
    String[] cities = new String[ROWS];
    String[] tokens = new String[ROWS];
    double[] prices = new double[ROWS];
    for (int row = 0; row < ROWS; row++) {
      keys[row] = row * 7919L;
      groups[row] = row % 3000;
      groupNulls[row] = row % 5 == 0;
      cities[row] = row % 3 == 0 ? null : "city-" + row % 40;
      tokens[row] = "token-" + row;
      prices[row] = row;
    }
    Page page =
        new Page(
            ROWS,
            new LongBlock(ROWS, keys, null),
            new IntBlock(ROWS, groups, groupNulls),
            VarcharBlock.of(cities),
            VarcharBlock.of(tokens),
            new DoubleBlock(ROWS, prices, null));
    Path file = directory.resolve("sketched.aseg");
    SegmentWriter.write(file, 1, columns, List.of(page), List.of(), List.of(), defaults());

    SegmentReader reader = SegmentReader.open(file);
    assertThat(estimate(reader, "key")).isCloseTo(ROWS, within(ROWS * 0.15));
    // NULLs are not values: the rows whose group_id is NULL are those that would hold the 600
    // multiples of 5, so 2400 values remain.
    assertThat(estimate(reader, "group_id")).isCloseTo(2400, within(2400 * 0.15));
    assertThat(reader.column(reader.columnIndex("city")).hasDictionary()).isTrue();
    assertThat(estimate(reader, "city")).isCloseTo(40, within(40 * 0.15));
    assertThat(reader.column(reader.columnIndex("token")).hasDictionary()).isFalse();
    assertThat(estimate(reader, "token")).isCloseTo(ROWS, within(ROWS * 0.15));
    assertThat(reader.column(reader.columnIndex("price")).distinctSketch()).isNull();
  }

  @Test
  void aSegmentOfOneRowHasASketchToo() {
    List<ColumnSchema> columns = List.of(new ColumnSchema("key", DataType.BIGINT, false));
    Path file = directory.resolve("one.aseg");
    SegmentWriter.write(
        file,
        1,
        columns,
        List.of(Rows.page(columns, List.of(List.of(5L)))),
        List.of(),
        List.of(),
        defaults());
    assertThat(estimate(SegmentReader.open(file), "key")).isCloseTo(1, within(0.01));
  }

  /**
   * A segment written by format version 1 (before sketches; the file in the test resources was
   * written by the code of commit 36b368b) still reads, with no sketch.
   */
  @Test
  void aFormatOneSegmentReadsWithoutSketches() throws IOException {
    Path file = directory.resolve("format-1.aseg");
    try (InputStream in =
        Objects.requireNonNull(getClass().getResourceAsStream("/segments/format-1.aseg"))) {
      Files.copy(in, file);
    }
    SegmentReader reader = SegmentReader.open(file);
    assertThat(reader.rowCount()).isEqualTo(2000);
    assertThat(reader.footer().columns())
        .extracting(ColumnMetadata::distinctSketch)
        .containsOnlyNulls();
    List<Object> row = Rows.rows(readPage(reader)).get(11);
    assertThat(row).containsExactly(11L, "city-4");
  }

  @Test
  void aNewerFormatVersionIsRefused() throws IOException {
    List<ColumnSchema> columns = List.of(new ColumnSchema("key", DataType.BIGINT, false));
    Path file = directory.resolve("future.aseg");
    SegmentWriter.write(
        file,
        1,
        columns,
        List.of(Rows.page(columns, List.of(List.of(5L)))),
        List.of(),
        List.of(),
        defaults());
    byte[] bytes = Files.readAllBytes(file);
    bytes[4] = (byte) (SegmentFormat.FORMAT_VERSION + 1);
    Files.write(file, bytes);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SegmentReader.open(file))
        .isInstanceOf(SegmentCorruptedException.class)
        .hasMessageContaining("format version[" + (SegmentFormat.FORMAT_VERSION + 1) + "]");
  }

  private static SegmentWriteOptions defaults() {
    return SegmentWriteOptions.DEFAULT;
  }

  private static double estimate(SegmentReader reader, String column) {
    byte[] sketch = reader.column(reader.columnIndex(column)).distinctSketch();
    assertThat(sketch).as("sketch of %s", column).isNotNull();
    return UltraLogLog.wrap(Arrays.copyOf(sketch, sketch.length)).getDistinctCountEstimate();
  }

  private static Page readPage(SegmentReader reader) {
    int columns = reader.footer().columns().size();
    io.aurora.storage.block.Block[] blocks = new io.aurora.storage.block.Block[columns];
    for (int column = 0; column < columns; column++) {
      blocks[column] = reader.readBlock(column, 0);
    }
    return new Page(reader.rowCount(), blocks);
  }
}
