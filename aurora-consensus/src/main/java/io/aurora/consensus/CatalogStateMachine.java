package io.aurora.consensus;

import io.aurora.sql.access.AccessChange;
import io.aurora.sql.access.AccessCodec;
import io.aurora.sql.access.AccessState;
import io.aurora.sql.access.Privilege;
import io.aurora.sql.catalog.EndpointDefinition;
import io.aurora.sql.catalog.PipelineDefinition;
import io.aurora.sql.catalog.ViewDefinition;
import io.aurora.sql.catalog.Views;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.TableSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft state machine of the catalog group: the tables of the database, changed by DDL entries
 * ({@link CatalogEntry}, encoded by {@link CatalogCodec}).
 *
 * <h2>State</h2>
 *
 * Per table name a {@link TableDefinition}: the immutable table id (the log index of the CREATE
 * TABLE entry), the schema with every added column, and the placement of each shard (its Raft group
 * id, derived from the table id, and its peers). The state is one immutable map replaced on every
 * change, so readers on any thread see a consistent catalog without locks. Beside the tables: the
 * registered nodes, pipelines, views, published endpoints and the {@link AccessState} (roles,
 * privileges, table owners); a DROP TABLE also drops the table's owner and grants, so a table
 * created again under that name starts without them.
 *
 * <p>An entry that fails (duplicate table, unknown table, duplicate or NOT NULL column, a role
 * change that {@link AccessState#apply} refuses) changes nothing and its reply carries the error
 * code, so the proposer throws the same {@link AuroraException} a local catalog would.
 *
 * <h2>Snapshots</h2>
 *
 * The whole catalog in one file (big-endian, {@link SnapshotFiles} adds the checksum): {@code
 * version:u8 term:i64 index:i64 tableCount:i32 table[tableCount]}, with {@code table = tableId:i64
 * name:string schema (peerCount:u8 (peerId:string address:string)[peerCount])[shardCount]} in
 * {@link SchemaCodec}'s forms, then {@code distributionCount:u8 column:string[distributionCount]}
 * per table and {@code nodeCount:i32 (peerId nodeId raft sql grpc: string)[nodeCount]} (version 2),
 * then {@code pipelineCount:i32 (id:i64 pipeline)[pipelineCount]} with {@link CatalogCodec}'s
 * pipeline form (version 3), then {@code viewCount:i32 view[viewCount]} in its view form (version
 * 4), then {@code retentionCount:i32 (table:string retentionMicros:i64)[retentionCount]} for the
 * tables with a retention (version 5), then {@code endpointCount:i32 endpoint[endpointCount]} in
 * its endpoint form (version 6), then {@code accessLength:i32 access:u8[accessLength]} in {@link
 * AccessCodec#encodeState}'s form (version 7); since version 8 the pipeline form carries its owner.
 * Older versions, without these, load too (version 6 and older with no roles or privileges, version
 * 7 and older with pipelines that have no owner). A restart loads it and Ratis replays only the
 * entries after it.
 *
 * <p>Threading: Ratis applies entries and takes snapshots on the group's single updater thread;
 * {@link #tables()} may be called from any thread.
 */
final class CatalogStateMachine extends BaseStateMachine {
  private static final Logger log = LoggerFactory.getLogger(CatalogStateMachine.class);
  private static final int SNAPSHOT_VERSION = 8;

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final String clusterId;
  private volatile Map<String, TableDefinition> tables = Map.of();
  private volatile Map<String, NodeRecord> nodes = Map.of();
  private volatile Map<String, PipelineDefinition> pipelines = Map.of();
  private volatile Map<String, ViewDefinition> views = Map.of();
  private volatile Map<String, EndpointDefinition> endpoints = Map.of();
  private volatile AccessState access = AccessState.EMPTY;
  private volatile Runnable changeListener = () -> {};
  private volatile long snapshotIndex = -1;
  private final AtomicLong entriesAppliedSinceStart = new AtomicLong();

  /**
   * A catalog of the cluster {@code clusterId} (empty for a single node), which its shard group ids
   * derive from ({@link ShardPlacement#groupId(String, long, int)}).
   */
  CatalogStateMachine(String clusterId) {
    this.clusterId = clusterId;
  }

  /**
   * Sets what runs after each applied entry that changed the catalog, on the updater thread: it
   * must only hand work to another thread.
   */
  void onChange(Runnable listener) {
    this.changeListener = listener;
  }

  /** The pipelines, by name; an immutable snapshot. */
  Map<String, PipelineDefinition> pipelines() {
    return pipelines;
  }

  /** The published endpoints, by name; an immutable snapshot. */
  Map<String, EndpointDefinition> endpoints() {
    return endpoints;
  }

  /** Roles, privileges and table owners, as of the last applied entry. */
  AccessState access() {
    return access;
  }

  /** The views, by name; an immutable snapshot. */
  Map<String, ViewDefinition> views() {
    return views;
  }

  /** The nodes that announced themselves, by Raft peer id; an immutable snapshot. */
  Map<String, NodeRecord> nodes() {
    return nodes;
  }

  /**
   * Answers a read-only request with an empty message. Reads go through Ratis only as a barrier
   * (ReadIndex): once it returns, this replica has applied everything committed before it began.
   */
  @Override
  public CompletableFuture<Message> query(Message request) {
    return CompletableFuture.completedFuture(Message.EMPTY);
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    loadSnapshot(storage.loadLatestSnapshot());
  }

  @Override
  public void reinitialize() throws IOException {
    loadSnapshot(storage.loadLatestSnapshot());
  }

  @Override
  public SimpleStateMachineStorage getStateMachineStorage() {
    return storage;
  }

  /** The tables by name, as of the last applied entry; an immutable snapshot. */
  Map<String, TableDefinition> tables() {
    return tables;
  }

  /** The placement of the shard whose group has that id, or null when no table has it. */
  @Nullable ShardPlacement placement(UUID groupId) {
    for (TableDefinition definition : tables.values()) {
      for (ShardPlacement shard : definition.shards()) {
        if (shard.groupId().equals(groupId)) {
          return shard;
        }
      }
    }
    return null;
  }

  /** The index of the latest snapshot taken or loaded, or -1. */
  long snapshotIndex() {
    return snapshotIndex;
  }

  /** Entries applied since this state machine was created (replayed ones included). */
  long entriesAppliedSinceStart() {
    return entriesAppliedSinceStart.get();
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
    LogEntryProto entry = transaction.getLogEntry();
    TermIndex termIndex = TermIndex.valueOf(entry);
    if (termIndex.getIndex() <= getLastAppliedTermIndex().getIndex()) {
      return CompletableFuture.completedFuture(reply(StateMachineReply.UNCHANGED, 0, null));
    }
    ByteString data = entry.getStateMachineLogEntry().getLogData();
    Message reply;
    try {
      reply = apply(CatalogCodec.decode(data.toByteArray()), termIndex.getIndex());
    } catch (AuroraException e) {
      reply = reply(StateMachineReply.REJECTED, 0, e);
    }
    entriesAppliedSinceStart.incrementAndGet();
    updateLastAppliedTermIndex(termIndex.getTerm(), termIndex.getIndex());
    try {
      changeListener.run();
    } catch (RuntimeException e) {
      log.warn("Catalog change listener failed", e);
    }
    return CompletableFuture.completedFuture(reply);
  }

  private Message apply(CatalogEntry entry, long index) {
    Map<String, TableDefinition> current = tables;
    if (entry instanceof CatalogEntry.Create create) {
      Views.checkNoView(views, create.name());
      TableDefinition existing = current.get(create.name());
      if (existing != null) {
        if (create.ifNotExists()) {
          return reply(StateMachineReply.UNCHANGED, existing.tableId(), null);
        }
        throw new AuroraException(
            ErrorCode.DUPLICATE_TABLE, "Table[" + create.name() + "] already exists");
      }
      List<ShardPlacement> shards = new ArrayList<>();
      for (int shard = 0; shard < create.placement().size(); shard++) {
        shards.add(
            new ShardPlacement(
                shard,
                ShardPlacement.groupId(clusterId, index, shard),
                create.placement().get(shard)));
      }
      TableDefinition table =
          new TableDefinition(
              index,
              create.name(),
              create.schema(),
              shards,
              create.distributionColumns(),
              create.retentionMicros());
      publish(current, table.name(), table);
      log.info("Created table[{}] id[{}] shards[{}]", table.name(), index, shards.size());
      return reply(StateMachineReply.APPLIED, index, null);
    }
    if (entry instanceof CatalogEntry.Drop drop) {
      TableDefinition existing = current.get(drop.name());
      if (existing == null) {
        if (drop.ifExists()) {
          return reply(StateMachineReply.UNCHANGED, 0, null);
        }
        throw undefinedTable(drop.name());
      }
      Views.checkNotRead(views.values(), drop.name());
      for (PipelineDefinition pipeline : pipelines.values()) {
        if (pipeline.table().equals(drop.name()) || pipeline.errorTable().equals(drop.name())) {
          throw new AuroraException(
              ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST,
              "cannot drop table "
                  + drop.name()
                  + " because pipeline "
                  + pipeline.name()
                  + " writes to it (DROP PIPELINE "
                  + pipeline.name()
                  + " first)");
        }
      }
      publish(current, drop.name(), null);
      access = access.withoutTable(drop.name());
      log.info("Dropped table[{}] id[{}]", drop.name(), existing.tableId());
      return reply(StateMachineReply.APPLIED, existing.tableId(), null);
    }
    if (entry instanceof CatalogEntry.RegisterNode register) {
      NodeRecord node = register.node();
      for (NodeRecord other : nodes.values()) {
        if (other.nodeId().equals(node.nodeId()) && !other.peerId().equals(node.peerId())) {
          throw new AuroraException(
              ErrorCode.INVALID_PARAMETER_VALUE,
              "Node id["
                  + node.nodeId()
                  + "] is already taken by the node at Raft address["
                  + other.raftAddress()
                  + "]");
        }
      }
      if (node.equals(nodes.get(node.peerId()))) {
        return reply(StateMachineReply.UNCHANGED, 0, null);
      }
      Map<String, NodeRecord> next = new TreeMap<>(nodes);
      next.put(node.peerId(), node);
      nodes = Map.copyOf(next);
      log.info(
          "Registered node[{}] at Raft address[{}] sql[{}] grpc[{}]",
          node.nodeId(),
          node.raftAddress(),
          node.sqlAddress(),
          node.grpcAddress());
      return reply(StateMachineReply.APPLIED, 0, null);
    }
    if (entry instanceof CatalogEntry.CreatePipeline create) {
      PipelineDefinition pipeline = create.pipeline();
      PipelineDefinition existing = pipelines.get(pipeline.name());
      if (existing != null) {
        if (create.ifNotExists()) {
          return reply(StateMachineReply.UNCHANGED, existing.id(), null);
        }
        throw new AuroraException(
            ErrorCode.DUPLICATE_OBJECT, "pipeline \"" + pipeline.name() + "\" already exists");
      }
      if (!current.containsKey(pipeline.table())) {
        throw undefinedTable(pipeline.table());
      }
      publishPipeline(pipeline.name(), pipeline.withId(index));
      log.info(
          "Created pipeline[{}] id[{}] topic[{}] table[{}]",
          pipeline.name(),
          index,
          pipeline.topic(),
          pipeline.table());
      return reply(StateMachineReply.APPLIED, index, null);
    }
    if (entry instanceof CatalogEntry.DropPipeline drop) {
      PipelineDefinition existing = pipelines.get(drop.name());
      if (existing == null) {
        if (drop.ifExists()) {
          return reply(StateMachineReply.UNCHANGED, 0, null);
        }
        throw undefinedPipeline(drop.name());
      }
      publishPipeline(drop.name(), null);
      log.info("Dropped pipeline[{}] id[{}]", drop.name(), existing.id());
      return reply(StateMachineReply.APPLIED, existing.id(), null);
    }
    if (entry instanceof CatalogEntry.SetPipelineRunning set) {
      PipelineDefinition existing = pipelines.get(set.name());
      if (existing == null) {
        throw undefinedPipeline(set.name());
      }
      if (existing.isRunning() == set.running()) {
        return reply(StateMachineReply.UNCHANGED, existing.id(), null);
      }
      publishPipeline(set.name(), existing.withRunning(set.running()));
      log.info("{} pipeline[{}]", set.running() ? "Started" : "Stopped", set.name());
      return reply(StateMachineReply.APPLIED, existing.id(), null);
    }
    if (entry instanceof CatalogEntry.CreateView create) {
      views =
          Map.copyOf(Views.create(views, current::containsKey, create.view(), create.orReplace()));
      log.info("Created view[{}]", create.view().name());
      return reply(StateMachineReply.APPLIED, 0, null);
    }
    if (entry instanceof CatalogEntry.DropView drop) {
      Map<String, ViewDefinition> next = Views.drop(views, drop.name(), drop.ifExists());
      if (next == views) {
        return reply(StateMachineReply.UNCHANGED, 0, null);
      }
      views = Map.copyOf(next);
      log.info("Dropped view[{}]", drop.name());
      return reply(StateMachineReply.APPLIED, 0, null);
    }
    if (entry instanceof CatalogEntry.CreateEndpoint create) {
      endpoints = EndpointDefinition.create(endpoints, create.endpoint(), create.orReplace());
      log.info("Created endpoint[{}]", create.endpoint().name());
      return reply(StateMachineReply.APPLIED, 0, null);
    }
    if (entry instanceof CatalogEntry.DropEndpoint drop) {
      Map<String, EndpointDefinition> next =
          EndpointDefinition.drop(endpoints, drop.name(), drop.ifExists());
      if (next == endpoints) {
        return reply(StateMachineReply.UNCHANGED, 0, null);
      }
      endpoints = next;
      log.info("Dropped endpoint[{}]", drop.name());
      return reply(StateMachineReply.APPLIED, 0, null);
    }
    if (entry instanceof CatalogEntry.ChangeAccess change) {
      AccessState next = access.apply(change.change());
      if (next == access) {
        return reply(StateMachineReply.UNCHANGED, 0, null);
      }
      access = next;
      log.info("Changed access control: {}", describe(change.change()));
      return reply(StateMachineReply.APPLIED, 0, null);
    }
    if (entry instanceof CatalogEntry.SetRetention retention) {
      TableDefinition existing = current.get(retention.table());
      if (existing == null) {
        throw undefinedTable(retention.table());
      }
      if (retention.retentionMicros() > 0 && existing.schema().timeColumn() == null) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Table option retention needs a table partitioned by time; table["
                + retention.table()
                + "] is not");
      }
      publish(current, retention.table(), existing.withRetention(retention.retentionMicros()));
      log.info(
          "Set the retention of table[{}] to {} s",
          retention.table(),
          retention.retentionMicros() / 1_000_000);
      return reply(StateMachineReply.APPLIED, existing.tableId(), null);
    }
    CatalogEntry.AddColumn add = (CatalogEntry.AddColumn) entry;
    TableDefinition existing = current.get(add.table());
    if (existing == null) {
      throw undefinedTable(add.table());
    }
    TableSchema schema = withColumn(existing.schema(), add.column());
    publish(current, add.table(), existing.withSchema(schema));
    log.info("Added column[{}] to table[{}]", add.column().name(), add.table());
    return reply(StateMachineReply.APPLIED, existing.tableId(), null);
  }

  /** A change for the log: its kind and the names it touches, never a password's verifier. */
  static String describe(AccessChange change) {
    if (change instanceof AccessChange.CreateRole create) {
      return "created role[" + create.role().name() + "]";
    }
    if (change instanceof AccessChange.AlterRole alter) {
      return "altered role[" + alter.name() + "]";
    }
    if (change instanceof AccessChange.DropRoles drop) {
      return "dropped roles" + drop.names();
    }
    if (change instanceof AccessChange.GrantRoles grant) {
      return (grant.isGrant() ? "granted roles" : "revoked roles")
          + grant.roles()
          + (grant.isGrant() ? " to " : " from ")
          + grant.members();
    }
    if (change instanceof AccessChange.GrantOnTables grant) {
      return (grant.isGrant() ? "granted " : "revoked ")
          + privileges(grant.bits())
          + " on tables"
          + grant.tables()
          + (grant.isGrant() ? " to " : " from ")
          + grant.grantees();
    }
    if (change instanceof AccessChange.GrantOnSchema grant) {
      return (grant.isGrant() ? "granted " : "revoked ")
          + privileges(grant.bits())
          + " on schema public"
          + (grant.isGrant() ? " to " : " from ")
          + grant.grantees();
    }
    if (change instanceof AccessChange.CreateToken create) {
      // The token's hash stays out of the log too.
      return "created token[" + create.token().name() + "] for role[" + create.token().role() + "]";
    }
    if (change instanceof AccessChange.DropToken drop) {
      return "dropped token[" + drop.name() + "]";
    }
    if (change instanceof AccessChange.GrantOnColumns grant) {
      return (grant.isGrant() ? "granted " : "revoked ")
          + privileges(grant.bits())
          + " on columns"
          + grant.columns()
          + " of table["
          + grant.table()
          + (grant.isGrant() ? "] to " : "] from ")
          + grant.grantees();
    }
    if (change instanceof AccessChange.DefaultPrivileges defaults) {
      return (defaults.isGrant() ? "granted by default " : "revoked by default ")
          + privileges(defaults.bits())
          + " on the tables of role["
          + defaults.creator()
          + (defaults.isGrant() ? "] to " : "] from ")
          + defaults.grantees();
    }
    if (change instanceof AccessChange.SetRowSecurity security) {
      return (security.isEnabled() ? "enabled" : "disabled")
          + " row level security on table["
          + security.table()
          + "]";
    }
    if (change instanceof AccessChange.CreatePolicy create) {
      return "created policy["
          + create.policy().name()
          + "] on table["
          + create.policy().table()
          + "] for "
          + create.policy().command();
    }
    if (change instanceof AccessChange.DropPolicy drop) {
      return "dropped policy[" + drop.name() + "] on table[" + drop.table() + "]";
    }
    if (change instanceof AccessChange.SetOwner owner) {
      return "owner of table[" + owner.table() + "] set to role[" + owner.owner() + "]";
    }
    return change.getClass().getSimpleName();
  }

  private static List<Privilege> privileges(int bits) {
    List<Privilege> privileges = new ArrayList<>();
    for (Privilege privilege : Privilege.values()) {
      if ((bits & privilege.bit()) != 0) {
        privileges.add(privilege);
      }
    }
    return privileges;
  }

  /** The schema with a nullable column added at the end; the checks match {@code Shard}'s. */
  static TableSchema withColumn(TableSchema schema, ColumnSchema column) {
    if (schema.indexOf(column.name()) >= 0) {
      throw new AuroraException(
          ErrorCode.DUPLICATE_COLUMN, "Column[" + column.name() + "] already exists");
    }
    if (!column.nullable()) {
      throw new AuroraException(
          ErrorCode.NOT_NULL_VIOLATION,
          "Column[" + column.name() + "] cannot be added as NOT NULL: existing rows have no value");
    }
    List<ColumnSchema> columns = new ArrayList<>(schema.columns());
    columns.add(column);
    return new TableSchema(
        columns, schema.timeColumn(), schema.granularity(), schema.sortKey(), schema.shardCount());
  }

  private static AuroraException undefinedPipeline(String name) {
    return new AuroraException(
        ErrorCode.UNDEFINED_OBJECT, "pipeline \"" + name + "\" does not exist");
  }

  private void publishPipeline(String name, @Nullable PipelineDefinition pipeline) {
    Map<String, PipelineDefinition> next = new TreeMap<>(pipelines);
    if (pipeline == null) {
      next.remove(name);
    } else {
      next.put(name, pipeline);
    }
    pipelines = Map.copyOf(next);
  }

  private static AuroraException undefinedTable(String name) {
    return new AuroraException(ErrorCode.UNDEFINED_TABLE, "Table[" + name + "] does not exist");
  }

  private void publish(
      Map<String, TableDefinition> current, String name, @Nullable TableDefinition table) {
    Map<String, TableDefinition> next = new TreeMap<>(current);
    if (table == null) {
      next.remove(name);
    } else {
      next.put(name, table);
    }
    tables = Map.copyOf(next);
  }

  private static Message reply(byte status, long value, @Nullable AuroraException error) {
    return Message.valueOf(ByteString.copyFrom(StateMachineReply.encode(status, value, error)));
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() < 0) {
      return -1;
    }
    // Applies run on the thread that takes the snapshot, so the catalog matches last exactly.
    SnapshotFiles.write(
        storage, last, snapshotContent(last, tables, nodes, pipelines, views, endpoints, access));
    snapshotIndex = last.getIndex();
    log.info(
        "Took snapshot of the catalog at term[{}] index[{}] with tables[{}]",
        last.getTerm(),
        last.getIndex(),
        tables.size());
    return last.getIndex();
  }

  private static byte[] snapshotContent(
      TermIndex last,
      Map<String, TableDefinition> tables,
      Map<String, NodeRecord> nodes,
      Map<String, PipelineDefinition> pipelines,
      Map<String, ViewDefinition> views,
      Map<String, EndpointDefinition> endpoints,
      AccessState access) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(SNAPSHOT_VERSION);
      out.writeLong(last.getTerm());
      out.writeLong(last.getIndex());
      out.writeInt(tables.size());
      for (TableDefinition table : new TreeMap<>(tables).values()) {
        out.writeLong(table.tableId());
        SchemaCodec.writeString(out, table.name());
        SchemaCodec.writeSchema(out, table.schema());
        for (ShardPlacement shard : table.shards()) {
          out.writeByte(shard.peers().size());
          for (PeerAddress peer : shard.peers()) {
            SchemaCodec.writeString(out, peer.id());
            SchemaCodec.writeString(out, peer.address());
          }
        }
        out.writeByte(table.distributionColumns().size());
        for (String column : table.distributionColumns()) {
          SchemaCodec.writeString(out, column);
        }
      }
      out.writeInt(nodes.size());
      for (NodeRecord node : new TreeMap<>(nodes).values()) {
        SchemaCodec.writeString(out, node.peerId());
        SchemaCodec.writeString(out, node.nodeId());
        SchemaCodec.writeString(out, node.raftAddress());
        SchemaCodec.writeString(out, node.sqlAddress());
        SchemaCodec.writeString(out, node.grpcAddress());
      }
      out.writeInt(pipelines.size());
      for (PipelineDefinition pipeline : new TreeMap<>(pipelines).values()) {
        out.writeLong(pipeline.id());
        CatalogCodec.writePipeline(out, pipeline);
      }
      out.writeInt(views.size());
      for (ViewDefinition view : new TreeMap<>(views).values()) {
        CatalogCodec.writeView(out, view);
      }
      List<TableDefinition> retained = new ArrayList<>();
      for (TableDefinition table : new TreeMap<>(tables).values()) {
        if (table.retentionMicros() > 0) {
          retained.add(table);
        }
      }
      out.writeInt(retained.size());
      for (TableDefinition table : retained) {
        SchemaCodec.writeString(out, table.name());
        out.writeLong(table.retentionMicros());
      }
      out.writeInt(endpoints.size());
      for (EndpointDefinition endpoint : new TreeMap<>(endpoints).values()) {
        CatalogCodec.writeEndpoint(out, endpoint);
      }
      byte[] accessBytes = AccessCodec.encodeState(access);
      out.writeInt(accessBytes.length);
      out.write(accessBytes);
    } catch (IOException e) {
      throw new AssertionError("in-memory stream", e);
    }
    return bytes.toByteArray();
  }

  private void loadSnapshot(@Nullable SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    Path file = snapshot.getFile().getPath();
    ByteBuffer content = SnapshotFiles.read(snapshot);
    try (DataInputStream in =
        new DataInputStream(
            new ByteArrayInputStream(
                content.array(), content.arrayOffset(), content.remaining()))) {
      int version = in.readUnsignedByte();
      if (version < 1 || version > SNAPSHOT_VERSION) {
        throw SnapshotFiles.corrupt(file, "unknown version[" + version + "]");
      }
      TermIndex last = TermIndex.valueOf(in.readLong(), in.readLong());
      if (!last.equals(snapshot.getTermIndex())) {
        throw SnapshotFiles.corrupt(file, "content term/index differs from its name");
      }
      int count = in.readInt();
      Map<String, TableDefinition> loaded = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        long tableId = in.readLong();
        String name = SchemaCodec.readString(in);
        TableSchema schema = SchemaCodec.readSchema(in);
        List<ShardPlacement> shards = new ArrayList<>();
        for (int shard = 0; shard < schema.shardCount(); shard++) {
          int peerCount = in.readUnsignedByte();
          List<PeerAddress> peers = new ArrayList<>();
          for (int peer = 0; peer < peerCount; peer++) {
            peers.add(new PeerAddress(SchemaCodec.readString(in), SchemaCodec.readString(in)));
          }
          UUID groupId = ShardPlacement.groupId(clusterId, tableId, shard);
          shards.add(new ShardPlacement(shard, groupId, peers));
        }
        List<String> distribution = new ArrayList<>();
        if (version >= 2) {
          int distributionCount = in.readUnsignedByte();
          for (int column = 0; column < distributionCount; column++) {
            distribution.add(SchemaCodec.readString(in));
          }
        }
        loaded.put(name, new TableDefinition(tableId, name, schema, shards, distribution, 0));
      }
      Map<String, NodeRecord> loadedNodes = new TreeMap<>();
      if (version >= 2) {
        int nodeCount = in.readInt();
        for (int i = 0; i < nodeCount; i++) {
          NodeRecord node =
              new NodeRecord(
                  SchemaCodec.readString(in),
                  SchemaCodec.readString(in),
                  SchemaCodec.readString(in),
                  SchemaCodec.readString(in),
                  SchemaCodec.readString(in));
          loadedNodes.put(node.peerId(), node);
        }
      }
      Map<String, PipelineDefinition> loadedPipelines = new TreeMap<>();
      if (version >= 3) {
        int pipelineCount = in.readInt();
        for (int i = 0; i < pipelineCount; i++) {
          long id = in.readLong();
          PipelineDefinition pipeline = CatalogCodec.readPipeline(in, id, version >= 8);
          loadedPipelines.put(pipeline.name(), pipeline);
        }
      }
      Map<String, ViewDefinition> loadedViews = new TreeMap<>();
      if (version >= 4) {
        int viewCount = in.readInt();
        for (int i = 0; i < viewCount; i++) {
          ViewDefinition view = CatalogCodec.readView(in);
          loadedViews.put(view.name(), view);
        }
      }
      if (version >= 5) {
        int retentionCount = in.readInt();
        for (int i = 0; i < retentionCount; i++) {
          String name = SchemaCodec.readString(in);
          long micros = in.readLong();
          TableDefinition table = loaded.get(name);
          if (table == null) {
            throw SnapshotFiles.corrupt(file, "retention of unknown table[" + name + "]");
          }
          loaded.put(name, table.withRetention(micros));
        }
      }
      Map<String, EndpointDefinition> loadedEndpoints = new TreeMap<>();
      if (version >= 6) {
        int endpointCount = in.readInt();
        for (int i = 0; i < endpointCount; i++) {
          EndpointDefinition endpoint = CatalogCodec.readEndpoint(in);
          loadedEndpoints.put(endpoint.name(), endpoint);
        }
      }
      AccessState loadedAccess = AccessState.EMPTY;
      if (version >= 7) {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
          throw SnapshotFiles.corrupt(file, "access control of bytes[" + length + "] is truncated");
        }
        byte[] accessBytes = new byte[length];
        in.readFully(accessBytes);
        try {
          loadedAccess = AccessCodec.decodeState(accessBytes);
        } catch (AuroraException e) {
          throw SnapshotFiles.corrupt(file, e.getMessage());
        }
      }
      if (in.available() > 0) {
        throw SnapshotFiles.corrupt(file, "leftover bytes[" + in.available() + "]");
      }
      tables = Map.copyOf(loaded);
      endpoints = Map.copyOf(loadedEndpoints);
      access = loadedAccess;
      views = Map.copyOf(loadedViews);
      nodes = Map.copyOf(loadedNodes);
      pipelines = Map.copyOf(loadedPipelines);
      setLastAppliedTermIndex(last);
      snapshotIndex = last.getIndex();
      log.info(
          "Loaded snapshot of the catalog at term[{}] index[{}] with tables[{}]",
          last.getTerm(),
          last.getIndex(),
          loaded.size());
    } catch (EOFException e) {
      throw SnapshotFiles.corrupt(file, "truncated");
    }
  }
}
