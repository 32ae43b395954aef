package io.aurora.sql.catalog;

import io.aurora.sql.access.AccessChange;
import io.aurora.sql.access.AccessState;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.TableSchema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The tables of a database, as the SQL engine reads and changes them. Names are already normalized
 * by the parser (unquoted identifiers are lower case). The node implements this with its Raft
 * catalog; {@link LocalCatalog} is an implementation over local storage for tests and tools.
 * Thread-safe.
 */
public interface Catalog {
  /**
   * The start of the names of Aurora's own tables, such as {@code system.query_log}: the catalog
   * keeps them as any table, but {@link #tableNames()} leaves them out, the {@code system} schema
   * shows them, and users cannot create, change or drop them.
   */
  String INTERNAL_PREFIX = "system.";

  /** Whether {@code name} names one of Aurora's own tables ({@link #INTERNAL_PREFIX}). */
  static boolean isInternal(String name) {
    return name.startsWith(INTERNAL_PREFIX);
  }

  /** The names of the users' tables in alphabetical order, without Aurora's own. */
  List<String> tableNames();

  /** The table of that name, or null. */
  @Nullable Table table(String name);

  /**
   * Creates a table; fails with DUPLICATE_TABLE if it exists, unless {@code ifNotExists}, in which
   * case nothing changes.
   */
  void createTable(String name, TableSchema schema, boolean ifNotExists);

  /**
   * Creates a table with cluster options ({@code DISTRIBUTED BY (column, ...) WITH
   * (replication_factor = n)}); otherwise as {@link #createTable(String, TableSchema, boolean)}. A
   * catalog that is not replicated, as this default implementation, accepts a replication factor of
   * 1 or the default only (anything more fails with INVALID_PARAMETER_VALUE), and ignores the
   * distribution columns: on a single node they route nothing.
   */
  default void createTable(
      String name, TableSchema schema, TableOptions options, boolean ifNotExists) {
    if (options.replicationFactor() > 1) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Table option replication_factor["
              + options.replicationFactor()
              + "] exceeds the nodes[1] of this catalog");
    }
    if (options.retentionMicros() > 0) {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED, "Table option retention needs a node's catalog");
    }
    createTable(name, schema, ifNotExists);
  }

  /**
   * Sets how long a table keeps rows ({@code ALTER TABLE ... SET (retention = '7 days')}), 0 for
   * forever; see {@link TableOptions#retentionMicros()}.
   */
  default void setRetention(String table, long retentionMicros) {
    throw new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED, "Table option retention needs a node's catalog");
  }

  /** The retention of a table in microseconds, 0 for none (or for a catalog without it). */
  default long retentionMicros(String table) {
    return 0;
  }

  /** The nodes of the cluster ({@code system.nodes}); empty for a catalog that is not a node's. */
  default List<ClusterNode> clusterNodes() {
    return List.of();
  }

  /** Every replica of every shard ({@code system.shards}); empty when not replicated. */
  default List<ShardReplica> shardReplicas() {
    return List.of();
  }

  /** The views, by name; empty for a catalog that cannot keep them. */
  default List<ViewDefinition> views() {
    return List.of();
  }

  /** The view of that name, or null. */
  default @Nullable ViewDefinition view(String name) {
    for (ViewDefinition view : views()) {
      if (view.name().equals(name)) {
        return view;
      }
    }
    return null;
  }

  /**
   * Creates a view, or with {@code orReplace} replaces the view of that name; fails with 42P07 when
   * a table (or, without {@code orReplace}, a view) of that name exists.
   */
  default void createView(ViewDefinition view, boolean orReplace) {
    throw new AuroraException(ErrorCode.FEATURE_NOT_SUPPORTED, "This catalog cannot keep views");
  }

  /**
   * Drops a view; 42P01 when there is none of that name (unless {@code ifExists}), 2BP01 when
   * another view reads it.
   */
  default void dropView(String name, boolean ifExists) {
    throw new AuroraException(ErrorCode.FEATURE_NOT_SUPPORTED, "This catalog cannot keep views");
  }

  /**
   * Roles, privileges and table owners, as of the last change this node applied; {@link
   * AccessState#EMPTY} (everyone a superuser) for a catalog without access control.
   */
  default AccessState access() {
    return AccessState.EMPTY;
  }

  /**
   * {@link #access()} without waiting for anything: for network threads that must not block, such
   * as a login's. A replicated catalog answers its replica's state as it is this moment, which may
   * lack a change committed a few milliseconds ago.
   */
  default AccessState accessNow() {
    return access();
  }

  /**
   * Applies a change to roles, privileges or owners on every node; fails as {@link
   * AccessState#apply} does. The caller checked that the session may make it.
   */
  default void changeAccess(AccessChange change) {
    throw new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED, "This catalog cannot keep roles and privileges");
  }

  /** The calls this node served per published endpoint; a catalog without endpoints has none. */
  default EndpointStatistics endpointStatistics() {
    return new EndpointStatistics();
  }

  /** The published endpoints, by name; empty for a catalog that cannot keep them. */
  default List<EndpointDefinition> endpoints() {
    return List.of();
  }

  /** The endpoint of that name, or null. */
  default @Nullable EndpointDefinition endpoint(String name) {
    for (EndpointDefinition endpoint : endpoints()) {
      if (endpoint.name().equals(name)) {
        return endpoint;
      }
    }
    return null;
  }

  /**
   * Publishes an endpoint, or with {@code orReplace} replaces the one of that name; fails with
   * 42710 when one of that name exists and {@code orReplace} is not set.
   */
  default void createEndpoint(EndpointDefinition endpoint, boolean orReplace) {
    throw new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED, "This catalog cannot keep endpoints");
  }

  /** Drops an endpoint; 42704 when there is none of that name, unless {@code ifExists}. */
  default void dropEndpoint(String name, boolean ifExists) {
    throw new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED, "This catalog cannot keep endpoints");
  }

  /** The pipelines, by name; empty for a catalog that cannot keep them. */
  default List<PipelineDefinition> pipelines() {
    return List.of();
  }

  /**
   * Creates a pipeline (its id is assigned here); fails with 42710 when one of that name exists
   * (unless {@code ifNotExists}) and 42P01 when its table does not.
   */
  default void createPipeline(PipelineDefinition pipeline, boolean ifNotExists) {
    throw new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED, "This catalog cannot keep pipelines");
  }

  /** The live status of every pipeline, one row per pipeline and partition. */
  default List<PipelineStatus> pipelineStatuses() {
    return List.of();
  }

  /** Drops a pipeline; 42704 when there is none of that name (unless {@code ifExists}). */
  default void dropPipeline(String name, boolean ifExists) {
    throw new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED, "This catalog cannot keep pipelines");
  }

  /** Records whether a pipeline should run (START / STOP PIPELINE); 42704 when there is none. */
  default void setPipelineRunning(String name, boolean running) {
    throw new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED, "This catalog cannot keep pipelines");
  }

  /**
   * Starts a set of writes that become visible together (see {@link WriteTransaction}). A
   * replicated catalog makes them atomic across shards, Raft entries and crashes; this default
   * buffers them and appends at commit.
   */
  default WriteTransaction beginWrite() {
    return new BufferedWriteTransaction();
  }

  /** Drops a table and its data; fails with UNDEFINED_TABLE if missing, unless {@code ifExists}. */
  void dropTable(String name, boolean ifExists);

  /** Adds a nullable column at the end; existing rows read it as NULL. */
  void addColumn(String table, ColumnSchema column);

  /**
   * {@code CHECKPOINT}: seals every table's in-memory rows into compressed segment files, so that
   * what was written so far takes its compact size on disk and a restart has nothing to replay. The
   * node also snapshots its Raft groups, which truncates their logs, and then merges small segments
   * (compaction) until nothing is left to merge, so that queries after a bulk load do not share the
   * CPU with it. Blocks until done.
   */
  void checkpoint();
}
