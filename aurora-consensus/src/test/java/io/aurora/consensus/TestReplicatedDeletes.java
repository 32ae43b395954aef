package io.aurora.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.TableOptions;
import io.aurora.sql.catalog.WriteTransaction;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.predicate.ColumnPredicate.Comparison;
import io.aurora.storage.predicate.ColumnPredicate.Operator;
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
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DELETE through the Raft log: the same rows go on every replica, the deletion survives restarts
 * and snapshots, and a DELETE over several shards is all or nothing like any write transaction.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TestReplicatedDeletes {
  private static final TableSchema EVENTS =
      new TableSchema(
          List.of(
              new ColumnSchema("id", DataType.BIGINT, false),
              new ColumnSchema("ts", DataType.TIMESTAMP, false),
              ColumnSchema.of("name", DataType.VARCHAR),
              ColumnSchema.of("amount", DataType.decimal(18, 2))),
          "ts",
          PartitionGranularity.DAY,
          List.of(),
          4);
  private static final StorageConfig STORAGE = StorageConfig.DEFAULT.withBlockCacheBytes(0);
  private static final ConsensusConfig CONSENSUS =
      ConsensusConfig.DEFAULT.withLogSegmentBytes(64 << 10);
  // ids below 300, and those whose name is name-7xx (700..799, except multiples of 5: NULL names)
  private static final List<List<ColumnPredicate>> DELETE =
      List.of(
          List.of(new Comparison("id", Operator.LESS_THAN, 300L)),
          List.of(
              new ColumnPredicate.LikePrefix("name", "name-7"),
              new Comparison("id", Operator.LESS_THAN, 800L)));
  private static final LongPredicate DELETED =
      id -> id < 300 || (id >= 700 && id < 800 && id % 5 != 0);

  @TempDir Path directory;

  @Test
  void deletesOnEveryShardSurviveRestartsAndSnapshots() {
    long deleted;
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("events", EVENTS, false);
      Table events = table(catalog);
      events.append(TestReplicatedCatalog.events(0, 1000));
      events.append(TestReplicatedCatalog.events(1000, 1000));
      deleted = events.delete(DELETE);
      assertThat(deleted).isEqualTo(300 + 80);
      assertThat(TestReplicatedCatalog.ids(events))
          .containsExactlyInAnyOrderElementsOf(expected(2000));
      assertThat(events.rowCount()).isEqualTo(2000 - deleted);
    }
    // Replayed from the log.
    try (ReplicatedCatalog catalog = open()) {
      assertThat(TestReplicatedCatalog.ids(table(catalog)))
          .containsExactlyInAnyOrderElementsOf(expected(2000));
      catalog.checkpoint();
      assertThat(table(catalog).delete(DELETE)).isZero();
    }
    // Loaded from snapshots and deleted-row files.
    try (ReplicatedCatalog catalog = open()) {
      assertThat(TestReplicatedCatalog.ids(table(catalog)))
          .containsExactlyInAnyOrderElementsOf(expected(2000));
      assertThat(table(catalog).delete(List.of(List.of()))).isEqualTo(2000 - deleted);
      assertThat(table(catalog).rowCount()).isZero();
    }
  }

  @Test
  void aDeleteTheShardsCannotEvaluateFailsWithoutChangingAnything() {
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("events", EVENTS, false);
      Table events = table(catalog);
      events.append(TestReplicatedCatalog.events(0, 100));
      assertThatThrownBy(
              () ->
                  events.delete(
                      List.of(
                          List.of(new Comparison("id", Operator.LESS_THAN, 50L)),
                          List.of(new Comparison("missing", Operator.EQUAL, 1L)))))
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNDEFINED_COLUMN));
      assertThat(events.rowCount()).isEqualTo(100);
    }
  }

  @Test
  void aStagedDeleteKeptInASnapshotIsAppliedWhenItCommitsAfterARestart() {
    UUID coordinator;
    String transaction;
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("events", EVENTS, false);
      table(catalog).append(TestReplicatedCatalog.events(0, 1000));
      WriteTransaction write = catalog.beginWrite();
      write.delete(table(catalog), DELETE);
      // Staged on the four shards, nothing deleted yet; the snapshot must keep the staged delete.
      assertThat(TestReplicatedCatalog.ids(table(catalog))).hasSize(1000);
      catalog.checkpoint();
      ShardStateMachine.StagedInfo staged = anyStaged(catalog);
      coordinator = staged.coordinator();
      transaction = staged.transaction();
      // The writer vanishes without committing or aborting: no close().
    }
    try (ReplicatedCatalog catalog = open()) {
      ShardPlacement decider = placement(catalog, coordinator);
      catalog.submitTransaction(
          decider,
          TransactionCodec.encode(
              TransactionCodec.Op.COMMIT,
              transaction,
              coordinator,
              System.currentTimeMillis(),
              null));
      TestingCluster.await(
          Duration.ofSeconds(60), "the resolver to commit every shard", () -> staged(catalog) == 0);
      assertThat(TestReplicatedCatalog.ids(table(catalog)))
          .containsExactlyInAnyOrderElementsOf(expected(1000));
    }
  }

  /**
   * The resolver may commit a participant before the writer's own COMMIT reaches it: the writer's
   * COMMIT then changes nothing there, and must still count what the first one deleted.
   */
  @Test
  void aDeleteCommittedFirstByTheResolverStillCountsEveryRow() {
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("events", EVENTS, false);
      table(catalog).append(TestReplicatedCatalog.events(0, 1000));
      ReplicatedWriteTransaction write = (ReplicatedWriteTransaction) catalog.beginWrite();
      write.delete(table(catalog), DELETE);
      ShardStateMachine.StagedInfo staged = anyStaged(catalog);
      byte[] commit =
          TransactionCodec.encode(
              TransactionCodec.Op.COMMIT,
              staged.transaction(),
              staged.coordinator(),
              System.currentTimeMillis(),
              null);
      // The coordinator decides, then "the resolver" commits every shard, all before the writer.
      catalog.submitTransaction(placement(catalog, staged.coordinator()), commit);
      for (ShardPlacement shard : Objects.requireNonNull(catalog.definition("events")).shards()) {
        catalog.submitTransaction(shard, commit);
      }
      write.commit();
      assertThat(write.changedRows()).isEqualTo(380);
      assertThat(TestReplicatedCatalog.ids(table(catalog)))
          .containsExactlyInAnyOrderElementsOf(expected(1000));
    }
  }

  @Test
  void everyReplicaDeletesTheSameRowsAndKeepsThemDeletedAfterARestart() {
    try (TestingCluster cluster = TestingCluster.start(directory, 3)) {
      cluster.node(0).createTable("events", EVENTS, new TableOptions(3, List.of("id")), false);
      Table writer = Objects.requireNonNull(cluster.node(0).table("events"));
      writer.append(TestReplicatedCatalog.events(0, 1000));
      writer.append(TestReplicatedCatalog.events(1000, 1000));
      Table deleter = Objects.requireNonNull(cluster.node(1).table("events"));
      assertThat(deleter.delete(DELETE)).isEqualTo(380);
      for (int node = 0; node < 3; node++) {
        assertThat(
                TestReplicatedCatalog.ids(
                    Objects.requireNonNull(cluster.node(node).table("events"))))
            .as("node %s", node)
            .containsExactlyInAnyOrderElementsOf(expected(2000));
      }
      cluster.stop(2);
      writer.append(TestReplicatedCatalog.events(2000, 100));
      cluster.start(2);
      // Each node's own replicas (every shard has one on every node) hold the same rows.
      TestingCluster.await(
          Duration.ofSeconds(60),
          "node 3's replicas to catch up",
          () -> localRows(cluster, 2) == 2100 - 380);
      for (int node = 0; node < 3; node++) {
        assertThat(localRows(cluster, node)).as("node %s", node).isEqualTo(2100 - 380);
      }
    }
  }

  @Test
  void aDeleteThatFixesTheDistributionKeyGoesToItsShardsOnly() {
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("events", EVENTS, new TableOptions(0, List.of("id")), false);
      Table events = table(catalog);
      events.append(TestReplicatedCatalog.events(0, 1000));
      java.util.Map<UUID, Long> before = appliedIndexes(catalog);
      assertThat(events.delete(List.of(List.of(new Comparison("id", Operator.EQUAL, 5L)))))
          .isEqualTo(1);
      assertThat(changedGroups(before, appliedIndexes(catalog))).isEqualTo(1);

      before = appliedIndexes(catalog);
      List<Object> some = List.of(10L, 11L, 12L);
      assertThat(
              events.delete(
                  List.of(
                      List.of(new ColumnPredicate.In("id", some)),
                      List.of(
                          new Comparison("id", Operator.EQUAL, 20L),
                          new Comparison("name", Operator.EQUAL, "nobody")))))
          .isEqualTo(3);
      assertThat(changedGroups(before, appliedIndexes(catalog))).isBetween(1, 4);

      before = appliedIndexes(catalog);
      assertThat(
              events.delete(
                  List.of(
                      List.of(new Comparison("id", Operator.EQUAL, 30L)),
                      List.of(new Comparison("id", Operator.GREATER_THAN, 990L)))))
          .isEqualTo(1 + 9);
      assertThat(changedGroups(before, appliedIndexes(catalog))).as("every shard").isEqualTo(4);
      List<Long> expected = new ArrayList<>();
      for (long id = 0; id < 1000; id++) {
        if (id != 5 && id != 10 && id != 11 && id != 12 && id != 30 && id <= 990) {
          expected.add(id);
        }
      }
      assertThat(TestReplicatedCatalog.ids(events)).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  /** DELETE entries each shard group applied (not its applied index: elections move that). */
  private static java.util.Map<UUID, Long> appliedIndexes(ReplicatedCatalog catalog) {
    java.util.Map<UUID, Long> indexes = new java.util.HashMap<>();
    for (UUID groupId : catalog.node().shardGroupIds()) {
      ShardGroup group = Objects.requireNonNull(catalog.node().shardGroup(groupId));
      indexes.put(groupId, group.deletesAppliedSinceStart());
    }
    return indexes;
  }

  private static int changedGroups(
      java.util.Map<UUID, Long> before, java.util.Map<UUID, Long> after) {
    int changed = 0;
    for (java.util.Map.Entry<UUID, Long> entry : after.entrySet()) {
      if (!entry.getValue().equals(before.get(entry.getKey()))) {
        changed++;
      }
    }
    return changed;
  }

  @Test
  void retentionDeletesWholeExpiredPartitionsAndIsKeptInTheCatalog() {
    long day = 86_400_000_000L;
    // Rows on three days from START (see TestReplicatedCatalog.events): ids % 3 tell the day.
    long start = 1_700_000_000_000_000L;
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("events", EVENTS, new TableOptions(0, List.of(), 2 * day), false);
      assertThat(catalog.retentionMicros("events")).isEqualTo(2 * day);
      Table events = table(catalog);
      events.append(TestReplicatedCatalog.events(0, 900));
      // Three days after the first row: only the first day ended more than two days ago. The
      // second day's partition holds rows older than two days too, but not only such rows.
      long deleted = catalog.enforceRetention(start + 3 * day);
      assertThat(deleted).isEqualTo(300);
      assertThat(TestReplicatedCatalog.ids(events)).hasSize(600).allMatch(id -> id % 3 != 0);
      assertThat(catalog.enforceRetention(start + 3 * day)).isZero();
      catalog.setRetention("events", 0);
      assertThat(catalog.enforceRetention(start + 40 * day)).isZero();
      catalog.setRetention("events", day);
      catalog.checkpoint();
    }
    try (ReplicatedCatalog catalog = open()) {
      assertThat(catalog.retentionMicros("events")).isEqualTo(day);
      assertThat(TestReplicatedCatalog.ids(table(catalog))).hasSize(600);
      assertThat(catalog.enforceRetention(start + 40 * day)).isEqualTo(600);
      assertThat(table(catalog).rowCount()).isZero();
    }
  }

  private static long localRows(TestingCluster cluster, int node) {
    long rows = 0;
    for (UUID groupId : cluster.node(node).node().shardGroupIds()) {
      ShardGroup group = cluster.node(node).node().shardGroup(groupId);
      if (group != null) {
        rows += group.shard().rowCount();
      }
    }
    return rows;
  }

  private ReplicatedCatalog open() {
    return ReplicatedCatalog.open(directory.resolve("single"), "127.0.0.1", 0, STORAGE, CONSENSUS);
  }

  private static Table table(ReplicatedCatalog catalog) {
    return Objects.requireNonNull(catalog.table("events"));
  }

  private static int staged(ReplicatedCatalog catalog) {
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

  private static List<Long> expected(long count) {
    List<Long> ids = new ArrayList<>();
    for (long id = 0; id < count; id++) {
      if (!DELETED.test(id)) {
        ids.add(id);
      }
    }
    return ids;
  }
}
