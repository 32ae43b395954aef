package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.access.AccessChange;
import io.aurora.sql.access.AccessState;
import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.ClusterNode;
import io.aurora.sql.catalog.EndpointDefinition;
import io.aurora.sql.catalog.EndpointStatistics;
import io.aurora.sql.catalog.PipelineDefinition;
import io.aurora.sql.catalog.PipelineStatus;
import io.aurora.sql.catalog.PipelineSupport;
import io.aurora.sql.catalog.ShardReplica;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.TableOptions;
import io.aurora.sql.catalog.ViewDefinition;
import io.aurora.sql.catalog.WriteTransaction;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.ScanSplit;
import io.aurora.storage.scan.ScanStatistics;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.shard.DistinctEstimate;
import io.aurora.storage.shard.SegmentStatistics;
import io.aurora.storage.shard.Shard;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import io.aurora.storage.type.TypeKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.apache.ratis.protocol.RaftGroupId;
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

  /** The most threads that send a write transaction's entries to other shards at once. */
  static final int TRANSACTION_IO_THREADS = 64;

  /** How often a node deletes the expired partitions of the shards it leads (table retention). */
  static final Duration RETENTION_INTERVAL = Duration.ofMinutes(1);

  /**
   * How long the resolver leaves a transaction staged on a shard alone after its last activity
   * there, so that a live writer's own COMMITs finish it (they race the resolver's otherwise).
   */
  static final Duration RESOLVE_GRACE = Duration.ofSeconds(2);

  /** How often the resolver looks for staged transactions whose writer is gone. */
  static final Duration RESOLVE_INTERVAL = Duration.ofSeconds(1);

  // A follower silent for longer than this is shown as down in system.nodes.
  private static final long HEARTBEAT_SILENCE_DOWN_MILLIS = 5_000;

  private final RaftNode node;
  private final ReentrantLock ddlLock = new ReentrantLock();
  private final Map<Long, ReplicatedTable> tables = new ConcurrentHashMap<>();
  private final Map<UUID, RemoteShard> remoteShards = new ConcurrentHashMap<>();
  private final EndpointStatistics endpointStatistics = new EndpointStatistics();
  private final ExecutorService reconciler;
  private final ScheduledExecutorService resolver;
  // Sends a write transaction's entries to its other shards while the writer sends the first's.
  private final ExecutorService transactionIo;

  /**
   * Keeps scans from capturing shards in the middle of a write transaction's commit: commits hold
   * it shared (they do not wait for each other), a scan takes it exclusively only while it reads
   * the states of its table's local shards, which takes no I/O. Fair, so a scan waits for the
   * commits in progress and not for ones that start after it.
   */
  private final ReentrantReadWriteLock commitFence = new ReentrantReadWriteLock(true);

  private final AtomicBoolean isReconcileQueued = new AtomicBoolean();
  private volatile NodeRecord announced;
  private volatile @Nullable RemoteShardReader remoteReader;
  private volatile @Nullable PipelineSupport pipelineSupport;
  private final AtomicLong nextRemoteReplica = new AtomicLong();

  private ReplicatedCatalog(RaftNode node) {
    this.node = node;
    this.announced =
        new NodeRecord(
            node.self().id(),
            node.membership().isCluster() ? node.membership().nodeId() : node.self().id(),
            node.self().address(),
            "",
            "");
    this.reconciler =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "aurora-catalog-reconcile");
              thread.setDaemon(true);
              return thread;
            });
    this.resolver =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "aurora-transaction-resolver");
              thread.setDaemon(true);
              return thread;
            });
    // Bounded: each task is one shard's blocking Raft round trip, none waits for another, so
    // writes over more shards than threads queue rather than start a thread per shard and writer.
    ThreadPoolExecutor io =
        new ThreadPoolExecutor(
            TRANSACTION_IO_THREADS,
            TRANSACTION_IO_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "aurora-transaction-io");
              thread.setDaemon(true);
              return thread;
            });
    io.allowCoreThreadTimeOut(true);
    this.transactionIo = io;
    resolver.scheduleWithFixedDelay(
        () -> {
          try {
            resolveStagedTransactions(true);
          } catch (RuntimeException e) {
            log.warn("Resolving staged transactions failed; retrying", e);
          }
        },
        RESOLVE_INTERVAL.toMillis(),
        RESOLVE_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    resolver.scheduleWithFixedDelay(
        () -> {
          try {
            enforceRetention(
                java.time.temporal.ChronoUnit.MICROS.between(
                    java.time.Instant.EPOCH, java.time.Instant.now()));
          } catch (RuntimeException e) {
            log.warn("Deleting expired partitions failed; retrying", e);
          }
        },
        RETENTION_INTERVAL.toMillis(),
        RETENTION_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
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
    return open(
        dataDirectory,
        raftHost,
        raftPort,
        storageConfig,
        consensusConfig,
        ClusterMembership.SINGLE);
  }

  /**
   * Starts this node as a member of the cluster that {@code membership} describes: its Raft server
   * binds {@code raftHost:raftPort} and is reached by the other nodes on the advertised host and
   * the same port. At the first start of a cluster every seed waits for enough of the others to
   * elect the catalog's leader (saying so once in the log); later starts recover as {@link
   * #open(Path, String, int, StorageConfig, ConsensusConfig)} does and catch up from the leaders.
   *
   * @throws AuroraException when the node cannot start, its data directory belongs to another node
   *     or cluster, or the seeds contradict the membership stored in it
   */
  public static ReplicatedCatalog open(
      Path dataDirectory,
      String raftHost,
      int raftPort,
      StorageConfig storageConfig,
      ConsensusConfig consensusConfig,
      ClusterMembership membership) {
    RaftNode node =
        RaftNode.start(
            dataDirectory, raftHost, raftPort, storageConfig, consensusConfig, membership);
    ReplicatedCatalog catalog = new ReplicatedCatalog(node);
    try {
      if (membership.isCluster()) {
        catalog.register(catalog.announced);
      }
      catalog.reconcile();
      node.catalog().onChange(catalog::scheduleReconcile);
      if (!membership.isCluster()) {
        // Every group is here: finish the transactions decided before a crash before the first
        // read, so no reader sees a committed transaction on some shards only.
        catalog.resolveStagedTransactions(false);
      }
      return catalog;
    } catch (RuntimeException e) {
      catalog.close();
      throw e;
    }
  }

  /**
   * Records this node's PostgreSQL and gRPC addresses ({@code host:port}) in the catalog, so every
   * node's {@code system.nodes} shows them. Called once the endpoints are bound.
   */
  public void announce(String sqlAddress, String grpcAddress) {
    NodeRecord record =
        new NodeRecord(
            announced.peerId(),
            announced.nodeId(),
            announced.raftAddress(),
            requireNonNull(sqlAddress, "sqlAddress is null"),
            requireNonNull(grpcAddress, "grpcAddress is null"));
    announced = record;
    if (node.membership().isCluster()) {
      register(record);
    }
  }

  /**
   * Commits this node's record; a node id another node already has fails with a message for the
   * operator, and the node does not start.
   */
  private void register(NodeRecord record) {
    if (record.equals(node.catalog().nodes().get(record.peerId()))) {
      return;
    }
    submit(new CatalogEntry.RegisterNode(record));
  }

  /**
   * Lets this node read shards it holds no replica of, through {@code reader} (the server's
   * internal RPC). Without one, such a read fails with 0A000.
   */
  public void useRemoteReader(RemoteShardReader reader) {
    this.remoteReader = requireNonNull(reader, "reader is null");
  }

  /**
   * Scans this node's replica of a shard for another node ({@link RemoteShardReader}'s serving
   * side), after a ReadIndex barrier, so the scan includes every write acknowledged before it.
   *
   * @throws AuroraException UNAVAILABLE when this node holds no replica of the group (any more) or
   *     the group has no leader that a majority follows
   */
  public TableScan scanReplica(UUID groupId, ScanRequest request) {
    ShardGroup group = node.shardGroup(groupId);
    if (group == null) {
      throw new AuroraException(
          ErrorCode.UNAVAILABLE,
          "Node[" + announced.nodeId() + "] holds no replica of shard group[" + groupId + "]");
    }
    if (node.isReplicated(RaftGroupId.valueOf(groupId))) {
      node.readBarrier(RaftGroupId.valueOf(groupId), node.requestTimeoutNanos());
    }
    return group.shard().scan(request);
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

  /**
   * {@code CHECKPOINT}: the snapshot of {@link #snapshotAll()}, then compaction of the local
   * replicas' small segments, so that data loaded in bulk is merged before the queries that follow
   * rather than under them.
   */
  @Override
  public void checkpoint() {
    snapshotAll();
    node.compactAll();
  }

  @Override
  public List<String> tableNames() {
    return node.catalog().tables().keySet().stream()
        .filter(name -> !Catalog.isInternal(name))
        .sorted()
        .toList();
  }

  /**
   * The table of that name. In a cluster, a name this node has not seen yet is looked up again
   * after a ReadIndex barrier on the catalog, so a table created on another node is found here as
   * soon as its CREATE TABLE returned there. Aurora's own tables ({@link Catalog#isInternal}),
   * which every statement's system schema looks up, are served from this replica without one.
   */
  @Override
  public @Nullable Table table(String name) {
    TableDefinition definition = node.catalog().tables().get(name);
    if (definition == null && node.membership().isCluster() && !Catalog.isInternal(name)) {
      node.readBarrier(RaftGroupId.valueOf(node.catalogGroupId()), node.requestTimeoutNanos());
      definition = node.catalog().tables().get(name);
    }
    if (definition == null) {
      return null;
    }
    TableDefinition found = definition;
    return tables.computeIfAbsent(found.tableId(), id -> new ReplicatedTable(found));
  }

  /**
   * The views as this replica of the catalog has them: every statement plans against them, so no
   * barrier is paid for them.
   */
  @Override
  public List<ViewDefinition> views() {
    return List.copyOf(node.catalog().views().values());
  }

  @Override
  public void createView(ViewDefinition view, boolean orReplace) {
    requireNonNull(view, "view is null");
    submit(new CatalogEntry.CreateView(view, orReplace));
  }

  @Override
  public EndpointStatistics endpointStatistics() {
    return endpointStatistics;
  }

  @Override
  public List<EndpointDefinition> endpoints() {
    return List.copyOf(node.catalog().endpoints().values());
  }

  @Override
  public void createEndpoint(EndpointDefinition endpoint, boolean orReplace) {
    requireNonNull(endpoint, "endpoint is null");
    submit(new CatalogEntry.CreateEndpoint(endpoint, orReplace));
  }

  @Override
  public void dropEndpoint(String name, boolean ifExists) {
    requireNonNull(name, "name is null");
    submit(new CatalogEntry.DropEndpoint(name, ifExists));
    endpointStatistics.forget(name);
  }

  /**
   * Roles, privileges and table owners as this replica of the catalog has them, once it applied
   * every entry it knows committed: a change of privileges returns only once every reachable node
   * committed it ({@link #changeAccess}), so from then on every node's checks see it.
   */
  @Override
  public AccessState access() {
    node.awaitCatalogApplied();
    return node.catalog().access();
  }

  @Override
  public AccessState accessNow() {
    return node.catalog().access();
  }

  /**
   * Applies the change on every node through the catalog's log, returning once every reachable node
   * committed it (a node that is down applies it from the log before it serves again); a change
   * {@link AccessState#apply} refuses fails here with its error and changes nothing.
   */
  @Override
  public void changeAccess(AccessChange change) {
    requireNonNull(change, "change is null");
    node.submitCatalog(new CatalogEntry.ChangeAccess(change), true);
  }

  @Override
  public void dropView(String name, boolean ifExists) {
    requireNonNull(name, "name is null");
    submit(new CatalogEntry.DropView(name, ifExists));
  }

  /** The pipelines; in a cluster after a ReadIndex barrier on the catalog. */
  @Override
  public List<PipelineDefinition> pipelines() {
    if (node.membership().isCluster()) {
      node.readBarrier(RaftGroupId.valueOf(node.catalogGroupId()), node.requestTimeoutNanos());
    }
    return List.copyOf(node.catalog().pipelines().values());
  }

  /** The pipelines as this replica of the catalog has them, without a barrier. */
  public List<PipelineDefinition> localPipelines() {
    return List.copyOf(node.catalog().pipelines().values());
  }

  /** The server's pipeline runner: checks new pipelines and reports their status. */
  public void setPipelineSupport(PipelineSupport support) {
    this.pipelineSupport = requireNonNull(support, "support is null");
  }

  /**
   * Checks the pipeline's format and options, creates its dead-letter table ({@code <name>_errors};
   * one that exists already must have the dead-letter columns), then the pipeline.
   */
  @Override
  public void createPipeline(PipelineDefinition pipeline, boolean ifNotExists) {
    requireNonNull(pipeline, "pipeline is null");
    PipelineSupport support = pipelineSupport;
    if (support == null) {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED, "This node has no pipeline runner");
    }
    if (ifNotExists && node.catalog().pipelines().containsKey(pipeline.name())) {
      return;
    }
    if (table(pipeline.table()) == null) {
      throw new AuroraException(
          ErrorCode.UNDEFINED_TABLE, "Table[" + pipeline.table() + "] does not exist");
    }
    support.validate(pipeline);
    Table errors = table(pipeline.errorTable());
    if (errors == null) {
      createTable(pipeline.errorTable(), support.errorTableSchema(), true);
    } else if (!errors.schema().columns().equals(support.errorTableSchema().columns())) {
      throw new AuroraException(
          ErrorCode.DUPLICATE_TABLE,
          "Table["
              + pipeline.errorTable()
              + "] exists and is not a dead-letter table: name the pipeline differently");
    }
    submit(new CatalogEntry.CreatePipeline(pipeline, ifNotExists));
  }

  @Override
  public List<PipelineStatus> pipelineStatuses() {
    PipelineSupport support = pipelineSupport;
    return support == null ? List.of() : support.statuses(pipelines());
  }

  @Override
  public void dropPipeline(String name, boolean ifExists) {
    requireNonNull(name, "name is null");
    submit(new CatalogEntry.DropPipeline(name, ifExists));
  }

  @Override
  public void setPipelineRunning(String name, boolean running) {
    requireNonNull(name, "name is null");
    submit(new CatalogEntry.SetPipelineRunning(name, running));
  }

  /**
   * The shard of a source's rows in a table without a distribution key: a source named {@code
   * <prefix>/<n>} (a pipeline's partition n) goes to shard n mod shards, which the node that reads
   * the partition leads ({@link #leadsShardOf}), so its writes stay local; any other to a hash of
   * its name.
   */
  static int sourceShardIndex(String source, int shardCount) {
    int slash = source.lastIndexOf('/');
    if (slash >= 0 && slash + 1 < source.length() && source.length() - slash <= 10) {
      boolean isNumber = true;
      for (int i = slash + 1; i < source.length(); i++) {
        char c = source.charAt(i);
        isNumber &= c >= '0' && c <= '9';
      }
      if (isNumber) {
        return Math.floorMod(Integer.parseInt(source.substring(slash + 1)), shardCount);
      }
    }
    return Math.floorMod(source.hashCode(), shardCount);
  }

  /**
   * Whether this node leads the group of shard {@code partition mod shards} of the table: the rule
   * that spreads a pipeline's Kafka partitions over the nodes (partition p is read by the leader of
   * shard p mod shards, where its rows go when the table has no distribution key), which moves a
   * partition with its shard's leadership when a node fails. False for a table that does not exist.
   */
  public boolean leadsShardOf(String table, int partition) {
    TableDefinition definition = node.catalog().tables().get(table);
    if (definition == null) {
      return false;
    }
    List<ShardPlacement> shards = definition.shards();
    ShardPlacement shard = shards.get(Math.floorMod(partition, shards.size()));
    return node.shardGroup(shard.groupId()) != null
        && node.isLeader(RaftGroupId.valueOf(shard.groupId()));
  }

  /** The other members of the cluster that announced themselves (with their gRPC address). */
  public List<NodeRecord> otherNodes() {
    Map<String, NodeRecord> records = node.catalog().nodes();
    List<NodeRecord> others = new ArrayList<>();
    for (PeerAddress member : members()) {
      NodeRecord record = records.get(member.id());
      if (!member.id().equals(node.self().id())
          && record != null
          && !record.grpcAddress().isEmpty()) {
        others.add(record);
      }
    }
    return others;
  }

  @Override
  public List<ClusterNode> clusterNodes() {
    Map<String, NodeRecord> records = node.catalog().nodes();
    List<PeerAddress> members = members();
    Map<String, int[]> counts = new HashMap<>();
    Map<String, Long> silence = new HashMap<>();
    for (TableDefinition table : node.catalog().tables().values()) {
      for (ShardPlacement shard : table.shards()) {
        String leader = node.leaderOf(shard.groupId());
        for (PeerAddress peer : shard.peers()) {
          int[] count = counts.computeIfAbsent(peer.id(), id -> new int[2]);
          count[0]++;
          if (peer.id().equals(leader)) {
            count[1]++;
          }
        }
        node.followerSilenceMillis(shard.groupId())
            .forEach((id, ms) -> silence.merge(id, ms, Math::min));
      }
    }
    node.followerSilenceMillis(node.catalogGroupId())
        .forEach((id, ms) -> silence.merge(id, ms, Math::min));
    List<ClusterNode> nodes = new ArrayList<>();
    for (PeerAddress member : members) {
      NodeRecord record =
          member.id().equals(node.self().id())
              ? announced
              : records.getOrDefault(
                  member.id(), new NodeRecord(member.id(), "", member.address(), "", ""));
      String state;
      if (member.id().equals(node.self().id())) {
        state = "up";
      } else if (silence.containsKey(member.id())) {
        state = silence.get(member.id()) < HEARTBEAT_SILENCE_DOWN_MILLIS ? "up" : "down";
      } else {
        state = "unknown";
      }
      int[] count = counts.getOrDefault(member.id(), new int[2]);
      nodes.add(
          new ClusterNode(
              record.nodeId(),
              record.raftAddress(),
              record.sqlAddress(),
              record.grpcAddress(),
              state,
              count[0],
              count[1]));
    }
    return nodes;
  }

  @Override
  public List<ShardReplica> shardReplicas() {
    Map<String, NodeRecord> records = node.catalog().nodes();
    List<ShardReplica> replicas = new ArrayList<>();
    for (TableDefinition table : new TreeMap<>(node.catalog().tables()).values()) {
      for (ShardPlacement shard : table.shards()) {
        String leader = node.leaderOf(shard.groupId());
        ShardGroup local = node.shardGroup(shard.groupId());
        for (PeerAddress peer : shard.peers()) {
          boolean isSelf = peer.id().equals(node.self().id());
          String role =
              isSelf && local != null && local.isStranded()
                  ? "recovering"
                  : leader == null ? "unknown" : peer.id().equals(leader) ? "leader" : "follower";
          String nodeId =
              isSelf
                  ? announced.nodeId()
                  : records.containsKey(peer.id()) ? records.get(peer.id()).nodeId() : peer.id();
          replicas.add(
              new ShardReplica(
                  table.name(),
                  shard.shard(),
                  nodeId,
                  role,
                  isSelf && local != null ? node.appliedIndex(shard.groupId()) : -1,
                  isSelf && local != null ? local.shard().rowCount() : -1));
        }
      }
    }
    return replicas;
  }

  /** The nodes shards are placed on: the seeds in their order, or this node alone. */
  private List<PeerAddress> members() {
    if (!node.membership().isCluster()) {
      return List.of(node.self());
    }
    List<PeerAddress> members = new ArrayList<>();
    for (String seed : node.membership().seeds()) {
      members.add(new PeerAddress(ClusterMembership.peerId(seed), seed));
    }
    return members;
  }

  /** The definition of a table as this node has applied it, or null. */
  public @Nullable TableDefinition definition(String name) {
    return node.catalog().tables().get(name);
  }

  @Override
  public void createTable(String name, TableSchema schema, boolean ifNotExists) {
    createTable(name, schema, TableOptions.DEFAULT, ifNotExists);
  }

  /**
   * Creates a table whose shards are placed by {@link #placement}: replication factor {@code min(3,
   * nodes)} unless the options say otherwise, and one shard per node when the statement gave no
   * shard count ({@link TableOptions#isDefaultShardCount()}), so that a table's leaders, writes and
   * scans spread over the cluster. Returns once this node's replicas of the new shards have a
   * leader, so the next statement can write to them from any node.
   */
  @Override
  public void createTable(
      String name, TableSchema givenSchema, TableOptions options, boolean ifNotExists) {
    requireNonNull(name, "name is null");
    requireNonNull(givenSchema, "schema is null");
    requireNonNull(options, "options is null");
    TableSchema schema =
        options.isDefaultShardCount()
            ? new TableSchema(
                givenSchema.columns(),
                givenSchema.timeColumn(),
                givenSchema.granularity(),
                givenSchema.sortKey(),
                members().size())
            : givenSchema;
    for (String column : options.distributionColumns()) {
      if (schema.indexOf(column) < 0) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_COLUMN,
            "Distribution column[" + column + "] is not a column of table[" + name + "]");
      }
    }
    ddlLock.lock();
    try {
      List<PeerAddress> members = members();
      int replicationFactor =
          options.replicationFactor() == 0
              ? Math.min(3, members.size())
              : options.replicationFactor();
      if (replicationFactor > members.size()) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Table option replication_factor["
                + replicationFactor
                + "] exceeds the nodes["
                + members.size()
                + "] of the cluster");
      }
      int placedShards = 0;
      for (TableDefinition table : node.catalog().tables().values()) {
        placedShards += table.shards().size();
      }
      StateMachineReply reply =
          submit(
              new CatalogEntry.Create(
                  name,
                  schema,
                  ifNotExists,
                  placement(members, schema.shardCount(), replicationFactor, placedShards),
                  options.distributionColumns(),
                  options.retentionMicros()));
      if (!reply.isApplied()) {
        return;
      }
      TableDefinition table = requireNonNull(node.catalog().tables().get(name), "created table");
      addLocalShardGroups(table);
      for (ShardPlacement shard : table.shards()) {
        if (isLocal(shard) && shard.peers().size() > 1) {
          node.readBarrier(RaftGroupId.valueOf(shard.groupId()), node.requestTimeoutNanos());
        }
      }
      log.info(
          "Created table[{}] id[{}] with shards[{}] replication factor[{}]",
          name,
          table.tableId(),
          schema.shardCount(),
          replicationFactor);
    } finally {
      ddlLock.unlock();
    }
  }

  /**
   * The peers of each shard: shard {@code s} starts at member {@code (offset + s) mod n} and takes
   * the next {@code replicationFactor} members. With {@code offset} the number of shards placed
   * before, consecutive shards of all tables start on consecutive nodes, so every node holds the
   * same number of replicas and of first replicas (preferred leaders), within one.
   */
  static List<List<PeerAddress>> placement(
      List<PeerAddress> members, int shardCount, int replicationFactor, int offset) {
    List<List<PeerAddress>> placement = new ArrayList<>();
    int n = members.size();
    for (int shard = 0; shard < shardCount; shard++) {
      List<PeerAddress> peers = new ArrayList<>();
      int start = Math.floorMod(offset + shard, n);
      for (int replica = 0; replica < replicationFactor; replica++) {
        peers.add(members.get((start + replica) % n));
      }
      placement.add(peers);
    }
    return placement;
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
        RemoteShard remote = remoteShards.remove(shard.groupId());
        if (remote != null) {
          remote.close();
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
        ShardGroup local = node.shardGroup(shard.groupId());
        if (local != null) {
          local.addColumn(column);
        } else {
          remoteShard(shard).addColumn(column);
        }
      }
      submit(new CatalogEntry.AddColumn(table, column));
    } finally {
      ddlLock.unlock();
    }
  }

  @Override
  public void setRetention(String table, long retentionMicros) {
    requireNonNull(table, "table is null");
    ddlLock.lock();
    try {
      submit(new CatalogEntry.SetRetention(table, retentionMicros));
    } finally {
      ddlLock.unlock();
    }
  }

  @Override
  public long retentionMicros(String table) {
    TableDefinition definition = node.catalog().tables().get(table);
    return definition == null ? 0 : definition.retentionMicros();
  }

  /**
   * Deletes the expired partitions of every table with a retention, on the shards this node leads:
   * each shard whose oldest partition ends before {@code now - retention} (rounded down to a
   * partition start, so that only whole partitions go and their files are dropped) gets one DELETE
   * entry {@code time < cutoff}, which its replicas apply alike. Runs every {@link
   * #RETENTION_INTERVAL}; returns the rows deleted.
   */
  long enforceRetention(long nowMicros) {
    long deleted = 0;
    for (TableDefinition table : node.catalog().tables().values()) {
      TableSchema schema = table.schema();
      String timeColumn = schema.timeColumn();
      if (table.retentionMicros() <= 0 || timeColumn == null) {
        continue;
      }
      long cutoff = schema.granularity().partitionStart(nowMicros - table.retentionMicros());
      byte[] entry =
          DeleteCodec.encode(
              List.of(
                  List.of(
                      new ColumnPredicate.Comparison(
                          timeColumn, ColumnPredicate.Operator.LESS_THAN, cutoff))));
      for (ShardPlacement shard : table.shards()) {
        ShardGroup group = node.shardGroup(shard.groupId());
        if (group == null
            || !node.isLeader(RaftGroupId.valueOf(shard.groupId()))
            || !group.shard().hasPartitionBefore(cutoff)) {
          continue;
        }
        long rows = group.submitTransaction(entry).rowsApplied();
        deleted += rows;
        log.info(
            "Retention of table[{}] ({} s) deleted {} rows before [{}] from shard[{}]",
            table.name(),
            table.retentionMicros() / 1_000_000,
            rows,
            java.time.Instant.EPOCH.plus(cutoff, java.time.temporal.ChronoUnit.MICROS),
            shard.shard());
      }
    }
    return deleted;
  }

  /**
   * Stops the Raft node; rows not in a snapshot are replayed from the Raft logs by {@link #open}.
   */
  @Override
  public void close() {
    reconciler.shutdownNow();
    resolver.shutdownNow();
    transactionIo.shutdownNow();
    for (RemoteShard remote : remoteShards.values()) {
      remote.close();
    }
    remoteShards.clear();
    node.close();
  }

  /**
   * Runs {@link #reconcileGroups()} on the reconciler thread after the catalog changed (a table
   * created or dropped, possibly on another node); changes that arrive meanwhile share one run.
   */
  private void scheduleReconcile() {
    if (isReconcileQueued.compareAndSet(false, true)) {
      try {
        reconciler.execute(
            () -> {
              isReconcileQueued.set(false);
              ddlLock.lock();
              try {
                reconcileGroups();
              } catch (RuntimeException e) {
                log.warn("Adding or removing shard groups after a catalog change failed", e);
              } finally {
                ddlLock.unlock();
              }
            });
      } catch (RejectedExecutionException e) {
        isReconcileQueued.set(false);
      }
    }
  }

  /**
   * Adds this node's replicas of the shards in the catalog that it does not host yet, and removes
   * the groups of tables no longer in the catalog.
   */
  private void reconcileGroups() {
    Set<UUID> placed = new HashSet<>();
    for (TableDefinition table : node.catalog().tables().values()) {
      addLocalShardGroups(table);
      for (ShardPlacement shard : table.shards()) {
        placed.add(shard.groupId());
      }
    }
    for (UUID groupId : node.shardGroupIds()) {
      if (!placed.contains(groupId)) {
        log.info("Removing shard group[{}] of a dropped table", groupId);
        tables.values().removeIf(table -> table.hasGroup(groupId));
        node.removeShardGroup(groupId);
      }
    }
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
    reconcileGroups();
    for (TableDefinition table : node.catalog().tables().values()) {
      List<ColumnSchema> pending = List.of();
      for (ShardPlacement shard : table.shards()) {
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
  }

  /**
   * This node's replica of a shard, caught up for a read: in a group of several replicas, a
   * ReadIndex barrier first, so the scan sees every write acknowledged before it began.
   */
  private ShardGroup readableReplica(TableDefinition table, ShardPlacement shard) {
    ShardGroup group = node.shardGroup(shard.groupId());
    if (group == null) {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED,
          "Shard["
              + shard.shard()
              + "] of table["
              + table.name()
              + "] has no replica on node["
              + announced.nodeId()
              + "], and this node has no way to read other nodes' replicas");
    }
    if (shard.peers().size() > 1) {
      node.readBarrier(RaftGroupId.valueOf(shard.groupId()), node.requestTimeoutNanos());
    }
    return group;
  }

  /**
   * A split that reads the shard from another node's replica: replicas are tried from a rotating
   * start, so concurrent queries spread over them, and a replica that fails before sending rows is
   * replaced by the next.
   */
  private RemoteSplit remoteSplit(
      RemoteShardReader reader, TableDefinition table, ShardPlacement shard, ScanRequest request) {
    Map<String, NodeRecord> records = node.catalog().nodes();
    List<NodeRecord> replicas = new ArrayList<>();
    for (PeerAddress peer : shard.peers()) {
      NodeRecord record = records.get(peer.id());
      if (record != null && !record.grpcAddress().isEmpty() && !peer.id().equals(self())) {
        replicas.add(record);
      }
    }
    if (replicas.isEmpty()) {
      throw new AuroraException(
          ErrorCode.UNAVAILABLE,
          "No replica of shard["
              + shard.shard()
              + "] of table["
              + table.name()
              + "] has announced an address to read from");
    }
    java.util.Collections.rotate(
        replicas, -Math.floorMod(nextRemoteReplica.getAndIncrement(), replicas.size()));
    return new RemoteSplit(reader, replicas, shard.groupId(), request, 0);
  }

  private String self() {
    return node.self().id();
  }

  /** A writer to a shard this node holds no replica of. */
  private RemoteShard remoteShard(ShardPlacement shard) {
    return remoteShards.computeIfAbsent(
        shard.groupId(),
        id -> new RemoteShard(node.newShardClient(id, shard.peers()), node.self().id()));
  }

  private long appendSourcedToShard(
      ShardPlacement shard, Page page, long[] offsets, String source, long endOffset) {
    ShardGroup local = node.shardGroup(shard.groupId());
    AppendResult result =
        local != null
            ? local.append(page, offsets, source, endOffset)
            : remoteShard(shard).append(page, offsets, source, endOffset);
    return result.rowsApplied();
  }

  private long producerSequence(ShardPlacement shard, String source) {
    ShardGroup local = node.shardGroup(shard.groupId());
    if (local != null && !local.isStranded()) {
      return local.producerSequence(source);
    }
    return remoteShard(shard).producerSequence(source);
  }

  /** Rows of a page bound for one shard. */
  record ShardPart(ShardPlacement shard, Page page) {}

  @Override
  public WriteTransaction beginWrite() {
    return new ReplicatedWriteTransaction(this);
  }

  /**
   * The shards of one of this catalog's tables that can hold rows matching the disjunction: those
   * its values of the distribution key route to, when every conjunction fixes a one-column key with
   * = or IN (so {@code DELETE ... WHERE user_id = 42} touches one shard); all of them otherwise.
   */
  List<ShardPlacement> shardsOf(Table table, List<List<ColumnPredicate>> disjunction) {
    if (!(table instanceof ReplicatedTable replicated)) {
      throw new IllegalArgumentException("Table[" + table.name() + "] is not a replicated table");
    }
    TableDefinition definition = replicated.definition();
    List<ShardPlacement> shards = definition.shards();
    if (definition.distributionColumns().size() != 1 || shards.size() == 1) {
      return shards;
    }
    String key = definition.distributionColumns().get(0);
    DataType type = definition.schema().column(definition.schema().indexOf(key)).type();
    if (!(type.kind() == TypeKind.BIGINT
        || type.kind() == TypeKind.INTEGER
        || type.kind() == TypeKind.SMALLINT
        || type.kind() == TypeKind.VARCHAR)) {
      return shards;
    }
    List<Object> values = new ArrayList<>();
    for (List<ColumnPredicate> conjunction : disjunction) {
      List<Object> fixed = null;
      for (ColumnPredicate predicate : conjunction) {
        if (!predicate.column().equals(key)) {
          continue;
        }
        if (predicate instanceof ColumnPredicate.Comparison comparison
            && comparison.operator() == ColumnPredicate.Operator.EQUAL) {
          fixed = List.of(comparison.value());
        } else if (predicate instanceof ColumnPredicate.In in) {
          fixed = in.values();
        }
      }
      if (fixed == null) {
        return shards;
      }
      values.addAll(fixed);
    }
    if (values.isEmpty()) {
      return List.of();
    }
    Page keys;
    try {
      BlockBuilder builder = BlockBuilder.forType(type, values.size());
      for (Object value : values) {
        builder.appendObject(value, type);
      }
      keys = Page.of(builder.build());
    } catch (RuntimeException e) {
      return shards; // a value the key's type cannot hold: let every shard decide
    }
    int[][] routed = ShardRouter.split(keys, new int[] {0}, shards.size());
    List<ShardPlacement> targets = new ArrayList<>();
    for (int shard = 0; shard < routed.length; shard++) {
      if (routed[shard] != null) {
        targets.add(shards.get(shard));
      }
    }
    return targets;
  }

  /** Routes a page of one of this catalog's tables to its shards. */
  List<ShardPart> route(Table table, Page page) {
    if (!(table instanceof ReplicatedTable replicated)) {
      throw new IllegalArgumentException("Table[" + table.name() + "] is not a replicated table");
    }
    return replicated.route(page);
  }

  /**
   * Appends an encoded page that fits one entry to a shard, as the node's producer ({@code
   * producer} null) or an idempotent producer's; returns the rows applied, or -1 for a retried
   * batch the shard had applied already.
   */
  long appendEncoded(
      ShardPlacement shard, BatchCodec.EncodedPage page, @Nullable String producer, long sequence) {
    ShardGroup local = node.shardGroup(shard.groupId());
    AppendResult result;
    if (local != null) {
      result = producer == null ? local.append(page) : local.append(page, producer, sequence);
    } else {
      RemoteShard remote = remoteShard(shard);
      result = producer == null ? remote.append(page) : remote.append(page, producer, sequence);
    }
    return result.isDuplicate() ? -1 : result.rowsApplied();
  }

  /** A producer's page encoded for one entry; too large for one is 54000. */
  private static BatchCodec.EncodedPage checkedProducerPage(Page page) {
    BatchCodec.EncodedPage encoded = BatchCodec.encodePage(page);
    ShardGroup.checkProducerBatchSize(page, encoded);
    return encoded;
  }

  /** Submits a transaction entry to a shard's group; returns the state machine's reply value. */
  long submitTransaction(ShardPlacement shard, byte[] entry) {
    ShardGroup local = node.shardGroup(shard.groupId());
    AppendResult result =
        local != null
            ? local.submitTransaction(entry)
            : remoteShard(shard).submitTransaction(entry);
    return result.rowsApplied();
  }

  /** Held shared while a write transaction makes its rows visible; see {@link #commitFence}. */
  Lock commitFence() {
    return commitFence.readLock();
  }

  /**
   * Submits entries to several shards at once: each shard's entries in order, on the caller's
   * thread for the first shard and on the transaction I/O threads for the others, so a write that
   * spans shards waits for one round trip rather than one per shard. Returns per shard the reply
   * value of its last entry, or the {@link AuroraException} it failed with.
   */
  List<Object> submitEach(
      List<ShardPlacement> shards, Function<ShardPlacement, List<byte[]>> entries) {
    List<Future<Object>> others = new ArrayList<>(shards.size());
    for (int i = 1; i < shards.size(); i++) {
      ShardPlacement shard = shards.get(i);
      others.add(transactionIo.submit(() -> submitAll(shard, entries.apply(shard))));
    }
    List<Object> outcomes = new ArrayList<>(shards.size());
    if (!shards.isEmpty()) {
      outcomes.add(submitAll(shards.get(0), entries.apply(shards.get(0))));
    }
    for (Future<Object> other : others) {
      try {
        outcomes.add(other.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        outcomes.add(new AuroraException(ErrorCode.QUERY_CANCELED, "Interrupted", e));
      } catch (ExecutionException e) {
        outcomes.add(
            e.getCause() instanceof AuroraException aurora
                ? aurora
                : new AuroraException(ErrorCode.INTERNAL_ERROR, String.valueOf(e.getCause()), e));
      }
    }
    return outcomes;
  }

  private Object submitAll(ShardPlacement shard, List<byte[]> entries) {
    try {
      long last = 0;
      for (byte[] entry : entries) {
        last = submitTransaction(shard, entry);
      }
      return last;
    } catch (AuroraException e) {
      return e;
    }
  }

  /** The placement of a shard group of any table, or null when no table has it (dropped). */
  private @Nullable ShardPlacement placementOf(UUID groupId) {
    return node.catalog().placement(groupId);
  }

  /**
   * Finishes the transactions staged on the shard groups this node leads whose writer is gone (see
   * {@link ReplicatedWriteTransaction}): one the coordinator decided is committed or aborted alike
   * at once; one still undecided after {@code consensus.transaction-timeout} without activity is
   * aborted at the coordinator first (which wins over a late COMMIT of its writer) and then here.
   * Runs on the resolver thread every {@link #RESOLVE_INTERVAL}, and once at the start of a single
   * node without aborting anything ({@code mayAbort} false); returns the transactions ended.
   */
  int resolveStagedTransactions(boolean mayAbort) {
    long timeoutNanos =
        mayAbort ? node.consensusConfig().transactionTimeout().toNanos() : Long.MAX_VALUE;
    int ended = 0;
    for (UUID groupId : node.shardGroupIds()) {
      ShardGroup group = node.shardGroup(groupId);
      if (group == null || !group.isLeader()) {
        continue;
      }
      for (ShardStateMachine.StagedInfo staged : group.stagedTransactions()) {
        if (mayAbort && staged.idleNanos() < RESOLVE_GRACE.toNanos()) {
          // Its writer is most likely committing it now: leave it the COMMITs.
          continue;
        }
        try {
          if (resolve(groupId, group, staged, timeoutNanos)) {
            ended++;
          }
        } catch (AuroraException e) {
          log.info(
              "Transaction[{}] staged on shard group[{}] is not resolved yet: {}",
              staged.transaction(),
              groupId,
              e.getMessage());
        }
      }
    }
    return ended;
  }

  private boolean resolve(
      UUID groupId, ShardGroup group, ShardStateMachine.StagedInfo staged, long timeoutNanos) {
    String tx = staged.transaction();
    UUID coordinatorId = staged.coordinator();
    ShardPlacement coordinator = placementOf(coordinatorId);
    long outcome;
    if (coordinator == null) {
      outcome = 0; // the coordinator's table was dropped with its decision
    } else if (coordinatorId.equals(groupId)) {
      outcome = staged.idleNanos() >= timeoutNanos ? 0 : -1;
    } else {
      outcome = transactionOutcome(coordinator, tx);
      if (outcome < 0 && staged.idleNanos() >= timeoutNanos) {
        outcome =
            submitTransaction(coordinator, control(TransactionCodec.Op.ABORT, tx, coordinatorId))
                    >= 0
                ? 1
                : 0;
      }
    }
    if (outcome < 0) {
      return false;
    }
    TransactionCodec.Op op = outcome == 1 ? TransactionCodec.Op.COMMIT : TransactionCodec.Op.ABORT;
    group.submitTransaction(control(op, tx, coordinatorId));
    log.warn(
        "Recovered transaction[{}] on shard group[{}]: {} its {} staged rows (coordinator group[{}]"
            + "{})",
        tx,
        groupId,
        outcome == 1 ? "committed" : "rolled back",
        staged.rows(),
        coordinatorId,
        coordinator == null ? ", dropped" : "");
    return true;
  }

  private long transactionOutcome(ShardPlacement shard, String tx) {
    ShardGroup local = node.shardGroup(shard.groupId());
    return local != null ? local.transactionOutcome(tx) : remoteShard(shard).transactionOutcome(tx);
  }

  private static byte[] control(TransactionCodec.Op op, String tx, UUID coordinator) {
    return TransactionCodec.encode(op, tx, coordinator, System.currentTimeMillis(), null);
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

    boolean hasGroup(UUID groupId) {
      for (ShardPlacement shard : last.shards()) {
        if (shard.groupId().equals(groupId)) {
          return true;
        }
      }
      return false;
    }

    /** The current definition, checked to have as many columns as {@code page} has channels. */
    private TableDefinition definitionFor(Page page) {
      TableDefinition definition = definition();
      int columns = definition.schema().columnCount();
      if (page.channelCount() != columns) {
        throw new AuroraException(
            ErrorCode.DATATYPE_MISMATCH,
            "Batch has " + page.channelCount() + " columns but the table has " + columns);
      }
      return definition;
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
    public Map<Integer, List<SegmentStatistics>> localSegments() {
      Map<Integer, List<SegmentStatistics>> segments = new TreeMap<>();
      for (ShardPlacement shard : definition().shards()) {
        ShardGroup group = node.shardGroup(shard.groupId());
        if (group != null) {
          segments.put(shard.shard(), group.shard().segmentStatistics());
        }
      }
      return segments;
    }

    /** From the replicas on this node, as {@link #rowCount()}. */
    @Override
    public double distinctCount(String column) {
      DistinctEstimate estimate = new DistinctEstimate();
      for (ShardPlacement shard : definition().shards()) {
        ShardGroup group = node.shardGroup(shard.groupId());
        if (group != null) {
          group.shard().addDistinct(column, estimate);
        }
      }
      return estimate.estimate();
    }

    /**
     * Plans a scan over every shard. The local replicas' states are captured together under the
     * {@link #commitFence}, so a write transaction whose commit is in progress on this node is seen
     * whole or not at all (replicas read on other nodes are captured there, one at a time).
     */
    @Override
    public TableScan scan(ScanRequest request) {
      TableDefinition definition = definition();
      ScanStatistics statistics = new ScanStatistics();
      List<ScanSplit> splits = new ArrayList<>();
      List<Shard> local = new ArrayList<>();
      for (ShardPlacement shard : definition.shards()) {
        ShardGroup group = node.shardGroup(shard.groupId());
        RemoteShardReader reader = remoteReader;
        if ((group == null || group.isStranded()) && reader != null) {
          splits.add(remoteSplit(reader, definition, shard, request));
          continue;
        }
        local.add(readableReplica(definition, shard).shard());
      }
      List<Shard.View> views = new ArrayList<>(local.size());
      commitFence.writeLock().lock();
      try {
        for (Shard shard : local) {
          views.add(shard.view());
        }
      } finally {
        commitFence.writeLock().unlock();
      }
      for (int i = 0; i < local.size(); i++) {
        splits.addAll(local.get(i).scan(views.get(i), request, statistics).splits());
      }
      return new TableScan(splits, statistics);
    }

    /**
     * Appends the page atomically: a page that fits one entry of one shard is appended as it is;
     * one that spans shards (a distribution key) or entries goes through a {@link
     * ReplicatedWriteTransaction}.
     */
    @Override
    public void append(Page page) {
      try (ReplicatedWriteTransaction write =
          new ReplicatedWriteTransaction(ReplicatedCatalog.this)) {
        write.append(this, page);
        write.commit();
      }
    }

    /**
     * Deletes through a {@link ReplicatedWriteTransaction}: one entry on a table of one shard, a
     * staged delete committed on every shard at once otherwise.
     */
    @Override
    public long delete(List<List<ColumnPredicate>> disjunction) {
      try (ReplicatedWriteTransaction write =
          new ReplicatedWriteTransaction(ReplicatedCatalog.this)) {
        write.delete(this, disjunction);
        write.commit();
        return write.changedRows();
      }
    }

    /** The shards the rows of {@code page} go to, with their rows. */
    List<ShardPart> route(Page page) {
      TableDefinition definition = definitionFor(page);
      List<ShardPlacement> shards = definition.shards();
      if (definition.distributionColumns().isEmpty() || shards.size() == 1) {
        return List.of(
            new ShardPart(shards.get((int) (nextShard.getAndIncrement() % shards.size())), page));
      }
      int[][] parts = ShardRouter.split(page, keyChannels(definition), shards.size());
      List<ShardPart> routed = new ArrayList<>();
      for (int shard = 0; shard < parts.length; shard++) {
        if (parts[shard] != null) {
          routed.add(new ShardPart(shards.get(shard), ShardGroup.select(page, parts[shard])));
        }
      }
      return routed;
    }

    private int[] keyChannels(TableDefinition definition) {
      List<String> columns = definition.distributionColumns();
      int[] channels = new int[columns.size()];
      for (int i = 0; i < channels.length; i++) {
        channels[i] = definition.schema().indexOf(columns.get(i));
      }
      return channels;
    }

    /**
     * Sends all of a producer's batches to one shard, chosen by a hash of the producer id, so that
     * the shard state machine, which remembers the last sequence applied per producer, recognizes a
     * retried batch and acknowledges it without applying it again. The routing is stable as long as
     * the table's shard count is (it is fixed at CREATE TABLE).
     */
    @Override
    public boolean append(Page page, String producerId, long sequence) {
      TableDefinition definition = definitionFor(page);
      List<ShardPlacement> shards = definition.shards();
      if (definition.distributionColumns().isEmpty() || shards.size() == 1) {
        ShardPlacement shard = shards.get(Math.floorMod(producerId.hashCode(), shards.size()));
        return appendEncoded(shard, checkedProducerPage(page), producerId, sequence) > 0;
      }
      // Each shard deduplicates its part by (producer, sequence) at commit: a retry splits the same
      // way, and applies only where the first attempt did not.
      try (ReplicatedWriteTransaction write =
          new ReplicatedWriteTransaction(ReplicatedCatalog.this)) {
        write.appendProducerBatch(this, page, producerId, sequence);
        write.commit();
        return write.isApplied();
      }
    }

    /**
     * Without a distribution key all of a source's rows go to one shard, chosen by a hash of the
     * source. With one, rows go by key, and every shard, with rows or without, gets an entry that
     * records {@code endOffset}, so {@link #sourceOffset} (the lowest over the shards) keeps up.
     */
    @Override
    public long appendSourced(Page page, long[] offsets, String source, long endOffset) {
      TableDefinition definition = definitionFor(page);
      List<ShardPlacement> shards = definition.shards();
      if (definition.distributionColumns().isEmpty() || shards.size() == 1) {
        return appendSourcedToShard(sourceShard(shards, source), page, offsets, source, endOffset);
      }
      Page rows = page.compact(); // positions are rows, so they index the offsets
      int[][] parts = ShardRouter.split(rows, keyChannels(definition), shards.size());
      long appended = 0;
      for (int shard = 0; shard < parts.length; shard++) {
        int[] positions = parts[shard] == null ? new int[0] : parts[shard];
        long[] shardOffsets = new long[positions.length];
        for (int i = 0; i < positions.length; i++) {
          shardOffsets[i] = offsets[positions[i]];
        }
        appended +=
            appendSourcedToShard(
                shards.get(shard),
                ShardGroup.select(rows, positions),
                shardOffsets,
                source,
                endOffset);
      }
      return appended;
    }

    @Override
    public long sourceOffset(String source) {
      TableDefinition definition = definition();
      List<ShardPlacement> shards = definition.shards();
      if (definition.distributionColumns().isEmpty() || shards.size() == 1) {
        return producerSequence(sourceShard(shards, source), source);
      }
      long lowest = Long.MAX_VALUE;
      for (ShardPlacement shard : shards) {
        lowest = Math.min(lowest, producerSequence(shard, source));
      }
      return lowest;
    }

    private ShardPlacement sourceShard(List<ShardPlacement> shards, String source) {
      return shards.get(sourceShardIndex(source, shards.size()));
    }
  }
}
