package io.aurora.storage.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.segment.SegmentWriteOptions;
import io.aurora.storage.testing.Rows;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Staged writes: invisible until committed, whole at commit, gone at abort, kept across a seal. */
@Timeout(60)
class TestShardStaging {
  private static final long DAY_MICROS = 86_400_000_000L;
  private static final TableSchema SCHEMA =
      new TableSchema(
          List.of(
              new ColumnSchema("ts", DataType.TIMESTAMP, false),
              new ColumnSchema("id", DataType.BIGINT, false),
              ColumnSchema.of("name", DataType.VARCHAR)),
          "ts",
          PartitionGranularity.DAY,
          List.of(),
          1);
  private static final StorageConfig CONFIG =
      StorageConfig.DEFAULT.withWriteOptions(SegmentWriteOptions.DEFAULT.withBlockRowCount(100));

  @TempDir Path directory;

  @Test
  void stagedRowsAreInvisibleUntilCommittedAndThenAllVisible() {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      shard.append(rows(0, 10, 1));
      shard.stage("t1", rows(100, 300, 3));
      shard.stage("t1", rows(400, 200, 2));
      assertThat(TestShard.ids(shard)).containsExactlyInAnyOrderElementsOf(TestShard.range(0, 10));
      assertThat(shard.stagedRows("t1")).isEqualTo(500);
      assertThat(shard.rowCount()).isEqualTo(10);

      assertThat(shard.commitStaged("t1")).isEqualTo(500);

      List<Long> expected = TestShard.range(0, 10);
      expected.addAll(TestShard.range(100, 600));
      assertThat(TestShard.ids(shard)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(shard.stagedKeys()).isEmpty();
      assertThat(shard.stagedRows("t1")).isEqualTo(-1);
    }
  }

  @Test
  void abortedRowsNeverBecomeVisibleAndTheirFilesAreDeleted() throws IOException {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      shard.stage("t1", rows(0, 100, 2));
      shard.sealAll();
      assertThat(stagedFiles()).isNotEmpty();
      shard.stage("t1", rows(100, 50, 1));
      assertThat(shard.abortStaged("t1")).isEqualTo(150);
      assertThat(TestShard.ids(shard)).isEmpty();
      assertThat(stagedFiles()).isEmpty();
      assertThat(shard.commitStaged("t1")).isZero();
      assertThat(TestShard.ids(shard)).isEmpty();
    }
  }

  @Test
  void sealedStagedRowsSurviveARestartAndCommitThen() throws IOException {
    List<Long> sealedIds;
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      shard.append(rows(0, 20, 1));
      shard.stage("t1", rows(100, 300, 3));
      shard.sealAll();
      sealedIds = shard.stagedSegmentIds("t1");
      assertThat(sealedIds).hasSize(3);
      shard.stage("t1", rows(400, 10, 1)); // in memory only: the caller's log replays it
    }
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      assertThat(shard.stagedKeys()).containsExactly("t1");
      assertThat(shard.stagedRows("t1")).isEqualTo(300);
      assertThat(TestShard.ids(shard)).containsExactlyInAnyOrderElementsOf(TestShard.range(0, 20));
      shard.stage("t1", rows(400, 10, 1));
      shard.commitStaged("t1");
      List<Long> expected = TestShard.range(0, 20);
      expected.addAll(TestShard.range(100, 410));
      assertThat(TestShard.ids(shard)).containsExactlyInAnyOrderElementsOf(expected);
      shard.sealAll();
    }
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      // The committed files moved into the partitions keep their ids and stay visible.
      assertThat(shard.stagedKeys()).isEmpty();
      assertThat(TestShard.ids(shard)).hasSize(330).doesNotHaveDuplicates();
      shard.append(rows(1000, 5, 1));
      shard.sealAll();
      assertThat(TestShard.ids(shard)).hasSize(335).doesNotHaveDuplicates();
    }
  }

  @Test
  void retainStagedDropsFilesTheSnapshotDoesNotKnow() throws IOException {
    List<Long> first;
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      shard.stage("known", rows(0, 100, 1));
      shard.stage("unknown", rows(100, 100, 1));
      shard.sealAll();
      first = shard.stagedSegmentIds("known");
      shard.stage("known", rows(200, 100, 1));
      shard.sealAll(); // as if a snapshot sealed this but failed before its file was written
      assertThat(shard.stagedSegmentIds("known")).hasSize(2);
    }
    try (Shard reopened = Shard.open(directory, SCHEMA, CONFIG)) {
      reopened.retainStaged(Map.of("known", first));
      assertThat(reopened.stagedKeys()).containsExactly("known");
      assertThat(reopened.stagedRows("known")).isEqualTo(100);
      assertThat(reopened.stagedSegmentIds("known")).isEqualTo(first);
      assertThat(stagedFiles()).hasSize(1);
      reopened.commitStaged("known");
      assertThat(TestShard.ids(reopened))
          .containsExactlyInAnyOrderElementsOf(TestShard.range(0, 100));
    }
  }

  @Test
  void stagingValidatesAsAppendDoes() {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      Page nullId =
          new Page(
              1,
              new LongBlock(1, new long[] {1_700_006_400_000_000L}, null),
              new LongBlock(1, new long[] {0}, new boolean[] {true}),
              VarcharBlock.of(new String[] {"x"}));
      assertThatThrownBy(() -> shard.stage("t1", nullId))
          .isInstanceOf(AuroraException.class)
          .extracting(e -> ((AuroraException) e).errorCode())
          .isEqualTo(ErrorCode.NOT_NULL_VIOLATION);
      assertThat(shard.stagedRows("t1")).isEqualTo(-1);
    }
  }

  @Test
  void rowsStagedBeforeAColumnWasAddedReadItAsNull() {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      shard.stage("t1", rows(0, 10, 1));
      shard.sealAll();
      shard.stage("t1", rows(10, 10, 1));
      shard.addColumn(ColumnSchema.of("extra", DataType.BIGINT));
      shard.commitStaged("t1");
      List<List<Object>> extra = Rows.rows(shard.scan(ScanRequest.of(List.of("id", "extra"))));
      assertThat(extra).hasSize(20).allSatisfy(row -> assertThat(row.get(1)).isNull());
    }
  }

  private List<Path> stagedFiles() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(path -> path.toString().endsWith(".aseg") && path.toString().contains("staged-"))
          .toList();
    }
  }

  private static Page rows(long from, int count, int days) {
    long[] ts = new long[count];
    long[] ids = new long[count];
    String[] names = new String[count];
    for (int i = 0; i < count; i++) {
      ts[i] = 1_700_006_400_000_000L + (long) (i % days) * DAY_MICROS;
      ids[i] = from + i;
      names[i] = "name-" + (from + i) % 17;
    }
    return new Page(
        count,
        new LongBlock(count, ts, null),
        new LongBlock(count, ids, null),
        VarcharBlock.of(names));
  }
}
