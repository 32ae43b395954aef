package io.aurora.sql.system;

import io.aurora.sql.access.AccessState;
import io.aurora.sql.access.ApiToken;
import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.ClusterNode;
import io.aurora.sql.catalog.EndpointDefinition;
import io.aurora.sql.catalog.EndpointStatistics;
import io.aurora.sql.catalog.PipelineDefinition;
import io.aurora.sql.catalog.PipelineStatus;
import io.aurora.sql.catalog.ShardReplica;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.expression.TextFormats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Aurora's schema {@code system}: the cluster as this node's catalog sees it, in read-only tables
 * whose rows come from the {@link Catalog} on first use in a statement, in the catalog's order.
 *
 * <pre>
 * system.nodes  (node_id varchar, raft_address varchar, sql_address varchar,
 *                grpc_address varchar, state varchar, replicas integer, leaders integer)
 * system.shards (table_name varchar, shard integer, node_id varchar, role varchar,
 *                applied_index bigint, row_count bigint)
 * system.pipelines (pipeline_name, topic, table_name, record_format varchar, kafka_partition int,
 *                state, error varchar, committed_offset, high_watermark, lag_records bigint,
 *                lag_seconds, rows_per_second, bytes_per_second double, rows_loaded,
 *                bad_records bigint,
 *                node_id, owner varchar)
 * system.endpoints (endpoint_name, query, parameters varchar, calls, errors bigint,
 *                p50_ms, p99_ms double)
 * </pre>
 *
 * <p>An endpoint's calls are those this node served since it started, its percentiles over its last
 * 4096 calls here ({@link EndpointStatistics}).
 *
 * <p>One row per {@link Catalog#clusterNodes()} and per {@link Catalog#shardReplicas()}; both are
 * empty for a catalog that is not replicated. A replica's {@code applied_index} and {@code
 * row_count} are NULL where the catalog does not know them (a replica on another node), so that
 * sums over them count only what is known. The schema is not listed in {@code pg_namespace}, {@code
 * pg_class} or {@code information_schema}, so that clients' table listings ({@code \dt}, JDBC
 * {@code getTables}) show the user's tables only, as before.
 */
final class ClusterSchema {
  private ClusterSchema() {}

  static Map<String, Table> tables(Catalog catalog) {
    Map<String, Table> tables = new LinkedHashMap<>();
    tables.put(
        "nodes",
        SystemTable.of(
            "nodes",
            "node_id text, raft_address text, sql_address text, grpc_address text, state text,"
                + " replicas int4, leaders int4",
            () -> nodeRows(catalog)));
    tables.put(
        "shards",
        SystemTable.of(
            "shards",
            "table_name text, shard int4, node_id text, role text, applied_index int8,"
                + " row_count int8",
            () -> shardRows(catalog)));
    tables.put(
        "pipelines",
        SystemTable.of(
            "pipelines",
            "pipeline_name text, topic text, table_name text, record_format text, kafka_partition int4,"
                + " state text, error text, committed_offset int8, high_watermark int8,"
                + " lag_records int8, lag_seconds float8, rows_per_second float8,"
                + " bytes_per_second float8, rows_loaded int8, bad_records int8, node_id text,"
                + " owner text",
            () -> pipelineRows(catalog)));
    tables.put(
        "endpoints",
        SystemTable.of(
            "endpoints",
            "endpoint_name text, query text, parameters text, calls int8, errors int8,"
                + " p50_ms float8, p99_ms float8",
            () -> endpointRows(catalog)));
    // The tokens a session may see: all for a superuser, else its roles' (captured now, on the
    // statement's thread).
    AccessState access = catalog.access();
    String user = SystemSchemas.sessionUser();
    tables.put(
        "tokens",
        SystemTable.of(
            "tokens",
            "token_name text, role_name text, created timestamp, valid_until timestamp,"
                + " requests_per_second int4, endpoints text",
            () -> tokenRows(access, user)));
    return tables;
  }

  private static List<@Nullable Object[]> tokenRows(AccessState access, String user) {
    boolean isSuperuser = access.isSuperuser(user);
    Set<String> roles = access.effectiveRoles(user);
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (ApiToken token : access.tokens()) {
      if (isSuperuser || roles.contains(token.role())) {
        rows.add(
            PgCatalog.row(
                token.name(),
                token.role(),
                token.createdMicros(),
                token.validUntilMicros() == 0 ? null : token.validUntilMicros(),
                token.requestsPerSecond() == 0 ? null : token.requestsPerSecond(),
                token.isLimitedToEndpoints() ? String.join(", ", token.endpoints()) : null));
      }
    }
    return rows;
  }

  private static List<@Nullable Object[]> endpointRows(Catalog catalog) {
    List<@Nullable Object[]> rows = new ArrayList<>();
    List<EndpointDefinition> endpoints = new ArrayList<>(catalog.endpoints());
    endpoints.sort(java.util.Comparator.comparing(EndpointDefinition::name));
    for (EndpointDefinition endpoint : endpoints) {
      StringBuilder parameters = new StringBuilder();
      for (EndpointDefinition.Parameter parameter : endpoint.parameters()) {
        parameters.append(parameters.length() == 0 ? "" : ", ").append(parameter.name());
        parameters.append(' ').append(TextFormats.typeName(parameter.type()));
      }
      EndpointStatistics.Summary calls = catalog.endpointStatistics().summary(endpoint.name());
      rows.add(
          PgCatalog.row(
              endpoint.name(),
              endpoint.text(),
              parameters.toString(),
              calls.calls(),
              calls.errors(),
              Double.isNaN(calls.p50Millis()) ? null : calls.p50Millis(),
              Double.isNaN(calls.p99Millis()) ? null : calls.p99Millis()));
    }
    return rows;
  }

  private static List<@Nullable Object[]> pipelineRows(Catalog catalog) {
    Map<String, String> owners = new HashMap<>();
    for (PipelineDefinition pipeline : catalog.pipelines()) {
      if (pipeline.owner() != null) {
        owners.put(pipeline.name(), pipeline.owner());
      }
    }
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (PipelineStatus status : catalog.pipelineStatuses()) {
      rows.add(
          PgCatalog.row(
              status.pipeline(),
              status.topic(),
              status.table(),
              status.format(),
              status.partition(),
              status.state(),
              status.error(),
              unknownAsNull(status.committedOffset()),
              unknownAsNull(status.highWatermark()),
              unknownAsNull(status.lagRecords()),
              status.lagSeconds(),
              status.rowsPerSecond(),
              status.bytesPerSecond(),
              unknownAsNull(status.rows()),
              unknownAsNull(status.errors()),
              status.nodeId(),
              owners.get(status.pipeline())));
    }
    return rows;
  }

  private static List<@Nullable Object[]> nodeRows(Catalog catalog) {
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (ClusterNode node : catalog.clusterNodes()) {
      rows.add(
          PgCatalog.row(
              node.nodeId(),
              node.raftAddress(),
              node.sqlAddress(),
              node.grpcAddress(),
              node.state(),
              node.replicas(),
              node.leaders()));
    }
    return rows;
  }

  private static List<@Nullable Object[]> shardRows(Catalog catalog) {
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (ShardReplica replica : catalog.shardReplicas()) {
      rows.add(
          PgCatalog.row(
              replica.table(),
              replica.shard(),
              replica.nodeId(),
              replica.role(),
              unknownAsNull(replica.appliedIndex()),
              unknownAsNull(replica.rows())));
    }
    return rows;
  }

  /** SQL's NULL for a count the catalog does not know here (-1), as PostgreSQL's views show it. */
  private static @Nullable Long unknownAsNull(long value) {
    return value < 0 ? null : value;
  }
}
