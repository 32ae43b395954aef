package io.aurora.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.TableOptions;
import io.aurora.sql.catalog.WriteTransaction;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write transactions on one node: rows of several shards and log entries become visible together,
 * or never, across restarts, with recovery ending what a vanished writer left staged.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TestWriteTransactions {
  private static final long DAY_MICROS = 86_400_000_000L;
  private static final long START_MICROS = 1_700_000_000_000_000L;
  private static final TableSchema EVENTS =
      new TableSchema(
          List.of(
              new ColumnSchema("id", DataType.BIGINT, false),
              new ColumnSchema("ts", DataType.TIMESTAMP, false),
              ColumnSchema.of("payload", DataType.VARCHAR)),
          "ts",
          PartitionGranularity.DAY,
          List.of(),
          4);
  private static final StorageConfig STORAGE = StorageConfig.DEFAULT.withBlockCacheBytes(0);
  private static final ConsensusConfig CONSENSUS =
      ConsensusConfig.DEFAULT
          .withLogSegmentBytes(256 << 10)
          .withTransactionTimeout(Duration.ofSeconds(2));

  @TempDir Path directory;

  @Test
  void stagedRowsOfSeveralShardsAppearTogetherAtCommit() {
    try (ReplicatedCatalog catalog = open()) {
      Table events = keyedTable(catalog);
      try (WriteTransaction write = catalog.beginWrite()) {
        stageRows0To800(write, events);
        assertThat(write.rowCount()).isEqualTo(800);
        assertThat(TestReplicatedCatalog.ids(events)).isEmpty();
        assertThat(stagedOn(catalog)).isGreaterThan(1);
        write.commit();
      }
      assertThat(TestReplicatedCatalog.ids(events))
          .containsExactlyInAnyOrderElementsOf(range(0, 800));
      assertThat(stagedOn(catalog)).isZero();
    }
  }

  @Test
  void aWriteClosedWithoutCommitLeavesNothing() {
    try (ReplicatedCatalog catalog = open()) {
      Table events = keyedTable(catalog);
      try (WriteTransaction write = catalog.beginWrite()) {
        stageRows0To800(write, events);
      }
      assertThat(TestReplicatedCatalog.ids(events)).isEmpty();
      assertThat(stagedOn(catalog)).isZero();
      events.append(events(1000, 10, 10)); // the shards take writes as before
      assertThat(TestReplicatedCatalog.ids(events)).hasSize(10);
    }
  }

  @Test
  void aPageLargerThanOneEntryIsAppendedWhole() {
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("events", EVENTS, false);
      Table events = table(catalog, "events");
      // About 9 MB encoded: more than three entries of one shard.
      events.append(events(0, 9_000, 1_000));
      assertThat(TestReplicatedCatalog.ids(events)).hasSize(9_000).doesNotHaveDuplicates();
      assertThat(stagedOn(catalog)).isZero();
    }
  }

  @Test
  void anAbandonedWriteIsRolledBackByRecoveryAfterARestart() {
    try (ReplicatedCatalog catalog = open()) {
      Table events = keyedTable(catalog);
      WriteTransaction write = catalog.beginWrite();
      stageRows0To800(write, events);
      catalog.checkpoint(); // seals the staged rows into staged files and snapshots
      write.append(events, events(800, 100, 10)); // only in the log
      // The writer vanishes: no commit, no close.
    }
    try (ReplicatedCatalog catalog = open()) {
      Table events = table(catalog, "events");
      assertThat(TestReplicatedCatalog.ids(events)).isEmpty();
      assertThat(stagedOn(catalog)).isGreaterThan(0);
      TestingCluster.await(
          Duration.ofSeconds(30), "recovery to roll back", () -> stagedOn(catalog) == 0);
      assertThat(TestReplicatedCatalog.ids(events)).isEmpty();
    }
    try (ReplicatedCatalog catalog = open()) {
      assertThat(TestReplicatedCatalog.ids(table(catalog, "events"))).isEmpty();
      assertThat(stagedOn(catalog)).isZero();
    }
  }

  @Test
  void aWriteDecidedBeforeTheCrashIsCompletedOnEveryShardAfterIt() throws Exception {
    String transaction;
    try (ReplicatedCatalog catalog = open()) {
      Table events = keyedTable(catalog);
      ReplicatedWriteTransaction write = (ReplicatedWriteTransaction) catalog.beginWrite();
      stageRows0To800(write, events);
      catalog.checkpoint();
      // The writer decides at its coordinator and dies before it tells the other shards.
      ShardStateMachine.StagedInfo any = anyStaged(catalog);
      transaction = any.transaction();
      ShardPlacement coordinator = placement(catalog, any.coordinator());
      catalog.submitTransaction(
          coordinator,
          TransactionCodec.encode(
              TransactionCodec.Op.COMMIT,
              transaction,
              any.coordinator(),
              System.currentTimeMillis(),
              null));
    }
    try (ReplicatedCatalog catalog = open()) {
      // A single node finishes decided transactions before open returns: no reader sees half.
      assertThat(stagedOn(catalog)).isZero();
      assertThat(TestReplicatedCatalog.ids(table(catalog, "events")))
          .containsExactlyInAnyOrderElementsOf(range(0, 800));
    }
  }

  @Test
  void recoveryWinsOverAWriterThatWasSilentTooLong() throws Exception {
    try (ReplicatedCatalog catalog = open()) {
      Table events = keyedTable(catalog);
      try (WriteTransaction write = catalog.beginWrite()) {
        stageRows0To800(write, events);
        TestingCluster.await(
            Duration.ofSeconds(30), "recovery to roll back", () -> stagedOn(catalog) == 0);
        assertThatThrownBy(write::commit)
            .isInstanceOfSatisfying(
                AuroraException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TRANSACTION_ROLLBACK));
      }
      assertThat(TestReplicatedCatalog.ids(events)).isEmpty();
    }
  }

  /**
   * A long write that stages on the shards in turn (a COPY into a table without a distribution key)
   * stays alive while it sends: the shards it has not staged on lately are touched, so recovery
   * never rolls back a writer that is busy with the others. Without the touches each shard here is
   * silent for about 4 s, past the 2 s timeout.
   */
  @Test
  void aLongWriteBusyWithOtherShardsIsNotTakenForAbandoned() throws Exception {
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("spread", EVENTS, TableOptions.DEFAULT, false);
      Table spread = table(catalog, "spread");
      try (WriteTransaction write = catalog.beginWrite()) {
        for (int page = 0; page < 7; page++) {
          write.append(spread, events(page * 100L, 100, 10));
          Thread.sleep(1_000);
        }
        write.commit();
      }
      assertThat(TestReplicatedCatalog.ids(spread))
          .containsExactlyInAnyOrderElementsOf(range(0, 700));
    }
  }

  @Test
  void aStageAfterRecoveryRolledBackIsRefused() {
    try (ReplicatedCatalog catalog = open()) {
      Table events = keyedTable(catalog);
      try (WriteTransaction write = catalog.beginWrite()) {
        stageRows0To800(write, events);
        TestingCluster.await(
            Duration.ofSeconds(30), "recovery to roll back", () -> stagedOn(catalog) == 0);
        assertThatThrownBy(() -> write.append(events, events(800, 400, 10)))
            .isInstanceOfSatisfying(
                AuroraException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TRANSACTION_ROLLBACK));
      }
      assertThat(TestReplicatedCatalog.ids(events)).isEmpty();
    }
  }

  @Test
  void aRejectedBatchFailsTheWriteAndNothingOfItIsVisible() {
    try (ReplicatedCatalog catalog = open()) {
      Table events = keyedTable(catalog);
      Page bad = events(400, 10, 10);
      BlockBuilder ids = BlockBuilder.forType(DataType.BIGINT, 10);
      for (int i = 0; i < 10; i++) {
        ids.appendObject(i == 5 ? null : (long) i, DataType.BIGINT);
      }
      Page withNull = Page.of(ids.build(), bad.block(1), bad.block(2));
      try (WriteTransaction write = catalog.beginWrite()) {
        write.append(events, events(0, 400, 10));
        assertThatThrownBy(() -> write.append(events, withNull))
            .isInstanceOfSatisfying(
                AuroraException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_NULL_VIOLATION));
      }
      assertThat(TestReplicatedCatalog.ids(events)).isEmpty();
      assertThat(stagedOn(catalog)).isZero();
    }
  }

  @Test
  void aProducerBatchOverSeveralShardsAppliesOnceAcrossRetries() {
    try (ReplicatedCatalog catalog = open()) {
      Table events = keyedTable(catalog);
      Page batch = events(0, 200, 10);
      assertThat(events.append(batch, "producer-1", 1)).isTrue();
      assertThat(events.append(batch, "producer-1", 1)).isFalse();
      assertThat(events.append(events(200, 200, 10), "producer-1", 2)).isTrue();
      assertThat(TestReplicatedCatalog.ids(events))
          .containsExactlyInAnyOrderElementsOf(range(0, 400));
    }
  }

  @Test
  void aReaderNeverSeesPartOfACommit() throws Exception {
    TableSchema ledger =
        new TableSchema(
            List.of(
                new ColumnSchema("k", DataType.BIGINT, false),
                new ColumnSchema("x", DataType.BIGINT, false)),
            null,
            PartitionGranularity.NONE,
            List.of(),
            4);
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("ledger", ledger, new TableOptions(0, List.of("k")), false);
      Table table = table(catalog, "ledger");
      AtomicBoolean isRunning = new AtomicBoolean(true);
      AtomicLong commits = new AtomicLong();
      ExecutorService writers = Executors.newFixedThreadPool(3);
      List<Future<?>> running = new ArrayList<>();
      for (int writer = 0; writer < 3; writer++) {
        long base = writer * 1_000_000_000L;
        running.add(
            writers.submit(
                () -> {
                  for (long round = 0; isRunning.get(); round++) {
                    // Rows whose x sum to zero, spread over the shards by their keys.
                    BlockBuilder keys = BlockBuilder.forType(DataType.BIGINT, 16);
                    BlockBuilder values = BlockBuilder.forType(DataType.BIGINT, 16);
                    for (int i = 0; i < 16; i++) {
                      keys.appendObject(base + round * 16 + i, DataType.BIGINT);
                      values.appendObject(
                          i % 2 == 0 ? round + i : -(round + i - 1), DataType.BIGINT);
                    }
                    table.append(Page.of(keys.build(), values.build()));
                    commits.incrementAndGet();
                  }
                  return null;
                }));
      }
      long reads = 0;
      try {
        while (commits.get() < 300) {
          long[] countAndSum = countAndSum(table);
          assertThat(countAndSum[1]).as("sum after %s rows", countAndSum[0]).isZero();
          assertThat(countAndSum[0] % 16).isZero();
          reads++;
        }
      } finally {
        isRunning.set(false);
        for (Future<?> future : running) {
          future.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();
      }
      assertThat(reads).isGreaterThan(10);
      assertThat(countAndSum(table)[0]).isEqualTo(commits.get() * 16);
    }
  }

  private static long[] countAndSum(Table table) {
    long[] countAndSum = new long[2];
    table
        .scan(ScanRequest.of(List.of("x")))
        .forEachPage(
            page -> {
              for (int row = 0; row < page.rowCount(); row++) {
                countAndSum[0]++;
                countAndSum[1] += (Long) page.objectValue(0, row);
              }
            });
    return countAndSum;
  }

  /** Two pages of rows 0-799 over the shards: the second makes the write a staged transaction. */
  private static void stageRows0To800(WriteTransaction write, Table events) {
    write.append(events, events(0, 400, 10));
    write.append(events, events(400, 400, 10));
  }

  private ReplicatedCatalog open() {
    return ReplicatedCatalog.open(directory, "127.0.0.1", 0, STORAGE, CONSENSUS);
  }

  private static Table keyedTable(ReplicatedCatalog catalog) {
    catalog.createTable("events", EVENTS, new TableOptions(0, List.of("id")), false);
    return table(catalog, "events");
  }

  private static Table table(ReplicatedCatalog catalog, String name) {
    return Objects.requireNonNull(catalog.table(name), name);
  }

  /** Transactions staged over the node's shard groups (one per group they touch). */
  private static int stagedOn(ReplicatedCatalog catalog) {
    int staged = 0;
    for (UUID groupId : catalog.node().shardGroupIds()) {
      ShardGroup group = catalog.node().shardGroup(groupId);
      if (group != null) {
        staged += group.stagedTransactions().size();
      }
    }
    return staged;
  }

  private static ShardStateMachine.StagedInfo anyStaged(ReplicatedCatalog catalog) {
    for (UUID groupId : catalog.node().shardGroupIds()) {
      ShardGroup group = Objects.requireNonNull(catalog.node().shardGroup(groupId));
      if (!group.stagedTransactions().isEmpty()) {
        return group.stagedTransactions().get(0);
      }
    }
    throw new AssertionError("nothing staged");
  }

  private static ShardPlacement placement(ReplicatedCatalog catalog, UUID groupId) {
    for (ShardPlacement shard : Objects.requireNonNull(catalog.definition("events")).shards()) {
      if (shard.groupId().equals(groupId)) {
        return shard;
      }
    }
    throw new AssertionError("no shard " + groupId);
  }

  /** Rows {@code first..first+rows-1} with a payload of {@code payloadBytes} characters. */
  private static Page events(long first, int rows, int payloadBytes) {
    BlockBuilder ids = BlockBuilder.forType(DataType.BIGINT, rows);
    BlockBuilder times = BlockBuilder.forType(DataType.TIMESTAMP, rows);
    BlockBuilder payloads = BlockBuilder.forType(DataType.VARCHAR, rows);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      long id = first + i;
      ids.appendObject(id, DataType.BIGINT);
      times.appendObject(START_MICROS + (id % 3) * DAY_MICROS, DataType.TIMESTAMP);
      text.setLength(0);
      // Distinct text per row, so that the encoded size stays close to the raw size.
      for (int c = 0; text.length() < payloadBytes; c++) {
        text.append(Long.toHexString(id * 7919 + c * 104729));
      }
      payloads.appendObject(text.substring(0, payloadBytes), DataType.VARCHAR);
    }
    return Page.of(ids.build(), times.build(), payloads.build());
  }

  private static List<Long> range(long from, long to) {
    List<Long> ids = new ArrayList<>();
    for (long id = from; id < to; id++) {
      ids.add(id);
    }
    return ids;
  }
}
