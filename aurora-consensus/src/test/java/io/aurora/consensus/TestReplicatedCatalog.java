package io.aurora.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.access.AccessChange;
import io.aurora.sql.access.AccessState;
import io.aurora.sql.access.Privilege;
import io.aurora.sql.access.Role;
import io.aurora.sql.access.RoleOptions;
import io.aurora.sql.catalog.EndpointDefinition;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.ViewDefinition;
import io.aurora.storage.block.Block;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TestReplicatedCatalog {
  private static final long DAY_MICROS = 86_400_000_000L;
  private static final long START_MICROS = 1_700_000_000_000_000L;
  static final TableSchema EVENTS =
      new TableSchema(
          List.of(
              new ColumnSchema("id", DataType.BIGINT, false),
              new ColumnSchema("ts", DataType.TIMESTAMP, false),
              ColumnSchema.of("name", DataType.VARCHAR),
              ColumnSchema.of("amount", DataType.decimal(18, 2))),
          "ts",
          PartitionGranularity.DAY,
          List.of("name", "id"),
          2);
  private static final StorageConfig STORAGE = StorageConfig.DEFAULT.withBlockCacheBytes(0);
  private static final ConsensusConfig CONSENSUS =
      ConsensusConfig.DEFAULT.withLogSegmentBytes(64 << 10);

  @TempDir Path directory;

  @AfterEach
  void checkShardsStopped() throws InterruptedException {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("aurora-maintenance-")) {
        // Shard.close() has shut the executor down and waited for its tasks; the thread ends.
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(thread.isAlive()).as("thread %s", thread.getName()).isFalse();
      }
    }
  }

  @Test
  void recoversTablesAndRowsAcrossRestarts() {
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("events", EVENTS, false);
      catalog.createTable(
          "other", TableSchema.of(List.of(ColumnSchema.of("x", DataType.INTEGER))), false);
      Table events = table(catalog, "events");
      for (int batch = 0; batch < 6; batch++) {
        events.append(events(batch * 100L, 100));
      }
      assertThat(events.rowCount()).isEqualTo(600);
      assertThat(ids(events)).containsExactlyInAnyOrderElementsOf(range(0, 600));
      // Round robin: both shards got batches.
      for (ShardPlacement shard : definition(catalog, "events").shards()) {
        assertThat(catalog.node().shardGroup(shard.groupId()).shard().rowCount()).isEqualTo(300);
      }
    }

    try (ReplicatedCatalog catalog = open()) {
      assertThat(catalog.tableNames()).containsExactly("events", "other");
      TableDefinition events = definition(catalog, "events");
      // The schema is stored completely: time column, granularity, sort key, shards, types.
      assertThat(events.schema()).isEqualTo(EVENTS);
      assertThat(events.shards()).hasSize(2);
      // The peer id is stable across restarts; the port is not (port 0 picks a free one).
      assertThat(events.shards().get(0).peers())
          .extracting(PeerAddress::id)
          .containsExactly(catalog.node().self().id());
      assertThat(ids(table(catalog, "events"))).containsExactlyInAnyOrderElementsOf(range(0, 600));
      table(catalog, "events").append(events(600, 10));
    }

    try (ReplicatedCatalog catalog = open()) {
      assertThat(ids(table(catalog, "events"))).containsExactlyInAnyOrderElementsOf(range(0, 610));
      assertThat(catalog.groups())
          .hasSize(4)
          .allSatisfy(group -> assertThat(group.lastAppliedIndex()).isEqualTo(group.commitIndex()));
      assertThat(catalog.groups().get(0).isCatalog()).isTrue();
      assertThat(catalog.groups().get(0).groupId()).isEqualTo(RaftNode.CATALOG_GROUP_ID);
      // CHECKPOINT's path: every group snapshots at its last applied entry.
      catalog.checkpoint();
      assertThat(catalog.groups())
          .allSatisfy(
              group -> assertThat(group.snapshotIndex()).isEqualTo(group.lastAppliedIndex()));
    }

    // After a snapshot of every group (graceful shutdown, CHECKPOINT) a restart loads the snapshots
    // and replays nothing.
    try (ReplicatedCatalog catalog = open()) {
      assertThat(ids(table(catalog, "events"))).containsExactlyInAnyOrderElementsOf(range(0, 610));
      assertThat(catalog.node().catalog().entriesAppliedSinceStart()).isZero();
      for (ShardPlacement shard : definition(catalog, "events").shards()) {
        assertThat(catalog.node().shardGroup(shard.groupId()).batchesAppliedSinceStart()).isZero();
      }
    }
  }

  @Test
  void reportsDdlErrorsWithTheirCodes() {
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("events", EVENTS, false);
      assertCode(() -> catalog.createTable("events", EVENTS, false), ErrorCode.DUPLICATE_TABLE);
      catalog.createTable("events", EVENTS, true);
      assertCode(() -> catalog.dropTable("missing", false), ErrorCode.UNDEFINED_TABLE);
      catalog.dropTable("missing", true);
      assertCode(
          () -> catalog.addColumn("missing", ColumnSchema.of("c", DataType.INTEGER)),
          ErrorCode.UNDEFINED_TABLE);
      assertCode(
          () -> catalog.addColumn("events", ColumnSchema.of("name", DataType.INTEGER)),
          ErrorCode.DUPLICATE_COLUMN);
      assertCode(
          () -> catalog.addColumn("events", new ColumnSchema("c", DataType.INTEGER, false)),
          ErrorCode.NOT_NULL_VIOLATION);
      assertCode(
          () ->
              table(catalog, "events")
                  .append(Page.of(BlockBuilder.forType(DataType.BIGINT, 0).build())),
          ErrorCode.DATATYPE_MISMATCH);
      Page valid = events(0, 3);
      Page nullId =
          new Page(3, nulls(DataType.BIGINT, 3), valid.block(1), valid.block(2), valid.block(3));
      assertCode(() -> table(catalog, "events").append(nullId), ErrorCode.NOT_NULL_VIOLATION);
      assertThat(table(catalog, "events").rowCount()).isZero();
      assertThat(catalog.tableNames()).containsExactly("events");
      assertThat(definition(catalog, "events").schema()).isEqualTo(EVENTS);
    }
  }

  @Test
  void replaysBatchesWrittenBeforeAnAddedColumn() {
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("events", EVENTS, false);
      Table events = table(catalog, "events");
      for (int batch = 0; batch < 4; batch++) {
        events.append(events(batch * 10L, 10));
      }
      catalog.addColumn("events", ColumnSchema.of("note", DataType.VARCHAR));
      assertThat(events.schema().columnCount()).isEqualTo(5);
      for (int batch = 4; batch < 8; batch++) {
        events.append(withNote(events(batch * 10L, 10)));
      }
      assertThat(notes(events)).isEqualTo(expectedNotes(40, 80));
    }

    // No snapshot was taken: the shard logs hold batches from before and after the ALTER.
    try (ReplicatedCatalog catalog = open()) {
      Table events = table(catalog, "events");
      assertThat(events.schema().column(4)).isEqualTo(ColumnSchema.of("note", DataType.VARCHAR));
      assertThat(notes(events)).isEqualTo(expectedNotes(40, 80));
      events.append(withNote(events(80, 10)));
      catalog.snapshotAll();
      catalog.addColumn("events", ColumnSchema.of("score", DataType.DOUBLE));
      events.append(Page.of(concat(withNote(events(90, 10)), nulls(DataType.DOUBLE, 10))));
    }

    try (ReplicatedCatalog catalog = open()) {
      Table events = table(catalog, "events");
      assertThat(events.schema().columnCount()).isEqualTo(6);
      assertThat(notes(events)).isEqualTo(expectedNotes(40, 100));
    }
  }

  @Test
  void dropAndCreateAgainGetsNewGroups() {
    List<ShardPlacement> first;
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("events", EVENTS, false);
      Table old = table(catalog, "events");
      old.append(events(0, 50));
      first = definition(catalog, "events").shards();

      catalog.dropTable("events", false);
      assertThat(catalog.tableNames()).isEmpty();
      assertThat(catalog.table("events")).isNull();
      assertCode(() -> old.append(events(50, 1)), ErrorCode.UNDEFINED_TABLE);
      for (ShardPlacement shard : first) {
        assertThat(directory.resolve("shards").resolve(shard.groupId().toString())).doesNotExist();
        assertThat(directory.resolve("raft").resolve(shard.groupId().toString())).doesNotExist();
      }

      catalog.createTable("events", EVENTS, false);
      TableDefinition second = definition(catalog, "events");
      assertThat(second.shards())
          .extracting(ShardPlacement::groupId)
          .doesNotContainAnyElementsOf(first.stream().map(ShardPlacement::groupId).toList());
      assertThat(table(catalog, "events").rowCount()).isZero();
      table(catalog, "events").append(events(1_000, 5));
    }
    try (ReplicatedCatalog catalog = open()) {
      assertThat(ids(table(catalog, "events")))
          .containsExactlyInAnyOrderElementsOf(range(1_000, 1_005));
      assertThat(catalog.node().shardGroupIds()).hasSize(2);
    }
  }

  private static final ViewDefinition VIEW =
      new ViewDefinition(
          "bv", "SELECT id FROM b", List.of(ColumnSchema.of("id", DataType.BIGINT)), List.of("b"));

  @Test
  void keepsViewsAndTheirRulesAcrossRestarts() {
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("b", EVENTS, false);
      catalog.createView(VIEW, false);
      assertCode(() -> catalog.createView(VIEW, false), ErrorCode.DUPLICATE_TABLE);
      assertCode(() -> catalog.createTable("bv", EVENTS, false), ErrorCode.DUPLICATE_TABLE);
      assertCode(() -> catalog.dropTable("b", false), ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST);
    }
    try (ReplicatedCatalog catalog = open()) {
      assertThat(catalog.views()).containsExactly(VIEW);
      catalog.dropView("bv", false);
      catalog.dropView("bv", true);
      assertCode(() -> catalog.dropView("bv", false), ErrorCode.UNDEFINED_TABLE);
      catalog.dropTable("b", false);
    }
    try (ReplicatedCatalog catalog = open()) {
      assertThat(catalog.views()).isEmpty();
      assertThat(catalog.tableNames()).isEmpty();
    }
  }

  private static final EndpointDefinition ENDPOINT =
      new EndpointDefinition("by_id", "SELECT id FROM b WHERE id = {id:BIGINT}");

  /** Endpoints come back from the log after a restart, and from the catalog's snapshot. */
  @Test
  void keepsEndpointsAcrossRestartsAndSnapshots() {
    EndpointDefinition replaced = new EndpointDefinition("by_id", "SELECT id FROM b");
    try (ReplicatedCatalog catalog = open()) {
      catalog.createEndpoint(ENDPOINT, false);
      assertCode(() -> catalog.createEndpoint(ENDPOINT, false), ErrorCode.DUPLICATE_OBJECT);
      catalog.createEndpoint(new EndpointDefinition("gone", "SELECT 1"), false);
      catalog.dropEndpoint("gone", false);
      catalog.dropEndpoint("gone", true);
      assertCode(() -> catalog.dropEndpoint("gone", false), ErrorCode.UNDEFINED_OBJECT);
    }
    try (ReplicatedCatalog catalog = open()) {
      assertThat(catalog.endpoints()).containsExactly(ENDPOINT);
      catalog.createEndpoint(replaced, true);
      catalog.snapshotAll();
    }
    try (ReplicatedCatalog catalog = open()) {
      assertThat(catalog.node().catalog().entriesAppliedSinceStart()).isZero();
      assertThat(catalog.endpoints()).containsExactly(replaced);
      assertThat(catalog.endpoint("by_id")).isEqualTo(replaced);
    }
  }

  private static final Role ALICE =
      new Role("alice", false, true, false, false, true, TestCatalogCodec.VERIFIER, 0);
  private static final int SELECT = Privilege.SELECT.bit();
  private static final int INSERT = Privilege.INSERT.bit();

  /** Roles, memberships, grants and owners: what the restart tests below keep. */
  private static final List<AccessChange> ACCESS =
      List.of(
          new AccessChange.CreateRole(ALICE),
          new AccessChange.CreateRole(Role.of("readers")),
          new AccessChange.GrantRoles(true, List.of("readers"), List.of("alice")),
          new AccessChange.GrantOnTables(true, SELECT | INSERT, List.of("b"), List.of("readers")),
          new AccessChange.GrantOnTables(true, SELECT, List.of("b"), List.of(AccessState.PUBLIC)),
          new AccessChange.GrantOnSchema(true, Privilege.CREATE.bit(), List.of("readers")),
          new AccessChange.SetOwner("b", "alice"));

  /** Access control comes back from the log after a restart, and from the catalog's snapshot. */
  @Test
  void keepsAccessControlAcrossRestartsAndSnapshots() {
    AccessState before;
    try (ReplicatedCatalog catalog = open()) {
      assertThat(catalog.access()).isEqualTo(AccessState.EMPTY);
      ACCESS.forEach(catalog::changeAccess);
      before = catalog.access();
      assertThat(before.role("alice")).isEqualTo(ALICE);
      assertThat(before.memberOf("alice")).containsExactly("readers");
      assertThat(before.grantsOn("b"))
          .isEqualTo(Map.of(AccessState.PUBLIC, SELECT, "readers", SELECT | INSERT));
      assertThat(before.owner("b")).isEqualTo("alice");
      assertThat(before.hasSchemaPrivilege("alice", Privilege.CREATE)).isTrue();
    }
    RoleOptions noLogin = new RoleOptions(null, false, null, null, null, true, null, null);
    AccessState after;
    try (ReplicatedCatalog catalog = open()) {
      assertThat(catalog.node().catalog().entriesAppliedSinceStart()).isPositive();
      assertThat(catalog.access()).isEqualTo(before);
      catalog.changeAccess(new AccessChange.AlterRole("alice", noLogin));
      catalog.changeAccess(
          new AccessChange.GrantOnTables(false, INSERT, List.of("b"), List.of("readers")));
      after = catalog.access();
      assertThat(after.role("alice")).isEqualTo(ALICE.with(noLogin));
      assertThat(after.role("alice").verifier()).isNull();
      assertThat(after.grantsOn("b")).containsEntry("readers", SELECT);
      catalog.snapshotAll();
    }
    try (ReplicatedCatalog catalog = open()) {
      assertThat(catalog.node().catalog().entriesAppliedSinceStart()).isZero();
      assertThat(catalog.access()).isEqualTo(after).isNotEqualTo(before);
    }
  }

  /** A change the state refuses fails with its SQLSTATE on the proposer and changes nothing. */
  @Test
  void refusesAccessChangesWithTheirCodesAndChangesNothing() {
    try (ReplicatedCatalog catalog = open()) {
      ACCESS.forEach(catalog::changeAccess);
      catalog.changeAccess(new AccessChange.CreateRole(Role.of("bob")));
      AccessState before = catalog.access();
      assertCode(
          () -> catalog.changeAccess(new AccessChange.CreateRole(Role.of("alice"))),
          ErrorCode.DUPLICATE_OBJECT);
      // The first grantee (role) exists, the second does not: neither is changed.
      assertCode(
          () ->
              catalog.changeAccess(
                  new AccessChange.GrantOnTables(
                      true, INSERT, List.of("c"), List.of("alice", "ghost"))),
          ErrorCode.UNDEFINED_OBJECT);
      assertCode(
          () -> catalog.changeAccess(new AccessChange.DropRoles(List.of("bob", "ghost"), false)),
          ErrorCode.UNDEFINED_OBJECT);
      assertCode(
          () -> catalog.changeAccess(new AccessChange.SetOwner("b", "ghost")),
          ErrorCode.UNDEFINED_OBJECT);
      assertCode(
          () -> catalog.changeAccess(new AccessChange.DropRoles(List.of("readers"), false)),
          ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST);
      assertCode(
          () ->
              catalog.changeAccess(
                  new AccessChange.GrantRoles(true, List.of("alice"), List.of("readers"))),
          ErrorCode.INVALID_GRANT_OPERATION);
      assertCode(
          () -> catalog.changeAccess(new AccessChange.CreateRole(Role.of("pg_monitor"))),
          ErrorCode.RESERVED_NAME);
      assertThat(catalog.access()).isSameAs(before);
      // A change that changes nothing is no error.
      catalog.changeAccess(new AccessChange.DropRoles(List.of("ghost"), true));
      assertThat(catalog.access()).isSameAs(before);
    }
  }

  /** A dropped table takes its owner and grants along; one created again has none. */
  @Test
  void droppingATableDropsItsOwnerAndGrants() {
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("b", EVENTS, false);
      catalog.createTable("c", EVENTS, false);
      ACCESS.forEach(catalog::changeAccess);
      catalog.changeAccess(
          new AccessChange.GrantOnTables(true, SELECT, List.of("c"), List.of("readers")));
      assertCode(
          () -> catalog.changeAccess(new AccessChange.DropRoles(List.of("alice"), false)),
          ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST);
      catalog.dropTable("b", false);
      AccessState access = catalog.access();
      assertThat(access.owner("b")).isNull();
      assertThat(access.grantsOn("b")).isEmpty();
      assertThat(access.tablesWithAccess()).containsExactly("c");
      assertThat(access.grantsOn("c")).isEqualTo(Map.of("readers", SELECT));
      assertThat(access.memberOf("alice")).containsExactly("readers");
      // alice owned only b, so nothing depends on her now.
      catalog.changeAccess(new AccessChange.DropRoles(List.of("alice"), false));
      catalog.createTable("b", EVENTS, false);
      assertThat(catalog.access().tablesWithAccess()).containsExactly("c");
      assertThat(catalog.access().hasTablePrivilege("readers", "b", Privilege.SELECT)).isFalse();
    }
    try (ReplicatedCatalog catalog = open()) {
      assertThat(catalog.access().tablesWithAccess()).containsExactly("c");
      assertThat(catalog.access().role("alice")).isNull();
      assertThat(catalog.access().role("readers")).isEqualTo(Role.of("readers"));
    }
  }

  /** The log line of a change names it and its roles and tables, never a password's verifier. */
  @Test
  void describesAccessChangesWithoutTheirVerifiers() {
    for (AccessChange change : TestCatalogCodec.ACCESS_CHANGES) {
      // Every kind has its own words (a kind without them would print its class name).
      assertThat(CatalogStateMachine.describe(change))
          .doesNotContain(TestCatalogCodec.VERIFIER)
          .doesNotContain(change.getClass().getSimpleName());
      assertThat(new CatalogEntry.ChangeAccess(change).toString())
          .doesNotContain(TestCatalogCodec.VERIFIER);
    }
    assertThat(CatalogStateMachine.describe(new AccessChange.CreateRole(ALICE)))
        .isEqualTo("created role[alice]");
    assertThat(
            CatalogStateMachine.describe(
                new AccessChange.GrantOnTables(
                    false, SELECT | INSERT, List.of("b"), List.of(AccessState.PUBLIC))))
        .isEqualTo("revoked [SELECT, INSERT] on tables[b] from [public]");
    assertThat(
            CatalogStateMachine.describe(
                new AccessChange.GrantRoles(true, List.of("readers"), List.of("alice"))))
        .isEqualTo("granted roles[readers] to [alice]");
  }

  @Test
  void restartsFromACatalogSnapshotAndReplaysOnlyTheTail() {
    long snapshotIndex;
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("a", EVENTS, false);
      catalog.createTable("b", EVENTS, false);
      catalog.addColumn("b", ColumnSchema.of("note", DataType.VARCHAR));
      catalog.createView(VIEW, false);
      catalog.snapshotAll();
      snapshotIndex = catalog.node().catalog().snapshotIndex();
      assertThat(snapshotIndex).isPositive();
      catalog.createTable("c", EVENTS, false);
      catalog.dropTable("a", false);
    }
    try (ReplicatedCatalog catalog = open()) {
      assertThat(catalog.node().catalog().snapshotIndex()).isEqualTo(snapshotIndex);
      assertThat(catalog.node().catalog().entriesAppliedSinceStart()).isEqualTo(2);
      assertThat(catalog.tableNames()).containsExactly("b", "c");
      assertThat(catalog.views()).containsExactly(VIEW);
      assertThat(definition(catalog, "b").schema().columnCount()).isEqualTo(5);
      assertThat(catalog.groups().get(0).snapshotIndex()).isEqualTo(snapshotIndex);
      assertThat(catalog.node().shardGroupIds()).hasSize(4);
    }
  }

  @Test
  void appliesConcurrentAppendsExactlyOnce() throws Exception {
    int threads = 4;
    int batches = 25;
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("events", EVENTS, false);
      Table events = table(catalog, "events");
      ExecutorService executor = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int thread = 0; thread < threads; thread++) {
          long base = thread * 1_000_000L;
          futures.add(
              executor.submit(
                  () -> {
                    for (int batch = 0; batch < batches; batch++) {
                      events.append(events(base + batch * 10L, 10));
                    }
                  }));
        }
        for (Future<?> future : futures) {
          future.get(60, TimeUnit.SECONDS);
        }
      } finally {
        executor.shutdownNow();
      }
      List<Long> expected = new ArrayList<>();
      for (int thread = 0; thread < threads; thread++) {
        expected.addAll(range(thread * 1_000_000L, thread * 1_000_000L + batches * 10));
      }
      assertThat(ids(events)).containsExactlyInAnyOrderElementsOf(expected);
      long applied = 0;
      for (ShardPlacement shard : definition(catalog, "events").shards()) {
        applied += catalog.node().shardGroup(shard.groupId()).batchesAppliedSinceStart();
      }
      assertThat(applied).isEqualTo((long) threads * batches);
    }
  }

  @Test
  void producerBatchesAreAppliedOnceAcrossRetriesAndRestarts() {
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("events", EVENTS, false);
      Table events = table(catalog, "events");
      assertThat(events.append(events(0, 10), "writer-a", 1)).isTrue();
      assertThat(events.append(events(10, 10), "writer-a", 2)).isTrue();
      assertThat(events.append(events(10, 10), "writer-a", 2)).isFalse();
      assertThat(events.append(events(100, 10), "writer-b", 1)).isTrue();
    }
    try (ReplicatedCatalog catalog = open()) {
      Table events = table(catalog, "events");
      // The shard state machine's memory of producers survives the restart (log or snapshot).
      assertThat(events.append(events(0, 10), "writer-a", 1)).isFalse();
      assertThat(events.append(events(10, 10), "writer-a", 2)).isFalse();
      assertThat(events.append(events(20, 10), "writer-a", 3)).isTrue();
      List<Long> expected = new ArrayList<>(range(0, 30));
      expected.addAll(range(100, 110));
      assertThat(ids(events)).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void repairsDdlInterruptedBetweenItsSteps() throws IOException {
    UUID orphan = ShardPlacement.groupId(999, 0);
    try (RaftNode node = RaftNode.start(directory, "127.0.0.1", 0, STORAGE, CONSENSUS)) {
      // CREATE TABLE committed, then a crash before its shard groups were added.
      List<PeerAddress> self = List.of(node.self());
      node.submitCatalog(
          new CatalogEntry.Create("events", EVENTS, false, List.of(self, self), List.of(), 0));
      // DROP TABLE committed, then a crash before its shard group was removed.
      node.createShardGroup(orphan, EVENTS, self);
    }
    // A shard whose schema file was written, then a crash before its group was added.
    Path unused = directory.resolve("shards").resolve(ShardPlacement.groupId(998, 0).toString());
    Files.createDirectories(unused);
    ShardStateMachine.writeSchemaFile(unused.resolve(ShardStateMachine.SCHEMA_FILE), EVENTS);
    try (ReplicatedCatalog catalog = open()) {
      assertThat(catalog.node().shardGroupIds())
          .containsExactlyInAnyOrderElementsOf(
              definition(catalog, "events").shards().stream()
                  .map(ShardPlacement::groupId)
                  .toList());
      assertThat(directory.resolve("shards").resolve(orphan.toString())).doesNotExist();
      assertThat(unused).doesNotExist();
      table(catalog, "events").append(events(0, 20));
      // ADD COLUMN reached the shards, then a crash before the catalog entry.
      for (ShardPlacement shard : definition(catalog, "events").shards()) {
        catalog
            .node()
            .shardGroup(shard.groupId())
            .addColumn(ColumnSchema.of("note", DataType.VARCHAR));
      }
      assertThat(definition(catalog, "events").schema().columnCount()).isEqualTo(4);
      table(catalog, "events").append(events(20, 20));
    }
    try (ReplicatedCatalog catalog = open()) {
      Table events = table(catalog, "events");
      assertThat(events.schema().column(4)).isEqualTo(ColumnSchema.of("note", DataType.VARCHAR));
      assertThat(notes(events)).isEqualTo(expectedNotes(40, 40));
    }
  }

  private ReplicatedCatalog open() {
    return ReplicatedCatalog.open(directory, "127.0.0.1", 0, STORAGE, CONSENSUS);
  }

  private static Table table(ReplicatedCatalog catalog, String name) {
    return Objects.requireNonNull(catalog.table(name), name);
  }

  private static TableDefinition definition(ReplicatedCatalog catalog, String name) {
    return Objects.requireNonNull(catalog.definition(name), name);
  }

  private static void assertCode(Runnable action, ErrorCode code) {
    assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(
            AuroraException.class, e -> assertThat(e.errorCode()).isEqualTo(code));
  }

  /** Rows with ids {@code first..first+rows-1} over three days, every fifth name NULL. */
  static Page events(long first, int rows) {
    BlockBuilder ids = BlockBuilder.forType(DataType.BIGINT, rows);
    BlockBuilder times = BlockBuilder.forType(DataType.TIMESTAMP, rows);
    BlockBuilder names = BlockBuilder.forType(DataType.VARCHAR, rows);
    BlockBuilder amounts = BlockBuilder.forType(DataType.decimal(18, 2), rows);
    for (int i = 0; i < rows; i++) {
      long id = first + i;
      ids.appendObject(id, DataType.BIGINT);
      times.appendObject(START_MICROS + (id % 3) * DAY_MICROS, DataType.TIMESTAMP);
      names.appendObject(id % 5 == 0 ? null : "name-" + id, DataType.VARCHAR);
      amounts.appendObject(id * 100, DataType.decimal(18, 2));
    }
    return Page.of(ids.build(), times.build(), names.build(), amounts.build());
  }

  private static Page withNote(Page page) {
    BlockBuilder notes = BlockBuilder.forType(DataType.VARCHAR, page.positionCount());
    for (int row = 0; row < page.positionCount(); row++) {
      notes.appendObject("note-" + page.objectValue(0, row), DataType.VARCHAR);
    }
    return Page.of(concat(page, notes.build()));
  }

  private static Block[] concat(Page page, Block extra) {
    Block[] blocks = new Block[page.channelCount() + 1];
    for (int channel = 0; channel < page.channelCount(); channel++) {
      blocks[channel] = page.block(channel);
    }
    blocks[page.channelCount()] = extra;
    return blocks;
  }

  private static Block nulls(DataType type, int rows) {
    BlockBuilder builder = BlockBuilder.forType(type, rows);
    for (int i = 0; i < rows; i++) {
      builder.appendNull();
    }
    return builder.build();
  }

  private static List<Long> range(long from, long to) {
    List<Long> ids = new ArrayList<>();
    for (long id = from; id < to; id++) {
      ids.add(id);
    }
    return ids;
  }

  static List<Long> ids(Table table) {
    List<Long> ids = new ArrayList<>();
    table
        .scan(ScanRequest.of(List.of("id")))
        .forEachPage(
            page -> {
              for (int row = 0; row < page.rowCount(); row++) {
                ids.add((Long) page.objectValue(0, row));
              }
            });
    return ids;
  }

  /** The note column by id. */
  private static Map<Long, Object> notes(Table table) {
    Map<Long, Object> notes = new HashMap<>();
    table
        .scan(ScanRequest.of(List.of("id", "note")))
        .forEachPage(
            page -> {
              for (int row = 0; row < page.rowCount(); row++) {
                notes.put((Long) page.objectValue(0, row), page.objectValue(1, row));
              }
            });
    return notes;
  }

  /** NULL notes for ids below {@code altered}, "note-id" from there up to {@code end}. */
  private static Map<Long, Object> expectedNotes(long altered, long end) {
    Map<Long, Object> notes = new HashMap<>();
    for (long id = 0; id < end; id++) {
      notes.put(id, id < altered ? null : "note-" + id);
    }
    return notes;
  }
}
