package io.aurora.consensus;

import static io.aurora.consensus.TestReplicatedCatalog.events;
import static io.aurora.consensus.TestReplicatedCatalog.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.catalog.Table;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.predicate.ColumnPredicate.Comparison;
import io.aurora.storage.predicate.ColumnPredicate.Operator;
import io.aurora.storage.shard.Directories;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica whose leader no longer has the log entries it lacks copies the leader's snapshot (the
 * shard's segment files, deletes and added columns included) and catches up from the log after it;
 * a copy that a crash interrupted is finished, or dropped, at the next start.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TestSnapshotInstall {
  // TestReplicatedCatalog.EVENTS: two shards.
  private static final TableSchema EVENTS = TestReplicatedCatalog.EVENTS;
  // Small log segments, so that snapshots purge closed ones, and no entries kept behind them.
  private static final ConsensusConfig CONSENSUS =
      TestingCluster.CONSENSUS.withLogSegmentBytes(64 << 10).withKeptEntries(0);
  private static final Duration SETTLE = Duration.ofSeconds(90);

  @TempDir Path directory;

  @Test
  void aReplicaThatLostItsFilesCopiesItsLeadersSnapshotAndCatchesUp() throws IOException {
    try (TestingCluster cluster = TestingCluster.start(directory, 3, CONSENSUS)) {
      cluster.node(0).createTable("events", EVENTS, false);
      Table events = table(cluster.node(0));
      for (int batch = 0; batch < 80; batch++) {
        events.append(events(batch * 100L, 100));
      }
      assertThat(events.delete(List.of(List.of(new Comparison("id", Operator.LESS_THAN, 300L)))))
          .isEqualTo(300);
      cluster.node(1).addColumn("events", ColumnSchema.of("extra", DataType.BIGINT));
      for (int batch = 80; batch < 100; batch++) {
        table(cluster.node(1)).append(withExtra(events(batch * 100L, 100)));
      }
      for (int node = 0; node < 3; node++) {
        cluster.node(node).checkpoint();
      }
      List<UUID> groups = new ArrayList<>(cluster.node(2).node().shardGroupIds());
      assertThat(groups).hasSize(2);
      for (UUID groupId : groups) {
        for (int node = 0; node < 2; node++) {
          assertThat(group(cluster.node(node), groupId).logStartIndex())
              .as("node %s purged the log of group %s behind its snapshot", node, groupId)
              .isGreaterThan(1);
        }
      }

      // Node 3 loses its replicas' files (a replaced disk); the catalog adds its groups again, with
      // empty logs. The leaders, elected anew after a restart of the whole cluster, know nothing of
      // node 3's replicas and no longer have the start of the log: node 3 must copy a snapshot.
      // (A leader that remembered how far node 3 had come would not believe it lost entries: Raft
      // assumes a replica keeps what it acknowledged.)
      cluster.stop(2);
      for (UUID groupId : groups) {
        Path raft = cluster.dataDirectory(2).resolve("raft").resolve(groupId.toString());
        assertThat(raft).isDirectory();
        Directories.deleteRecursively(raft);
        Directories.deleteRecursively(
            cluster.dataDirectory(2).resolve("shards").resolve(groupId.toString()));
      }
      for (int batch = 100; batch < 110; batch++) {
        table(cluster.node(0)).append(withExtra(events(batch * 100L, 100)));
      }
      cluster.stop(0);
      cluster.stop(1);
      cluster.startTogether(List.of(0, 1, 2));
      for (int batch = 110; batch < 120; batch++) {
        table(cluster.node(2)).append(withExtra(events(batch * 100L, 100)));
      }

      Set<Long> expected = new HashSet<>(ids(table(cluster.node(0))));
      assertThat(expected).hasSize(12_000 - 300);
      TestingCluster.await(
          SETTLE,
          "node 3's replicas to hold every row",
          () -> localIds(cluster.node(2), groups).equals(expected));
      List<Long> local = localIdList(cluster.node(2), groups);
      assertThat(local).as("no row twice on node 3").hasSameSizeAs(expected);
      for (UUID groupId : groups) {
        ShardGroup group = group(cluster.node(2), groupId);
        assertThat(group.isStranded()).isFalse();
        assertThat(group.snapshotIndex())
            .as("group %s was rebuilt from a copied snapshot", groupId)
            .isGreaterThan(0);
        assertThat(group.shard().columns()).extracting(ColumnSchema::name).contains("extra");
        assertThat(cluster.dataDirectory(2).resolve("shards/" + groupId + "/install"))
            .doesNotExist();
      }
      assertThat(cluster.dataDirectory(0).resolve("exports")).isEmptyDirectory();
      // The rebuilt replica serves reads and takes writes like the others.
      assertThat(new HashSet<>(ids(table(cluster.node(2))))).isEqualTo(expected);

      // The rows deleted before the snapshot stay deleted on the rebuilt replica, also after it
      // restarts from the installed files and deletes more.
      assertThat(localIds(cluster.node(2), groups)).noneMatch(id -> id < 300);
      assertThat(
              table(cluster.node(2))
                  .delete(List.of(List.of(new Comparison("id", Operator.LESS_THAN, 500L)))))
          .isEqualTo(200);
      expected.removeIf(id -> id < 500);
      cluster.stop(2);
      cluster.start(2);
      TestingCluster.await(
          SETTLE,
          "node 3's restarted replicas to hold exactly the rows not deleted",
          () -> localIds(cluster.node(2), groups).equals(expected));
      assertThat(localIdList(cluster.node(2), groups)).hasSameSizeAs(expected);
    }
  }

  @Test
  void aCopyThatACrashInterruptedIsFinishedOrDroppedAtTheNextStart() throws IOException {
    try (TestingCluster cluster = TestingCluster.start(directory, 3, CONSENSUS)) {
      cluster.node(0).createTable("events", EVENTS, false);
      Table events = table(cluster.node(0));
      for (int batch = 0; batch < 20; batch++) {
        events.append(events(batch * 100L, 100));
      }
      for (int node = 0; node < 3; node++) {
        cluster.node(node).checkpoint();
      }
      for (int batch = 20; batch < 30; batch++) {
        events.append(events(batch * 100L, 100));
      }
      List<UUID> groups = new ArrayList<>(cluster.node(2).node().shardGroupIds());
      UUID finished = groups.get(0);
      UUID dropped = groups.get(1);
      Set<Long> expected = new HashSet<>(ids(events));
      TestingCluster.await(
          SETTLE,
          "node 3's replicas to hold every row",
          () -> localIds(cluster.node(2), groups).equals(expected));
      // Node 3's own snapshot is newer than the leader's that it copies: the copy replaces it all
      // the same (the own segments were moved aside already), and is the snapshot loaded.
      cluster.node(2).checkpoint();
      Path shards = cluster.dataDirectory(2).resolve("shards");
      try (ShardExport export = cluster.node(0).node().exportShard(finished, 0)) {
        cluster.stop(2);
        export.copyTo(shards.resolve(finished + "/install"));
        export.copyTo(shards.resolve(dropped + "/install"));
      }
      // The crash came after the replica's own segments moved aside and before the copy moved in.
      Files.write(shards.resolve(finished + "/install/COMPLETE"), new byte[0]);
      Files.move(
          shards.resolve(finished + "/segments"),
          shards.resolve(finished + "/segments.old"),
          StandardCopyOption.ATOMIC_MOVE);
      // The other copy never completed (and is of another shard): it must not be installed.

      cluster.start(2);
      TestingCluster.await(
          SETTLE,
          "node 3's replicas to hold every row again",
          () -> localIds(cluster.node(2), groups).equals(expected));
      assertThat(localIdList(cluster.node(2), groups)).hasSameSizeAs(expected);
      assertThat(shards.resolve(finished + "/install")).doesNotExist();
      assertThat(shards.resolve(finished + "/segments.old")).doesNotExist();
      assertThat(shards.resolve(dropped + "/install")).doesNotExist();
      assertThat(group(cluster.node(2), finished).snapshotIndex())
          .isEqualTo(group(cluster.node(0), finished).snapshotIndex());
    }
  }

  /** The page with an {@code extra} column that repeats the id. */
  private static Page withExtra(Page page) {
    BlockBuilder extra = BlockBuilder.forType(DataType.BIGINT, page.rowCount());
    for (int row = 0; row < page.rowCount(); row++) {
      extra.appendObject(page.objectValue(0, row), DataType.BIGINT);
    }
    return Page.of(page.block(0), page.block(1), page.block(2), page.block(3), extra.build());
  }

  @Test
  void aCopyNeverInstalledIsDroppedOnceTheReplicasOwnSnapshotIsNewer() throws IOException {
    try (TestingCluster cluster = TestingCluster.start(directory, 3, CONSENSUS)) {
      cluster.node(0).createTable("events", EVENTS, false);
      Table events = table(cluster.node(0));
      for (int batch = 0; batch < 10; batch++) {
        events.append(events(batch * 100L, 100));
      }
      cluster.node(0).checkpoint();
      List<UUID> groups = new ArrayList<>(cluster.node(2).node().shardGroupIds());
      Path install = cluster.dataDirectory(2).resolve("shards/" + groups.get(0) + "/install");
      // A copy that finished while node 3 caught up from a later leader's log instead.
      try (ShardExport export = cluster.node(0).node().exportShard(groups.get(0), 0)) {
        export.copyTo(install);
      }
      Files.write(install.resolve("COMPLETE"), new byte[0]);
      for (int batch = 10; batch < 20; batch++) {
        events.append(events(batch * 100L, 100));
      }
      Set<Long> expected = new HashSet<>(ids(events));
      TestingCluster.await(
          SETTLE,
          "node 3's replicas to hold every row",
          () -> localIds(cluster.node(2), groups).equals(expected));
      cluster.node(2).checkpoint();
      assertThat(install).doesNotExist();

      cluster.stop(2);
      cluster.start(2);
      TestingCluster.await(
          SETTLE,
          "node 3's replicas to hold every row after a restart",
          () -> localIds(cluster.node(2), groups).equals(expected));
      assertThat(localIdList(cluster.node(2), groups)).hasSameSizeAs(expected);
    }
  }

  private static Table table(ReplicatedCatalog catalog) {
    return Objects.requireNonNull(catalog.table("events"));
  }

  private static ShardGroup group(ReplicatedCatalog catalog, UUID groupId) {
    return Objects.requireNonNull(catalog.node().shardGroup(groupId), "no group " + groupId);
  }

  private static Set<Long> localIds(ReplicatedCatalog catalog, List<UUID> groups) {
    try {
      return new HashSet<>(localIdList(catalog, groups));
    } catch (RuntimeException e) {
      // A replica being replaced or not created yet: not there yet.
      return Set.of();
    }
  }

  /** The ids in this node's own replicas of the groups, read from their shards directly. */
  private static List<Long> localIdList(ReplicatedCatalog catalog, List<UUID> groups) {
    List<Long> ids = new ArrayList<>();
    for (UUID groupId : groups) {
      ids.addAll(TestShardGroup.ids(group(catalog, groupId)));
    }
    return ids;
  }
}
