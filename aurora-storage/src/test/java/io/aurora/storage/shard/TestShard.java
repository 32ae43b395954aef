package io.aurora.storage.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.segment.SegmentCorruptedException;
import io.aurora.storage.segment.SegmentWriteOptions;
import io.aurora.storage.testing.Rows;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TestShard {
  private static final long DAY_MICROS = 86_400_000_000L;
  static final List<ColumnSchema> COLUMNS =
      List.of(
          new ColumnSchema("ts", DataType.TIMESTAMP, false),
          new ColumnSchema("id", DataType.BIGINT, false),
          ColumnSchema.of("name", DataType.VARCHAR));
  static final TableSchema SCHEMA =
      new TableSchema(COLUMNS, "ts", PartitionGranularity.DAY, List.of(), 1);
  static final StorageConfig CONFIG =
      StorageConfig.DEFAULT.withWriteOptions(SegmentWriteOptions.DEFAULT.withBlockRowCount(100));

  @TempDir Path directory;

  @Test
  void routesRowsToDayPartitions() {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      shard.append(rows(0, 1000, 3));
      assertThat(shard.partitionCount()).isEqualTo(3);
      assertThat(shard.rowCount()).isEqualTo(1000);
      shard.sealAll();
      assertThat(shard.immutableSegmentCount()).isEqualTo(3);
      assertThat(ids(shard)).hasSize(1000).doesNotHaveDuplicates();
    }
  }

  @Test
  void sealedRowsSurviveARestartAndMutableRowsDoNot() {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      shard.append(rows(0, 500, 2));
      shard.sealAll();
      shard.append(rows(500, 100, 1));
    }
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      assertThat(shard.rowCount()).isEqualTo(500);
      assertThat(ids(shard)).containsExactlyInAnyOrderElementsOf(range(0, 500));
      shard.append(rows(500, 100, 1));
      shard.sealAll();
      assertThat(ids(shard)).containsExactlyInAnyOrderElementsOf(range(0, 600));
    }
  }

  @Test
  void sealsWhenTheRowThresholdIsReached() throws Exception {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG.withSegmentMaxRows(300))) {
      for (int i = 0; i < 10; i++) {
        shard.append(rows(i * 100, 100, 1));
      }
      // The first seal may take every row appended by the time it runs; later ones take the rest.
      waitFor(() -> shard.immutableSegmentCount() >= 1);
      assertThat(ids(shard)).containsExactlyInAnyOrderElementsOf(range(0, 1000));
    }
  }

  @Test
  void sealsWhenTheAgeThresholdIsReached() throws Exception {
    StorageConfig config =
        CONFIG
            .withSegmentMaxAge(Duration.ofMillis(50))
            .withMaintenanceInterval(Duration.ofMillis(10));
    try (Shard shard = Shard.open(directory, SCHEMA, config)) {
      shard.append(rows(0, 10, 1));
      waitFor(() -> shard.immutableSegmentCount() == 1);
      assertThat(ids(shard)).containsExactlyInAnyOrderElementsOf(range(0, 10));
    }
  }

  @Test
  void compactionMergesSmallSegmentsIntoOne() throws IOException {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG.withCompaction(100_000, 2))) {
      for (int i = 0; i < 4; i++) {
        shard.append(rows(i * 50, 50, 1));
        shard.sealAll();
      }
      assertThat(segmentFiles()).hasSize(4);
      assertThat(shard.compact()).isTrue();
      assertThat(shard.immutableSegmentCount()).isEqualTo(1);
      assertThat(shard.compact()).as("nothing left to merge").isFalse();
      assertThat(ids(shard)).containsExactlyInAnyOrderElementsOf(range(0, 200));
    }
    assertThat(segmentFiles()).hasSize(1);
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      assertThat(ids(shard)).containsExactlyInAnyOrderElementsOf(range(0, 200));
    }
  }

  @Test
  void leftoverInputOfAnInterruptedCompactionIsNotReadTwice() throws IOException {
    Path savedInput = directory.resolve("saved-input");
    Path input;
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG.withCompaction(100_000, 2))) {
      for (int i = 0; i < 2; i++) {
        shard.append(rows(i * 50, 50, 1));
        shard.sealAll();
      }
      input = segmentFiles().get(0);
      Files.copy(input, savedInput);
      assertThat(shard.compact()).isTrue();
    }
    Files.move(savedInput, input);
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      assertThat(ids(shard)).containsExactlyInAnyOrderElementsOf(range(0, 100));
    }
    assertThat(Files.exists(input)).as("replaced input deleted at start").isFalse();
  }

  @Test
  void unfinishedTemporaryFileIsDeletedAtStart() throws IOException {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      shard.append(rows(0, 10, 1));
      shard.sealAll();
    }
    Path segment = segmentFiles().get(0);
    Path temporary = segment.resolveSibling("segment-99.aseg.tmp");
    Files.write(temporary, new byte[] {1, 2, 3});
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      assertThat(shard.rowCount()).isEqualTo(10);
    }
    assertThat(Files.exists(temporary)).isFalse();
  }

  @Test
  void corruptSegmentFailsTheOpenNamingTheFile() throws IOException {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      shard.append(rows(0, 10, 1));
      shard.sealAll();
    }
    Path segment = segmentFiles().get(0);
    byte[] bytes = Files.readAllBytes(segment);
    bytes[bytes.length - 20] ^= 1;
    Files.write(segment, bytes);
    assertThatThrownBy(() -> Shard.open(directory, SCHEMA, CONFIG))
        .isInstanceOf(SegmentCorruptedException.class)
        .hasMessageContaining(segment.toString());
  }

  @Test
  void addedColumnReadsAsNullInOlderRows() {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      shard.append(rows(0, 5, 1));
      shard.sealAll();
      shard.append(rows(5, 5, 1));
      shard.addColumn(ColumnSchema.of("score", DataType.INTEGER));
      Page page = rows(10, 2, 1);
      shard.append(
          new Page(
              2,
              page.block(0),
              page.block(1),
              page.block(2),
              new IntBlock(2, new int[] {7, 8}, null)));
      List<List<Object>> read = Rows.rows(shard.scan(ScanRequest.of(List.of("id", "score"))));
      assertThat(read)
          .containsExactlyInAnyOrder(
              row(0L, null),
              row(1L, null),
              row(2L, null),
              row(3L, null),
              row(4L, null),
              row(5L, null),
              row(6L, null),
              row(7L, null),
              row(8L, null),
              row(9L, null),
              row(10L, 7),
              row(11L, 8));
      shard.sealAll();
      assertThat(Rows.rows(shard.scan(ScanRequest.of(List.of("id", "score"))))).hasSize(12);
    }
  }

  @Test
  void badBatchesAreRejectedWholeWithClearErrors() {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      Page good = rows(0, 3, 1);
      assertThatThrownBy(() -> shard.append(new Page(3, good.block(0), good.block(1))))
          .isInstanceOf(AuroraException.class)
          .hasMessageContaining("2 columns but the table has 3")
          .extracting(e -> ((AuroraException) e).errorCode())
          .isEqualTo(ErrorCode.DATATYPE_MISMATCH);
      assertThatThrownBy(
              () ->
                  shard.append(
                      new Page(3, good.block(0), new IntBlock(3, new int[3], null), good.block(2))))
          .hasMessageContaining("Column[id] is BIGINT");
      assertThatThrownBy(
              () ->
                  shard.append(
                      new Page(
                          3,
                          good.block(0),
                          new LongBlock(3, new long[3], new boolean[] {false, true, false}),
                          good.block(2))))
          .extracting(e -> ((AuroraException) e).errorCode())
          .isEqualTo(ErrorCode.NOT_NULL_VIOLATION);
      assertThatThrownBy(() -> shard.scan(ScanRequest.of(List.of("nope"))))
          .extracting(e -> ((AuroraException) e).errorCode())
          .isEqualTo(ErrorCode.UNDEFINED_COLUMN);
      assertThat(shard.rowCount()).isZero();
    }
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(path -> path.toString().endsWith(".aseg")).sorted().toList();
    }
  }

  static List<Long> ids(Shard shard) {
    List<Long> ids = new ArrayList<>();
    for (List<Object> row : Rows.rows(shard.scan(ScanRequest.of(List.of("id"))))) {
      ids.add((Long) row.get(0));
    }
    return ids;
  }

  static List<Long> range(long from, long to) {
    List<Long> values = new ArrayList<>();
    for (long value = from; value < to; value++) {
      values.add(value);
    }
    return values;
  }

  /** Rows with ids from..from+count-1, spread evenly over {@code days} days. */
  @Test
  void estimatesDistinctValuesFromSealedSketchesAndRowsInMemory() {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      shard.append(rows(0, 3000, 2));
      assertThat(distinct(shard, "id")).as("nothing sealed").isNaN();
      shard.sealAll();
      assertThat(distinct(shard, "id")).isCloseTo(3000, within(450.0));
      assertThat(distinct(shard, "name")).isCloseTo(17, within(2.6));
      assertThat(distinct(shard, "no_such_column")).isNaN();

      // Rows in memory: a key column grows with them, a column of few values does not.
      shard.append(rows(3000, 3000, 2));
      assertThat(distinct(shard, "id")).isCloseTo(6000, within(900.0));
      assertThat(distinct(shard, "name")).isCloseTo(17, within(2.6));
    }
  }

  private static double distinct(Shard shard, String column) {
    DistinctEstimate estimate = new DistinctEstimate();
    shard.addDistinct(column, estimate);
    return estimate.estimate();
  }

  static Page rows(long from, int count, int days) {
    long[] ts = new long[count];
    long[] ids = new long[count];
    String[] names = new String[count];
    for (int i = 0; i < count; i++) {
      ts[i] = 1_700_006_400_000_000L + (long) (i % days) * DAY_MICROS;
      ids[i] = from + i;
      names[i] = i % 4 == 0 ? null : "name-" + (from + i) % 17;
    }
    return new Page(
        count,
        new LongBlock(count, ts, null),
        new LongBlock(count, ids, null),
        VarcharBlock.of(names));
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 30 s");
      }
      Thread.sleep(10);
    }
  }
}
