package io.aurora.server.cluster;

import io.aurora.consensus.TestingCluster;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.TableOptions;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.sql.testing.DifferentialHarness;
import io.aurora.sql.testing.DuckDbOracle;
import io.aurora.sql.testing.ResultValues;
import io.aurora.sql.testing.TestingData.TableData;
import io.aurora.storage.shard.Directories;
import io.aurora.storage.type.TableSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A three-node cluster in one JVM ({@link TestingCluster}) with an {@link SqlEngine} on every node,
 * beside DuckDB loaded with the same rows: each table is created on the first node with three
 * shards and the given replication factor, its pages are written through the nodes in turn, and
 * queries run on the nodes in turn, so every answer depends on writes made through other nodes and,
 * below three replicas, on reads of shards other nodes hold.
 */
final class ClusterQueryHarness implements AutoCloseable {
  private static final int PAGE_ROWS = 8192;
  private static final int SHARDS = 3;

  private final TestingCluster cluster;
  private final List<SqlEngine> engines = new ArrayList<>();
  private final DuckDbOracle oracle;
  private int nextEngine;

  private final Path directory;

  /**
   * @param replicationFactor replicas per shard: 1 makes two thirds of every scan a read of another
   *     node's replica, 3 puts every shard on every node
   */
  ClusterQueryHarness(List<TableData> tables, int replicationFactor) throws Exception {
    this(tables, replicationFactor, true);
  }

  /**
   * @param isBulk load DuckDB with its appender (benchmark-sized tables) rather than batched
   *     inserts (the differential corpus' edge values)
   */
  ClusterQueryHarness(List<TableData> tables, int replicationFactor, boolean isBulk)
      throws Exception {
    directory = Files.createTempDirectory("cluster-queries");
    cluster = TestingCluster.start(directory, 3);
    oracle = new DuckDbOracle();
    for (int node = 0; node < cluster.size(); node++) {
      // At least two workers, so that scans of other nodes' replicas send them query fragments.
      EngineConfig config =
          EngineConfig.DEFAULT.withQueryParallelism(
              Math.max(2, EngineConfig.DEFAULT.queryParallelism()));
      engines.add(new SqlEngine(cluster.node(node), config));
    }
    int writer = 0;
    for (TableData table : tables) {
      TableSchema schema = table.schema();
      cluster
          .node(0)
          .createTable(
              table.name(),
              new TableSchema(
                  schema.columns(),
                  schema.timeColumn(),
                  schema.granularity(),
                  schema.sortKey(),
                  SHARDS),
              new TableOptions(replicationFactor, List.of()),
              false);
      List<List<Object>> rows = table.rows();
      for (int start = 0; start < rows.size(); start += PAGE_ROWS) {
        Table target = Objects.requireNonNull(cluster.node(writer++ % 3).table(table.name()));
        target.append(
            DifferentialHarness.page(
                schema.columns(), rows.subList(start, Math.min(rows.size(), start + PAGE_ROWS))));
      }
      if (isBulk) {
        oracle.loadBulk(table);
      } else {
        oracle.load(table);
      }
    }
  }

  List<List<Object>> duckDb(String sql) throws Exception {
    return oracle.query(sql);
  }

  /** Runs the query on the next node in turn and returns its rows in the oracle's value forms. */
  List<List<Object>> aurora(String sql) {
    SqlEngine engine = engines.get(nextEngine++ % engines.size());
    return ResultValues.rows((QueryResult) engine.execute(sql));
  }

  /** CHECKPOINT on every node: rows sealed into segments, with their columns' sketches. */
  void checkpoint() {
    for (SqlEngine engine : engines) {
      engine.execute("CHECKPOINT");
    }
  }

  /** The text of {@code EXPLAIN sql} on the first node. */
  String explain(String sql) {
    return ResultValues.rows((QueryResult) engines.get(0).execute("EXPLAIN " + sql)).toString();
  }

  /** How many query fragments the nodes ran for each other so far. */
  long fragmentsRun() {
    return cluster.fragmentsRun();
  }

  @Override
  public void close() throws java.sql.SQLException, java.io.IOException {
    for (SqlEngine engine : engines) {
      engine.close();
    }
    cluster.close();
    oracle.close();
    Directories.deleteRecursively(directory);
  }
}
