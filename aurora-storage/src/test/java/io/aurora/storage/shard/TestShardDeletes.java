package io.aurora.storage.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.predicate.ColumnPredicate.Comparison;
import io.aurora.storage.predicate.ColumnPredicate.Operator;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DELETE in storage: matching rows leave memory and sealed segments, stay gone across a restart and
 * compaction, whole partitions drop their files, and a bad predicate changes nothing.
 */
@Timeout(120)
class TestShardDeletes {
  private static final long DAY_MICROS = 86_400_000_000L;
  private static final long FIRST_DAY = 1_700_006_400_000_000L;
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
      StorageConfig.DEFAULT
          .withWriteOptions(SegmentWriteOptions.DEFAULT.withBlockRowCount(100))
          .withCompaction(100_000, 2);

  @TempDir Path directory;

  @Test
  void deletesMatchingRowsInMemoryAndOnDiskDurably() throws IOException {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      shard.append(rows(0, 1000, 2));
      shard.sealAll();
      shard.append(rows(1000, 200, 2)); // still in memory
      long deleted =
          shard.delete(
              List.of(
                  List.of(new Comparison("id", Operator.LESS_THAN, 100L)),
                  List.of(new Comparison("name", Operator.EQUAL, "name-3"))));
      List<Long> expected = expected(0, 1200, id -> id < 100 || id % 17 == 3);
      assertThat(deleted).isEqualTo(1200 - expected.size());
      assertThat(TestShard.ids(shard)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(shard.rowCount()).isEqualTo(expected.size());
      assertThat(countStar(shard)).isEqualTo(expected.size());
      assertThat(deletedFiles()).isNotEmpty();
      // Deleting the same rows again finds none.
      assertThat(shard.delete(List.of(List.of(new Comparison("id", Operator.LESS_THAN, 100L)))))
          .isZero();
      shard.sealAll();
    }
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      List<Long> expected = expected(0, 1200, id -> id < 100 || id % 17 == 3);
      assertThat(TestShard.ids(shard)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(countStar(shard)).isEqualTo(expected.size());
      // Filters still see only the remaining rows, on every path (statistics, dictionary).
      List<List<Object>> named =
          Rows.rows(
              shard.scan(
                  ScanRequest.of(List.of("id"), new Comparison("name", Operator.EQUAL, "name-3"))));
      assertThat(named).isEmpty();
    }
  }

  @Test
  void compactionLeavesDeletedRowsOutAndDropsTheirFiles() throws IOException {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      for (int i = 0; i < 4; i++) {
        shard.append(rows(i * 300L, 300, 1));
        shard.sealAll();
      }
      assertThat(shard.immutableSegmentCount()).isEqualTo(4);
      shard.delete(List.of(List.of(new Comparison("id", Operator.GREATER_THAN_OR_EQUAL, 1000L))));
      assertThat(deletedFiles()).isNotEmpty();
      shard.compactUntilSettled();
      assertThat(shard.immutableSegmentCount()).isEqualTo(1);
      assertThat(deletedFiles()).isEmpty();
      assertThat(TestShard.ids(shard))
          .containsExactlyInAnyOrderElementsOf(TestShard.range(0, 1000));
    }
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      assertThat(TestShard.ids(shard))
          .containsExactlyInAnyOrderElementsOf(TestShard.range(0, 1000));
    }
  }

  @Test
  void aSegmentThatLostAQuarterOfItsRowsIsRewrittenAlone() throws IOException {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      shard.append(rows(0, 1000, 1));
      shard.sealAll();
      shard.delete(List.of(List.of(new Comparison("id", Operator.LESS_THAN, 300L))));
      assertThat(shard.compact()).isTrue();
      assertThat(deletedFiles()).isEmpty();
      assertThat(TestShard.ids(shard))
          .containsExactlyInAnyOrderElementsOf(TestShard.range(300, 1000));
    }
  }

  @Test
  void deletingWholePartitionsDropsTheirFiles() throws IOException {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      shard.append(rows(0, 900, 3));
      shard.sealAll();
      assertThat(shard.partitionCount()).isEqualTo(3);
      long secondDay = FIRST_DAY + DAY_MICROS;
      long deleted =
          shard.delete(List.of(List.of(new Comparison("ts", Operator.LESS_THAN, secondDay))));
      assertThat(deleted).isEqualTo(300);
      assertThat(shard.partitionCount()).isEqualTo(2);
      assertThat(deletedFiles()).isEmpty();
      assertThat(segmentFiles()).hasSize(2);
      // An empty conjunction matches every row: TRUNCATE.
      assertThat(shard.delete(List.of(List.of()))).isEqualTo(600);
      assertThat(shard.rowCount()).isZero();
      assertThat(segmentFiles()).isEmpty();
      shard.append(rows(5000, 10, 1));
      assertThat(TestShard.ids(shard))
          .containsExactlyInAnyOrderElementsOf(TestShard.range(5000, 5010));
    }
  }

  @Test
  void aBadPredicateFailsBeforeAnythingChanges() {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      shard.append(rows(0, 100, 1));
      shard.sealAll();
      shard.append(rows(100, 100, 1));
      assertThatThrownBy(
              () ->
                  shard.delete(
                      List.of(
                          List.of(new Comparison("id", Operator.LESS_THAN, 50L)),
                          List.of(new Comparison("missing", Operator.EQUAL, 1L)))))
          .isInstanceOf(AuroraException.class)
          .extracting(e -> ((AuroraException) e).errorCode())
          .isEqualTo(ErrorCode.UNDEFINED_COLUMN);
      assertThatThrownBy(
              () ->
                  shard.delete(
                      List.of(
                          List.of(new Comparison("id", Operator.LESS_THAN, 50L)),
                          List.of(new Comparison("id", Operator.EQUAL, "text")))))
          .isInstanceOf(AuroraException.class)
          .extracting(e -> ((AuroraException) e).errorCode())
          .isEqualTo(ErrorCode.DATATYPE_MISMATCH);
      assertThat(shard.rowCount()).isEqualTo(200);
    }
  }

  @Test
  void stagedRowsAreNotDeletedAndCommitLater() {
    try (Shard shard = Shard.open(directory, SCHEMA, CONFIG)) {
      shard.append(rows(0, 100, 1));
      shard.stage("t1", rows(100, 100, 1));
      assertThat(shard.delete(List.of(List.of()))).isEqualTo(100);
      shard.commitStaged("t1");
      assertThat(TestShard.ids(shard))
          .containsExactlyInAnyOrderElementsOf(TestShard.range(100, 200));
    }
  }

  /**
   * Random appends, seals, deletes, compactions and restarts against a model of the ids that must
   * remain: whatever the segments look like, a scan returns exactly the model.
   */
  @Test
  void randomOperationsMatchAModel() {
    for (long seed = 1; seed <= 4; seed++) {
      Random random = new Random(seed);
      Path shardDirectory = directory.resolve("seed-" + seed);
      TreeMap<Long, String> model = new TreeMap<>();
      long nextId = 0;
      Shard shard = Shard.open(shardDirectory, SCHEMA, CONFIG);
      try {
        for (int step = 0; step < 60; step++) {
          int action = random.nextInt(10);
          if (action < 4) {
            int count = 1 + random.nextInt(400);
            shard.append(rows(nextId, count, 3));
            for (long id = nextId; id < nextId + count; id++) {
              model.put(id, "name-" + id % 17);
            }
            nextId += count;
          } else if (action < 6) {
            long low = nextId == 0 ? 0 : random.nextLong(nextId);
            long high = low + random.nextInt(300);
            String name = "name-" + random.nextInt(17);
            List<List<ColumnPredicate>> disjunction =
                List.of(
                    List.of(
                        new Comparison("id", Operator.GREATER_THAN_OR_EQUAL, low),
                        new Comparison("id", Operator.LESS_THAN, high)),
                    List.of(
                        new Comparison("name", Operator.EQUAL, name),
                        new Comparison("id", Operator.LESS_THAN, low)));
            long before = model.size();
            model
                .entrySet()
                .removeIf(
                    row ->
                        (row.getKey() >= low && row.getKey() < high)
                            || (row.getValue().equals(name) && row.getKey() < low));
            assertThat(shard.delete(disjunction))
                .as("seed %s step %s", seed, step)
                .isEqualTo(before - model.size());
          } else if (action < 8) {
            shard.sealAll();
          } else if (action < 9) {
            shard.compact();
          } else {
            shard.sealAll();
            shard.close();
            shard = Shard.open(shardDirectory, SCHEMA, CONFIG);
          }
          assertThat(TestShard.ids(shard))
              .as("seed %s step %s", seed, step)
              .containsExactlyInAnyOrderElementsOf(model.keySet());
        }
      } finally {
        shard.close();
      }
    }
  }

  /**
   * Deletes while compaction merges the same segments on its own thread: a merge whose inputs lost
   * rows meanwhile must not bring them back, now or after a restart.
   */
  @Test
  void deletesDuringCompactionStayDeleted() throws Exception {
    Path shardDirectory = directory.resolve("concurrent");
    TreeMap<Long, String> model = new TreeMap<>();
    try (Shard shard = Shard.open(shardDirectory, SCHEMA, CONFIG)) {
      java.util.concurrent.atomic.AtomicBoolean isRunning =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      Thread compactor =
          new Thread(
              () -> {
                while (isRunning.get()) {
                  shard.compact();
                }
              });
      compactor.start();
      try {
        long nextId = 0;
        for (int round = 0; round < 80; round++) {
          shard.append(rows(nextId, 200, 1));
          for (long id = nextId; id < nextId + 200; id++) {
            model.put(id, "");
          }
          nextId += 200;
          shard.sealAll();
          long cut = nextId - 150 - round % 7;
          shard.delete(
              List.of(
                  List.of(
                      new Comparison("id", Operator.GREATER_THAN_OR_EQUAL, cut - 300),
                      new Comparison("id", Operator.LESS_THAN, cut))));
          model.subMap(cut - 300, cut).clear();
        }
      } finally {
        isRunning.set(false);
        compactor.join();
      }
      shard.sealAll();
      assertThat(TestShard.ids(shard)).containsExactlyInAnyOrderElementsOf(model.keySet());
    }
    try (Shard shard = Shard.open(shardDirectory, SCHEMA, CONFIG)) {
      assertThat(TestShard.ids(shard)).containsExactlyInAnyOrderElementsOf(model.keySet());
    }
  }

  private static long countStar(Shard shard) {
    long rows = 0;
    for (List<Object> ignored : Rows.rows(shard.scan(ScanRequest.of(List.of())))) {
      rows++;
    }
    return rows;
  }

  private static List<Long> expected(long from, long to, java.util.function.LongPredicate gone) {
    List<Long> ids = new ArrayList<>();
    for (long id = from; id < to; id++) {
      if (!gone.test(id)) {
        ids.add(id);
      }
    }
    return ids;
  }

  private List<Path> deletedFiles() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(path -> path.toString().endsWith(".del")).toList();
    }
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(path -> path.toString().endsWith(".aseg")).toList();
    }
  }

  private static Page rows(long from, int count, int days) {
    long[] ts = new long[count];
    long[] ids = new long[count];
    String[] names = new String[count];
    for (int i = 0; i < count; i++) {
      ts[i] = FIRST_DAY + (long) (i % days) * DAY_MICROS;
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
