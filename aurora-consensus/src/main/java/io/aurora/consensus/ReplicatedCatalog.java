package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.Table;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.ScanSplit;
import io.aurora.storage.scan.ScanStatistics;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.TableSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link Catalog}: table definitions replicated through the catalog Raft group, rows
 * through one Raft group per shard, all on one {@link RaftNode}.
 *
 * <pre>
 * try (ReplicatedCatalog catalog =
 *     ReplicatedCatalog.open(dataDirectory, "0.0.0.0", 9091, storageConfig, consensusConfig)) {
 *   catalog.createTable("events", schema, false);    // catalog entry, then the shard groups
 *   catalog.table("events").append(page);            // returns once in the fsync'd Raft log
 *   ...
 *   catalog.snapshotAll();                           // at graceful shutdown: nothing to replay
 * }
 * </pre>
 *
 * <h2>DDL</h2>
 *
 * <ul>
 *   <li>CREATE TABLE commits a catalog entry (the table id is its log index), then adds the shard
 *       groups placed on this node.
 *   <li>DROP TABLE commits a catalog entry, then removes the table's shard groups and their files.
 *   <li>ADD COLUMN first appends an add-column entry to every shard group, then commits the catalog
 *       entry. Writers take the schema from the catalog, so no batch with the new column can reach
 *       a shard that does not have it yet.
 * </ul>
 *
 * A crash between the steps is repaired by {@link #open}: it adds the missing shard groups of
 * tables in the catalog, removes shard groups of tables no longer in it, and completes an ADD
 * COLUMN whose shard entries committed but whose catalog entry did not.
 *
 * <p>Reads ({@link #tableNames()}, {@link #table(String)}, scans) are served from the state this
 * node has applied. DDL statements are serialized by a lock on this node. Thread-safe.
 */
public final class ReplicatedCatalog implements Catalog, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReplicatedCatalog.class);

  private final RaftNode node;
  private final ReentrantLock ddlLock = new ReentrantLock();
  private final Map<Long, ReplicatedTable> tables = new ConcurrentHashMap<>();

  private ReplicatedCatalog(RaftNode node) {
    this.node = node;
  }

  /**
   * Starts this node's Raft server on {@code raftHost:raftPort} (port 0 picks a free port) over
   * {@code dataDirectory}, recovers the catalog and every shard (snapshots, then log tails), and
   * returns once every table and every acknowledged row is visible.
   *
   * @throws AuroraException when the node cannot start or a file is damaged
   */
  public static ReplicatedCatalog open(
      Path dataDirectory,
      String raftHost,
      int raftPort,
      StorageConfig storageConfig,
      ConsensusConfig consensusConfig) {
    RaftNode node =
        RaftNode.start(dataDirectory, raftHost, raftPort, storageConfig, consensusConfig);
    try {
      ReplicatedCatalog catalog = new ReplicatedCatalog(node);
      catalog.reconcile();
      return catalog;
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /** The Raft node, for its address and group states. */
  public RaftNode node() {
    return node;
  }

  /** The state of every Raft group on this node; see {@link RaftNode#groups()}. */
  public List<GroupStatus> groups() {
    return node.groups();
  }

  /**
   * Takes a snapshot of the catalog and of every shard (sealing their unsealed rows), so the next
   * {@link #open} replays nothing. Call at graceful shutdown, before {@link #close()}.
   */
  public void snapshotAll() {
    node.snapshotAll();
  }

  /** {@code CHECKPOINT}: the snapshot of {@link #snapshotAll()}. */
  @Override
  public void checkpoint() {
    snapshotAll();
  }

  @Override
  public List<String> tableNames() {
    return node.catalog().tables().keySet().stream().sorted().toList();
  }

  @Override
  public @Nullable Table table(String name) {
    TableDefinition definition = node.catalog().tables().get(name);
    if (definition == null) {
      return null;
    }
    return tables.computeIfAbsent(definition.tableId(), id -> new ReplicatedTable(definition));
  }

  /** The definition of a table as this node has applied it, or null. */
  public @Nullable TableDefinition definition(String name) {
    return node.catalog().tables().get(name);
  }

  @Override
  public void createTable(String name, TableSchema schema, boolean ifNotExists) {
    requireNonNull(name, "name is null");
    requireNonNull(schema, "schema is null");
    ddlLock.lock();
    try {
      List<List<PeerAddress>> placement = new ArrayList<>();
      for (int shard = 0; shard < schema.shardCount(); shard++) {
        placement.add(List.of(node.self()));
      }
      StateMachineReply reply =
          submit(new CatalogEntry.Create(name, schema, ifNotExists, placement));
      if (!reply.isApplied()) {
        return;
      }
      TableDefinition table = requireNonNull(node.catalog().tables().get(name), "created table");
      addLocalShardGroups(table);
      log.info(
          "Created table[{}] id[{}] with shards[{}]", name, table.tableId(), schema.shardCount());
    } finally {
      ddlLock.unlock();
    }
  }

  @Override
  public void dropTable(String name, boolean ifExists) {
    requireNonNull(name, "name is null");
    ddlLock.lock();
    try {
      TableDefinition table = node.catalog().tables().get(name);
      StateMachineReply reply = submit(new CatalogEntry.Drop(name, ifExists));
      if (!reply.isApplied() || table == null) {
        return;
      }
      tables.remove(table.tableId());
      for (ShardPlacement shard : table.shards()) {
        if (node.shardGroup(shard.groupId()) != null) {
          node.removeShardGroup(shard.groupId());
        }
      }
    } finally {
      ddlLock.unlock();
    }
  }

  @Override
  public void addColumn(String table, ColumnSchema column) {
    requireNonNull(table, "table is null");
    requireNonNull(column, "column is null");
    ddlLock.lock();
    try {
      TableDefinition definition = node.catalog().tables().get(table);
      if (definition == null) {
        throw new AuroraException(ErrorCode.UNDEFINED_TABLE, "Table[" + table + "] does not exist");
      }
      // Fails with the catalog's error before any shard changes.
      CatalogStateMachine.withColumn(definition.schema(), column);
      for (ShardPlacement shard : definition.shards()) {
        shardGroup(definition, shard).addColumn(column);
      }
      submit(new CatalogEntry.AddColumn(table, column));
    } finally {
      ddlLock.unlock();
    }
  }

  /**
   * Stops the Raft node; rows not in a snapshot are replayed from the Raft logs by {@link #open}.
   */
  @Override
  public void close() {
    node.close();
  }

  private StateMachineReply submit(CatalogEntry entry) {
    return node.submitCatalog(entry);
  }

  private void addLocalShardGroups(TableDefinition table) {
    for (ShardPlacement shard : table.shards()) {
      if (isLocal(shard) && node.shardGroup(shard.groupId()) == null) {
        node.createShardGroup(shard.groupId(), table.schema(), shard.peers());
      }
    }
  }

  private boolean isLocal(ShardPlacement shard) {
    for (PeerAddress peer : shard.peers()) {
      if (peer.id().equals(node.self().id())) {
        return true;
      }
    }
    return false;
  }

  /** Repairs what a crash between the steps of a DDL statement left; see the class javadoc. */
  private void reconcile() {
    Set<UUID> placed = new HashSet<>();
    for (TableDefinition table : node.catalog().tables().values()) {
      addLocalShardGroups(table);
      List<ColumnSchema> pending = List.of();
      for (ShardPlacement shard : table.shards()) {
        placed.add(shard.groupId());
        ShardGroup group = node.shardGroup(shard.groupId());
        if (group != null && group.shard().columns().size() > table.schema().columnCount()) {
          List<ColumnSchema> columns = group.shard().columns();
          pending = columns.subList(table.schema().columnCount(), columns.size());
        }
      }
      for (ColumnSchema column : pending) {
        log.info("Completing the addition of column[{}] to table[{}]", column.name(), table.name());
        addColumn(table.name(), column);
      }
    }
    for (UUID groupId : node.shardGroupIds()) {
      if (!placed.contains(groupId)) {
        log.info("Removing shard group[{}] of a dropped table", groupId);
        node.removeShardGroup(groupId);
      }
    }
  }

  private ShardGroup shardGroup(TableDefinition table, ShardPlacement shard) {
    ShardGroup group = node.shardGroup(shard.groupId());
    if (group == null) {
      // Only shards placed on this node can be reached until the node talks to other peers.
      throw new AuroraException(
          ErrorCode.UNDEFINED_TABLE,
          "Shard[" + shard.shard() + "] of table[" + table.name() + "] is not on this node");
    }
    return group;
  }

  /** A table's view over its shard groups on this node. */
  private final class ReplicatedTable implements Table {
    private final long tableId;
    private final String name;
    private final AtomicLong nextShard = new AtomicLong();
    private volatile TableDefinition last;

    ReplicatedTable(TableDefinition definition) {
      this.tableId = definition.tableId();
      this.name = definition.name();
      this.last = definition;
    }

    /** The table's current definition; fails once the table is dropped. */
    private TableDefinition definition() {
      TableDefinition definition = node.catalog().tables().get(name);
      if (definition == null || definition.tableId() != tableId) {
        throw new AuroraException(ErrorCode.UNDEFINED_TABLE, "Table[" + name + "] was dropped");
      }
      last = definition;
      return definition;
    }

    @Override
    public String name() {
      return name;
    }

    /** The current schema, or the last one seen once the table is dropped. */
    @Override
    public TableSchema schema() {
      TableDefinition definition = node.catalog().tables().get(name);
      if (definition != null && definition.tableId() == tableId) {
        last = definition;
      }
      return last.schema();
    }

    @Override
    public long rowCount() {
      long rows = 0;
      for (ShardPlacement shard : definition().shards()) {
        ShardGroup group = node.shardGroup(shard.groupId());
        if (group != null) {
          rows += group.shard().rowCount();
        }
      }
      return rows;
    }

    @Override
    public TableScan scan(ScanRequest request) {
      TableDefinition definition = definition();
      ScanStatistics statistics = new ScanStatistics();
      List<ScanSplit> splits = new ArrayList<>();
      for (ShardPlacement shard : definition.shards()) {
        splits.addAll(shardGroup(definition, shard).shard().scan(request, statistics).splits());
      }
      return new TableScan(splits, statistics);
    }

    @Override
    public void append(Page page) {
      TableDefinition definition = definition();
      int columns = definition.schema().columnCount();
      if (page.channelCount() != columns) {
        throw new AuroraException(
            ErrorCode.DATATYPE_MISMATCH,
            "Batch has " + page.channelCount() + " columns but the table has " + columns);
      }
      List<ShardPlacement> shards = definition.shards();
      ShardPlacement shard = shards.get((int) (nextShard.getAndIncrement() % shards.size()));
      shardGroup(definition, shard).append(page);
    }

    /**
     * Sends all of a producer's batches to one shard, chosen by a hash of the producer id, so that
     * the shard state machine, which remembers the last sequence applied per producer, recognizes a
     * retried batch and acknowledges it without applying it again. The routing is stable as long as
     * the table's shard count is (it is fixed at CREATE TABLE).
     */
    @Override
    public boolean append(Page page, String producerId, long sequence) {
      TableDefinition definition = definition();
      int columns = definition.schema().columnCount();
      if (page.channelCount() != columns) {
        throw new AuroraException(
            ErrorCode.DATATYPE_MISMATCH,
            "Batch has " + page.channelCount() + " columns but the table has " + columns);
      }
      List<ShardPlacement> shards = definition.shards();
      ShardPlacement shard = shards.get(Math.floorMod(producerId.hashCode(), shards.size()));
      return !shardGroup(definition, shard).append(page, producerId, sequence).isDuplicate();
    }
  }
}
