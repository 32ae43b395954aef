package io.aurora.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.TableOptions;
import io.aurora.sql.catalog.WriteTransaction;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write transactions over shards held by different nodes (one replica each, so most stages go to
 * another node), and recovery by the survivors when the writing node stops mid-transaction.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TestClusterWriteTransactions {
  private static final TableSchema EVENTS =
      new TableSchema(
          List.of(
              new ColumnSchema("id", DataType.BIGINT, false),
              ColumnSchema.of("payload", DataType.VARCHAR)),
          null,
          PartitionGranularity.NONE,
          List.of(),
          6);

  @TempDir Path directory;

  @Test
  void aWriteOverShardsOfEveryNodeIsVisibleWholeOnEveryNode() {
    try (TestingCluster cluster = TestingCluster.start(directory, 3)) {
      cluster.node(0).createTable("events", EVENTS, new TableOptions(1, List.of("id")), false);
      Table writer = table(cluster, 0);
      try (WriteTransaction write = cluster.node(0).beginWrite()) {
        write.append(writer, rows(0, 600));
        write.append(writer, rows(600, 600));
        for (int node = 0; node < 3; node++) {
          assertThat(TestReplicatedCatalog.ids(table(cluster, node))).isEmpty();
        }
        write.commit();
      }
      for (int node = 0; node < 3; node++) {
        assertThat(TestReplicatedCatalog.ids(table(cluster, node)))
            .as("node %s", node)
            .containsExactlyInAnyOrderElementsOf(range(0, 1200));
      }
    }
  }

  @Test
  void survivorsRollBackTheWriteOfANodeThatStoppedBeforeItsCommit() {
    try (TestingCluster cluster = TestingCluster.start(directory, 3)) {
      cluster.node(0).createTable("events", EVENTS, new TableOptions(1, List.of("id")), false);
      Table writer = table(cluster, 0);
      WriteTransaction write = cluster.node(0).beginWrite();
      write.append(writer, rows(0, 600));
      write.append(writer, rows(600, 600));
      // The writer's node goes. With one replica per shard, the coordinator may be one of its
      // shards, which nobody can ask until it is back: resolution waits for it, it never guesses.
      cluster.stop(0);
      cluster.start(0);
      TestingCluster.await(
          Duration.ofSeconds(60),
          "every node to roll back",
          () -> staged(cluster, 0) == 0 && staged(cluster, 1) == 0 && staged(cluster, 2) == 0);
      for (int node = 0; node < 3; node++) {
        assertThat(TestReplicatedCatalog.ids(table(cluster, node))).as("node %s", node).isEmpty();
      }
    }
  }

  @Test
  void survivorsCommitTheWriteOfANodeThatStoppedAfterTheDecision() {
    try (TestingCluster cluster = TestingCluster.start(directory, 3)) {
      cluster.node(0).createTable("events", EVENTS, new TableOptions(1, List.of("id")), false);
      Table writer = table(cluster, 0);
      WriteTransaction write = cluster.node(0).beginWrite();
      write.append(writer, rows(0, 600));
      write.append(writer, rows(600, 600));
      // Decide at the coordinator, as the writer's commit does first, then stop the writer.
      ShardStateMachine.StagedInfo any = anyStaged(cluster);
      ShardPlacement coordinator = placement(cluster, any.coordinator());
      cluster
          .node(0)
          .submitTransaction(
              coordinator,
              TransactionCodec.encode(
                  TransactionCodec.Op.COMMIT,
                  any.transaction(),
                  any.coordinator(),
                  System.currentTimeMillis(),
                  null));
      cluster.stop(0);
      cluster.start(0);
      TestingCluster.await(
          Duration.ofSeconds(60),
          "every node to commit",
          () -> staged(cluster, 0) == 0 && staged(cluster, 1) == 0 && staged(cluster, 2) == 0);
      for (int node = 0; node < 3; node++) {
        assertThat(TestReplicatedCatalog.ids(table(cluster, node)))
            .as("node %s", node)
            .containsExactlyInAnyOrderElementsOf(range(0, 1200));
      }
    }
  }

  private static Table table(TestingCluster cluster, int node) {
    return Objects.requireNonNull(cluster.node(node).table("events"));
  }

  private static int staged(TestingCluster cluster, int node) {
    int staged = 0;
    for (UUID groupId : cluster.node(node).node().shardGroupIds()) {
      ShardGroup group = cluster.node(node).node().shardGroup(groupId);
      if (group != null) {
        staged += group.stagedTransactions().size();
      }
    }
    return staged;
  }

  private static ShardStateMachine.StagedInfo anyStaged(TestingCluster cluster) {
    for (int node = 0; node < cluster.size(); node++) {
      for (UUID groupId : cluster.node(node).node().shardGroupIds()) {
        ShardGroup group = Objects.requireNonNull(cluster.node(node).node().shardGroup(groupId));
        if (!group.stagedTransactions().isEmpty()) {
          return group.stagedTransactions().get(0);
        }
      }
    }
    throw new AssertionError("nothing staged");
  }

  private static ShardPlacement placement(TestingCluster cluster, UUID groupId) {
    for (ShardPlacement shard :
        Objects.requireNonNull(cluster.node(1).definition("events")).shards()) {
      if (shard.groupId().equals(groupId)) {
        return shard;
      }
    }
    throw new AssertionError("no shard " + groupId);
  }

  private static Page rows(long first, int count) {
    BlockBuilder ids = BlockBuilder.forType(DataType.BIGINT, count);
    BlockBuilder payloads = BlockBuilder.forType(DataType.VARCHAR, count);
    for (int i = 0; i < count; i++) {
      ids.appendObject(first + i, DataType.BIGINT);
      payloads.appendObject("row-" + (first + i), DataType.VARCHAR);
    }
    return Page.of(ids.build(), payloads.build());
  }

  private static List<Long> range(long from, long to) {
    List<Long> ids = new ArrayList<>();
    for (long id = from; id < to; id++) {
      ids.add(id);
    }
    return ids;
  }
}
