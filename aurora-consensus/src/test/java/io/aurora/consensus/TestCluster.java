package io.aurora.consensus;

import static io.aurora.consensus.TestReplicatedCatalog.events;
import static io.aurora.consensus.TestReplicatedCatalog.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.access.AccessChange;
import io.aurora.sql.access.AccessState;
import io.aurora.sql.access.Privilege;
import io.aurora.sql.access.Role;
import io.aurora.sql.catalog.ClusterNode;
import io.aurora.sql.catalog.ShardReplica;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.TableOptions;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three nodes in one JVM ({@link TestingCluster}): placement, failover, reads and writes. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TestCluster {
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
          6);
  private static final Duration SETTLE = Duration.ofSeconds(60);

  @TempDir Path directory;

  @Test
  void placesReplicasAndLeadersEvenlyAndReadsYourWritesOnEveryNode() {
    try (TestingCluster cluster = TestingCluster.start(directory, 3)) {
      cluster.node(0).createTable("events", EVENTS, false);
      // A table created on node 1 is found at once on node 3 (a barrier on the catalog).
      Table onThird = Objects.requireNonNull(cluster.node(2).table("events"));
      TableDefinition definition = Objects.requireNonNull(cluster.node(2).definition("events"));
      Map<String, Integer> replicas = new HashMap<>();
      Map<String, Integer> preferred = new HashMap<>();
      for (ShardPlacement shard : definition.shards()) {
        Set<String> distinct = new HashSet<>();
        for (PeerAddress peer : shard.peers()) {
          distinct.add(peer.id());
          replicas.merge(peer.id(), 1, Integer::sum);
        }
        assertThat(distinct).hasSize(3);
        preferred.merge(shard.preferredLeader().id(), 1, Integer::sum);
      }
      assertThat(replicas.values()).containsOnly(6);
      assertThat(preferred.values()).containsOnly(2);

      // Writes on one node are visible on every other as soon as they are acknowledged.
      long next = 0;
      for (int round = 0; round < 6; round++) {
        Table writer = Objects.requireNonNull(cluster.node(round % 3).table("events"));
        writer.append(events(next, 50));
        next += 50;
        for (int reader = 0; reader < 3; reader++) {
          Table table = Objects.requireNonNull(cluster.node(reader).table("events"));
          assertThat(ids(table)).as("node %s after round %s", reader, round).hasSize((int) next);
        }
      }
      assertThat(ids(onThird)).containsExactlyInAnyOrderElementsOf(range(0, next));

      // Ratis hands each group to its preferred (first) replica: two leaders per node.
      TestingCluster.await(
          SETTLE,
          "two shard leaders per node",
          () -> {
            // Each node learns of a leader change on its own heartbeat: wait for all three views.
            for (int index = 0; index < 3; index++) {
              List<ClusterNode> nodes = cluster.node(index).clusterNodes();
              if (nodes.size() != 3
                  || !nodes.stream()
                      .allMatch(node -> node.leaders() == 2 && node.replicas() == 6)) {
                return false;
              }
            }
            return true;
          });
      List<ClusterNode> nodes = cluster.node(1).clusterNodes();
      assertThat(nodes).extracting(ClusterNode::nodeId).containsExactly("node1", "node2", "node3");
      assertThat(nodes).extracting(ClusterNode::raftAddress).isEqualTo(cluster.seeds());

      List<ShardReplica> shards = cluster.node(1).shardReplicas();
      assertThat(shards).hasSize(18);
      assertThat(shards.stream().filter(replica -> replica.role().equals("leader")).count())
          .isEqualTo(6);
      long rowsOnNode2 =
          shards.stream()
              .filter(replica -> replica.nodeId().equals("node2"))
              .mapToLong(ShardReplica::rows)
              .sum();
      assertThat(rowsOnNode2).isEqualTo(next);
    }
  }

  /**
   * Roles, grants and owners changed through any node reach every node; a change refused by the
   * state another node made fails on its proposer and changes nothing anywhere.
   */
  @Test
  void replicatesRolesPrivilegesAndOwnersToEveryNode() {
    try (TestingCluster cluster = TestingCluster.start(directory, 3)) {
      cluster.node(0).changeAccess(new AccessChange.CreateRole(Role.of("alice")));
      cluster
          .node(1)
          .changeAccess(
              new AccessChange.GrantOnTables(
                  true, Privilege.SELECT.bit(), List.of("events"), List.of("alice")));
      // The proposer has applied its change when the call returns.
      assertThat(cluster.node(1).access().grantsOn("events"))
          .isEqualTo(Map.of("alice", Privilege.SELECT.bit()));
      cluster.node(2).changeAccess(new AccessChange.SetOwner("events", "alice"));
      assertThatThrownBy(
              () -> cluster.node(2).changeAccess(new AccessChange.CreateRole(Role.of("alice"))))
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DUPLICATE_OBJECT))
          .hasMessageContaining("role \"alice\" already exists");
      AccessState expected = cluster.node(2).access();
      assertThat(expected.role("alice")).isEqualTo(Role.of("alice"));
      assertThat(expected.owner("events")).isEqualTo("alice");
      TestingCluster.await(
          SETTLE,
          "the same access control on every node",
          () -> {
            for (int index = 0; index < 3; index++) {
              if (!cluster.node(index).access().equals(expected)) {
                return false;
              }
            }
            return true;
          });
      assertThat(cluster.node(0).access().isOwner("alice", "events")).isTrue();

      // A REVOKE that returned holds on every node at once: no waiting for followers.
      cluster.node(1).changeAccess(new AccessChange.CreateRole(Role.of("bob")));
      for (int round = 0; round < 20; round++) {
        boolean isGrant = round % 2 == 0;
        cluster
            .node(round % 3)
            .changeAccess(
                new AccessChange.GrantOnTables(
                    isGrant, Privilege.INSERT.bit(), List.of("events"), List.of("bob")));
        for (int index = 0; index < 3; index++) {
          assertThat(
                  cluster.node(index).access().hasTablePrivilege("bob", "events", Privilege.INSERT))
              .as("round %d on node %d", round, index)
              .isEqualTo(isGrant);
        }
      }
    }
  }

  @Test
  void losesNoAcknowledgedRowWhenANodeIsKilledAndRestartedUnderIngest() throws Exception {
    try (TestingCluster cluster = TestingCluster.start(directory, 3)) {
      cluster.node(0).createTable("events", EVENTS, false);
      Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
      Set<Long> maybe = ConcurrentHashMap.newKeySet();
      AtomicBoolean isRunning = new AtomicBoolean(true);
      AtomicLong nextId = new AtomicLong();
      ExecutorService writers = Executors.newFixedThreadPool(3);
      List<Future<?>> running = new ArrayList<>();
      for (int writer = 0; writer < 3; writer++) {
        int index = writer;
        running.add(
            writers.submit(
                () -> {
                  while (isRunning.get()) {
                    if (!cluster.isRunning(index)) {
                      sleep(20);
                      continue;
                    }
                    long first = nextId.getAndAdd(20);
                    try {
                      Objects.requireNonNull(cluster.node(index).table("events"))
                          .append(events(first, 20));
                      addRange(acknowledged, first, 20);
                    } catch (RuntimeException e) {
                      // Not acknowledged: may or may not be there, at most once.
                      addRange(maybe, first, 20);
                    }
                  }
                  return null;
                }));
      }
      sleep(1_500);
      for (int victim = 0; victim < 3; victim++) {
        cluster.stop(victim);
        sleep(2_000);
        cluster.start(victim);
        sleep(1_000);
      }
      isRunning.set(false);
      for (Future<?> writer : running) {
        writer.get(60, TimeUnit.SECONDS);
      }
      writers.shutdown();
      assertThat(acknowledged).hasSizeGreaterThan(100);

      for (int reader = 0; reader < 3; reader++) {
        List<Long> ids = ids(Objects.requireNonNull(cluster.node(reader).table("events")));
        Set<Long> distinct = new HashSet<>(ids);
        assertThat(distinct).as("duplicates on node %s", reader).hasSameSizeAs(ids);
        assertThat(distinct).as("acknowledged on node %s", reader).containsAll(acknowledged);
        Set<Long> unexpected = new HashSet<>(distinct);
        unexpected.removeAll(acknowledged);
        unexpected.removeAll(maybe);
        assertThat(unexpected).as("rows nobody wrote on node %s", reader).isEmpty();
      }
    }
  }

  @Test
  void producerRetryThroughAnotherNodeAppliesOnce() {
    try (TestingCluster cluster = TestingCluster.start(directory, 3)) {
      cluster.node(0).createTable("events", EVENTS, false);
      Table first = Objects.requireNonNull(cluster.node(0).table("events"));
      Table second = Objects.requireNonNull(cluster.node(1).table("events"));
      assertThat(first.append(events(0, 10), "producer-1", 1)).isTrue();
      assertThat(first.append(events(10, 10), "producer-1", 2)).isTrue();
      // The producer did not hear back and retries through another node: applied once.
      assertThat(second.append(events(10, 10), "producer-1", 2)).isFalse();
      cluster.stop(0);
      assertThat(second.append(events(10, 10), "producer-1", 2)).isFalse();
      assertThat(second.append(events(20, 10), "producer-1", 3)).isTrue();
      assertThat(ids(second)).containsExactlyInAnyOrderElementsOf(range(0, 30));
    }
  }

  /**
   * A pipeline's batches (rows with source offsets) land once however consumers overlap: a second
   * consumer on another node that resumes from an older offset, and a batch sent twice, add only
   * the records not applied before, on a table routed by key (every shard records the offset) and
   * on one routed by source.
   */
  @Test
  void appliesEachSourceRecordOnceWhateverTheConsumersOverlap() {
    try (TestingCluster cluster = TestingCluster.start(directory, 3)) {
      cluster.node(0).createTable("keyed", EVENTS, new TableOptions(3, List.of("name")), false);
      cluster.node(0).createTable("spread", EVENTS, new TableOptions(2, List.of()), false);
      for (String name : List.of("keyed", "spread")) {
        Table first = Objects.requireNonNull(cluster.node(0).table(name));
        Table second = Objects.requireNonNull(cluster.node(1).table(name));
        assertThat(first.sourceOffset("p/topic/0")).isEqualTo(-1);
        assertThat(first.appendSourced(events(0, 100), offsets(0, 100), "p/topic/0", 99))
            .isEqualTo(100);
        // Records 50..99 again, then 100..149: only the new half lands.
        assertThat(second.appendSourced(events(50, 100), offsets(50, 100), "p/topic/0", 149))
            .isEqualTo(50);
        // The same batch again: nothing.
        assertThat(first.appendSourced(events(50, 100), offsets(50, 100), "p/topic/0", 149))
            .isZero();
        // Records that made no rows (bad or filtered ones) still move the offset.
        assertThat(first.appendSourced(events(150, 0), new long[0], "p/topic/0", 170)).isZero();
        // Another partition has offsets of its own.
        assertThat(second.appendSourced(events(1000, 10), offsets(0, 10), "p/topic/1", 9))
            .isEqualTo(10);
        Table third = Objects.requireNonNull(cluster.node(2).table(name));
        assertThat(third.sourceOffset("p/topic/0")).isEqualTo(170);
        assertThat(third.sourceOffset("p/topic/1")).isEqualTo(9);
        List<Long> expected = new ArrayList<>(range(0, 150));
        expected.addAll(range(1000, 1010));
        assertThat(ids(third)).containsExactlyInAnyOrderElementsOf(expected);
      }
    }
  }

  private static long[] offsets(long first, int count) {
    long[] offsets = new long[count];
    for (int i = 0; i < count; i++) {
      offsets[i] = first + i;
    }
    return offsets;
  }

  /**
   * CREATE TABLE without {@code shards} gets one shard per node, each node the preferred leader of
   * one; a shard count the statement gives is kept.
   */
  @Test
  void aTableWithoutAShardCountGetsOneShardPerNode() {
    TableSchema oneShard =
        new TableSchema(
            EVENTS.columns(), EVENTS.timeColumn(), EVENTS.granularity(), EVENTS.sortKey(), 1);
    try (TestingCluster cluster = TestingCluster.start(directory, 3)) {
      cluster
          .node(0)
          .createTable("spread", oneShard, new TableOptions(0, List.of(), 0, true), false);
      cluster.node(1).createTable("given", oneShard, new TableOptions(0, List.of()), false);
      TableDefinition spread = Objects.requireNonNull(cluster.node(2).definition("spread"));
      assertThat(spread.shards()).hasSize(3);
      assertThat(spread.schema().shardCount()).isEqualTo(3);
      Set<String> leaders = new HashSet<>();
      for (ShardPlacement shard : spread.shards()) {
        leaders.add(shard.preferredLeader().id());
      }
      assertThat(leaders).hasSize(3);
      assertThat(Objects.requireNonNull(cluster.node(2).definition("given")).shards()).hasSize(1);

      Table table = Objects.requireNonNull(cluster.node(1).table("spread"));
      for (int batch = 0; batch < 6; batch++) {
        table.append(events(batch * 100L, 100));
      }
      assertThat(ids(Objects.requireNonNull(cluster.node(2).table("spread"))))
          .containsExactlyInAnyOrderElementsOf(range(0, 600));
    }
  }

  @Test
  void routesRowsByDistributionKeyAndHonoursTheReplicationFactor() {
    try (TestingCluster cluster = TestingCluster.start(directory, 3)) {
      cluster.node(0).createTable("events", EVENTS, new TableOptions(3, List.of("name")), false);
      Table events = Objects.requireNonNull(cluster.node(1).table("events"));
      events.append(events(0, 500));
      TableDefinition definition = Objects.requireNonNull(cluster.node(1).definition("events"));
      assertThat(definition.distributionColumns()).containsExactly("name");
      // Every name lives in one shard only. The write was acknowledged once a majority of each
      // shard's replicas applied it: wait until node 2's replicas have all 500 rows too.
      Map<Object, Integer> shardOfName = new HashMap<>();
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      long[] rows = new long[1];
      do {
        assertThat(System.nanoTime()).isLessThan(deadline);
        shardOfName.clear();
        rows[0] = 0;
        for (ShardPlacement shard : definition.shards()) {
          ShardGroup group =
              Objects.requireNonNull(cluster.node(1).node().shardGroup(shard.groupId()));
          group
              .shard()
              .scan(io.aurora.storage.scan.ScanRequest.of(List.of("name")))
              .forEachPage(
                  page -> {
                    for (int row = 0; row < page.rowCount(); row++) {
                      rows[0]++;
                      Integer previous = shardOfName.put(page.objectValue(0, row), shard.shard());
                      assertThat(previous == null || previous == shard.shard()).isTrue();
                    }
                  });
        }
      } while (rows[0] < 500);
      assertThat(new HashSet<>(shardOfName.values()).size()).isGreaterThan(3);
      assertThat(ids(events)).containsExactlyInAnyOrderElementsOf(range(0, 500));

      assertThatThrownBy(
              () ->
                  cluster
                      .node(0)
                      .createTable("wide", EVENTS, new TableOptions(4, List.of()), false))
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
          .hasMessageContaining("replication_factor[4] exceeds the nodes[3]");
    }
  }

  @Test
  void fourNodesReadShardsHeldByOtherNodesAndFailOverBetweenTheirReplicas() {
    try (TestingCluster cluster = TestingCluster.start(directory, 4)) {
      // Four nodes: the fourth follows the catalog as a listener. Three replicas of each of
      // four shards: every node lacks one shard and reads it from another node.
      TableSchema fourShards =
          new TableSchema(EVENTS.columns(), "ts", PartitionGranularity.DAY, List.of(), 4);
      cluster.node(3).createTable("events", fourShards, false);
      for (int writer = 0; writer < 8; writer++) {
        Objects.requireNonNull(cluster.node(writer % 4).table("events"))
            .append(events(writer * 100L, 100));
      }
      for (int reader = 0; reader < 4; reader++) {
        ReplicatedCatalog node = cluster.node(reader);
        TableDefinition definition = Objects.requireNonNull(node.definition("events"));
        long local =
            definition.shards().stream()
                .filter(shard -> node.node().shardGroup(shard.groupId()) != null)
                .count();
        assertThat(local).as("local shards of node %s", reader).isEqualTo(3);
        assertThat(ids(Objects.requireNonNull(node.table("events"))))
            .as("node %s", reader)
            .containsExactlyInAnyOrderElementsOf(range(0, 800));
      }
      // One node down: reads that would go to it fail over to another replica of the shard.
      cluster.stop(1);
      for (int reader : List.of(0, 2, 3)) {
        Table events = Objects.requireNonNull(cluster.node(reader).table("events"));
        for (int round = 0; round < 3; round++) {
          assertThat(ids(events)).containsExactlyInAnyOrderElementsOf(range(0, 800));
        }
      }
      cluster.start(1);

      // One replica: a shard whose only node is down fails the read, never a partial answer.
      cluster.node(0).createTable("single", EVENTS, new TableOptions(1, List.of()), false);
      Objects.requireNonNull(cluster.node(0).table("single")).append(events(0, 600));
      cluster.stop(1);
      assertThatThrownBy(() -> ids(Objects.requireNonNull(cluster.node(0).table("single"))))
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
  }

  @Test
  void failsClearlyWithoutAMajorityAndRecoversWhenItReturns() {
    try (TestingCluster cluster = TestingCluster.start(directory, 3)) {
      cluster.node(0).createTable("events", EVENTS, false);
      Table events = Objects.requireNonNull(cluster.node(0).table("events"));
      events.append(events(0, 10));
      cluster.stop(1);
      cluster.stop(2);
      long start = System.nanoTime();
      assertThatThrownBy(() -> events.append(events(10, 10)))
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNAVAILABLE));
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(TestingCluster.CONSENSUS.requestTimeout().multipliedBy(3));
      assertThatThrownBy(() -> ids(events))
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNAVAILABLE));
      cluster.startTogether(List.of(1, 2));
      // Every shard elects a leader again once a majority is back; until then statements on it
      // fail with UNAVAILABLE as above, so this waits for the first write that succeeds.
      TestingCluster.await(SETTLE, "a write after the majority is back", () -> isAppended(events));
      List<List<Long>> read = new ArrayList<>();
      TestingCluster.await(
          SETTLE,
          "a read on node 3 after the majority is back",
          () -> isRead(Objects.requireNonNull(cluster.node(2).table("events")), read));
      List<Long> ids = read.get(0);
      // The write that failed may have been committed later, whole; never half of it.
      Set<Long> distinct = new HashSet<>(ids);
      assertThat(distinct).hasSameSizeAs(ids);
      assertThat(distinct).containsAll(range(0, 10)).containsAll(range(20, 30));
      long failedPresent = range(10, 20).stream().filter(distinct::contains).count();
      assertThat(failedPresent).isIn(0L, 10L);
    }
  }

  @Test
  void refusesADataDirectoryOfAnotherNodeOrMembership() {
    TestingCluster cluster = TestingCluster.start(directory, 3);
    cluster.close();
    List<String> otherSeeds = new ArrayList<>(cluster.seeds());
    Collections.reverse(otherSeeds);
    String self = cluster.seeds().get(0);
    int port = Integer.parseInt(self.substring(self.lastIndexOf(':') + 1));
    assertThatThrownBy(
            () ->
                ReplicatedCatalog.open(
                    cluster.dataDirectory(0),
                    "127.0.0.1",
                    port,
                    TestingCluster.STORAGE,
                    TestingCluster.CONSENSUS,
                    new ClusterMembership("node1", "127.0.0.1", otherSeeds)))
        .isInstanceOf(AuroraException.class)
        .hasMessageContaining("contradict the stored membership");
    assertThatThrownBy(
            () ->
                new ClusterMembership("node1", "127.0.0.1", List.of("127.0.0.1:1", "127.0.0.1:1")))
        .hasMessageContaining("twice");
    assertThatThrownBy(
            () ->
                ReplicatedCatalog.open(
                    directory.resolve("outsider"),
                    "127.0.0.1",
                    TestingCluster.freePorts(1).get(0),
                    TestingCluster.STORAGE,
                    TestingCluster.CONSENSUS,
                    new ClusterMembership("node9", "127.0.0.1", cluster.seeds())))
        .hasMessageContaining("is not among the seeds");
  }

  /**
   * Appends rows 20..29 as a producer's batch, so that retries after a failure that committed later
   * apply once; false when the shard it went to had no leader.
   */
  private static boolean isAppended(Table events) {
    try {
      events.append(events(20, 10), "after-majority-loss", 1);
      return true;
    } catch (AuroraException e) {
      if (e.errorCode() != ErrorCode.UNAVAILABLE) {
        throw e;
      }
      return false;
    }
  }

  /** Reads every id into {@code read}; false when a shard had no leader yet. */
  private static boolean isRead(Table events, List<List<Long>> read) {
    try {
      read.add(ids(events));
      return true;
    } catch (AuroraException e) {
      if (e.errorCode() != ErrorCode.UNAVAILABLE) {
        throw e;
      }
      return false;
    }
  }

  private static void addRange(Set<Long> ids, long first, int count) {
    for (long id = first; id < first + count; id++) {
      ids.add(id);
    }
  }

  private static List<Long> range(long from, long to) {
    List<Long> ids = new ArrayList<>();
    for (long id = from; id < to; id++) {
      ids.add(id);
    }
    return ids;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
