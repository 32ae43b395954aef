package io.aurora.sql.testing;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.ClusterNode;
import io.aurora.sql.catalog.ShardReplica;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.TableOptions;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.TableSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A hand-written fake of a node's catalog for tests: the tables are those of the wrapped catalog,
 * the cluster ({@link #clusterNodes()}, {@link #shardReplicas()}) is the one given, and {@code
 * CREATE TABLE} accepts any {@link TableOptions}, as a cluster does, and records them by table
 * name. The wrapped catalog stays the caller's to close.
 */
public final class TestingClusterCatalog implements Catalog {
  private final Catalog tables;
  private final List<ClusterNode> nodes;
  private final List<ShardReplica> replicas;
  private final Map<String, TableOptions> options = new ConcurrentHashMap<>();

  public TestingClusterCatalog(
      Catalog tables, List<ClusterNode> nodes, List<ShardReplica> replicas) {
    this.tables = requireNonNull(tables, "tables is null");
    this.nodes = List.copyOf(requireNonNull(nodes, "nodes is null"));
    this.replicas = List.copyOf(requireNonNull(replicas, "replicas is null"));
  }

  /** The options the table was created with through the four-argument {@code createTable}. */
  public @Nullable TableOptions options(String table) {
    return options.get(table);
  }

  @Override
  public List<String> tableNames() {
    return tables.tableNames();
  }

  @Override
  public @Nullable Table table(String name) {
    return tables.table(name);
  }

  @Override
  public void createTable(String name, TableSchema schema, boolean ifNotExists) {
    tables.createTable(name, schema, ifNotExists);
  }

  @Override
  public void createTable(
      String name, TableSchema schema, TableOptions options, boolean ifNotExists) {
    tables.createTable(name, schema, ifNotExists);
    this.options.put(name, options);
  }

  @Override
  public List<ClusterNode> clusterNodes() {
    return nodes;
  }

  @Override
  public List<ShardReplica> shardReplicas() {
    return replicas;
  }

  @Override
  public void dropTable(String name, boolean ifExists) {
    tables.dropTable(name, ifExists);
    options.remove(name);
  }

  @Override
  public void addColumn(String table, ColumnSchema column) {
    tables.addColumn(table, column);
  }

  @Override
  public void checkpoint() {
    tables.checkpoint();
  }
}
