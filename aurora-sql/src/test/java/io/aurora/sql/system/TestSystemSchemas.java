package io.aurora.sql.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.ClusterNode;
import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.catalog.ShardReplica;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.sql.testing.TestingClusterCatalog;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.StorageConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSystemSchemas {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    engine.execute("CREATE TABLE events (id BIGINT NOT NULL, name VARCHAR, amount DECIMAL(10, 2))");
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  private List<String> rows(String sql) {
    return rows(engine, sql);
  }

  private static List<String> rows(SqlEngine engine, String sql) {
    List<String> rows = new ArrayList<>();
    try (QueryResult result = (QueryResult) engine.execute(sql)) {
      for (Page page = result.next(); page != null; page = result.next()) {
        int[] selection = page.selection();
        for (int row = 0; row < page.rowCount(); row++) {
          int position = selection == null ? row : selection[row];
          List<String> values = new ArrayList<>();
          for (int channel = 0; channel < page.channelCount(); channel++) {
            values.add(String.valueOf(page.block(channel).objectValue(position)));
          }
          rows.add(String.join("|", values));
        }
      }
    }
    return rows;
  }

  @Test
  void pgClassListsUserTablesAfterCreateTable() {
    String query =
        "SELECT c.relname, n.nspname, c.relkind FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
            + " ORDER BY 1";
    assertThat(rows(query)).containsExactly("events|public|r");
    engine.execute("CREATE TABLE metrics (value DOUBLE)");
    assertThat(rows(query)).containsExactly("events|public|r", "metrics|public|r");
    engine.execute("DROP TABLE metrics");
    assertThat(rows(query)).containsExactly("events|public|r");
  }

  @Test
  void userTableOidsAreStableAndResolveThroughRegclass() {
    List<String> before = rows("SELECT oid FROM pg_catalog.pg_class WHERE relname = 'events'");
    engine.execute("CREATE TABLE another (a INTEGER)");
    assertThat(rows("SELECT oid FROM pg_catalog.pg_class WHERE relname = 'events'"))
        .isEqualTo(before)
        .hasSize(1);
    assertThat(rows("SELECT oid FROM pg_class WHERE oid = 'public.events'::regclass"))
        .isEqualTo(before);
    assertThat(rows("SELECT c.oid::regclass FROM pg_class c WHERE c.relname = 'events'"))
        .containsExactly("events");
    assertThatThrownBy(() -> rows("SELECT 'missing'::regclass"))
        .isInstanceOf(AuroraException.class)
        .satisfies(
            e ->
                assertThat(((AuroraException) e).errorCode()).isEqualTo(ErrorCode.UNDEFINED_TABLE));
  }

  @Test
  void pgAttributeListsColumnsInOrderWithTypes() {
    engine.execute("ALTER TABLE events ADD COLUMN label VARCHAR");
    assertThat(
            rows(
                "SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),"
                    + " a.attnotnull FROM pg_catalog.pg_attribute a"
                    + " WHERE a.attrelid = 'events'::regclass AND a.attnum > 0"
                    + " ORDER BY a.attnum"))
        .containsExactly(
            "1|id|bigint|true",
            "2|name|character varying|false",
            "3|amount|numeric(10,2)|false",
            "4|label|character varying|false");
  }

  @Test
  void informationSchemaColumnsUsePostgresTypeNames() {
    assertThat(
            rows(
                "SELECT table_schema, column_name, ordinal_position, data_type, is_nullable,"
                    + " numeric_precision, numeric_scale FROM information_schema.columns"
                    + " WHERE table_name = 'events' ORDER BY ordinal_position"))
        .containsExactly(
            "public|id|1|bigint|NO|64|0",
            "public|name|2|character varying|YES|null|null",
            "public|amount|3|numeric|YES|10|2");
    assertThat(rows("SELECT table_name, table_type FROM information_schema.tables"))
        .containsExactly("events|BASE TABLE");
    assertThat(rows("SELECT schema_name FROM information_schema.schemata ORDER BY 1"))
        .containsExactly("information_schema", "pg_catalog", "public");
  }

  @Test
  void userTablesResolveInSchemaPublic() {
    engine.execute("INSERT INTO public.events VALUES (1, 'a', 1.50)");
    assertThat(rows("SELECT public.events.name FROM public.events")).containsExactly("a");
  }

  @Test
  void catalogFunctionsAnswerAsPostgresWithOneUserAndDatabase() {
    assertThat(
            rows(
                "SELECT version(), current_database(), current_schema(), current_user,"
                    + " pg_catalog.pg_get_userbyid(10), pg_encoding_to_char(6),"
                    + " pg_table_is_visible(1), has_table_privilege('events', 'SELECT'),"
                    + " obj_description(1, 'pg_class'), col_description(1, 1)"))
        .containsExactly(
            "PostgreSQL 16.0 (Aurora 0.1.0)|aurora|public|aurora|aurora|UTF8|true|true|null|null");
  }

  @Test
  void unnamedColumnsAreNamedAsPostgresNamesThem() {
    try (QueryResult result =
        (QueryResult)
            engine.execute(
                "SELECT version(), upper(name), id + 1, count(*) AS n FROM events"
                    + " GROUP BY name, id")) {
      assertThat(result.columnNames()).containsExactly("version", "upper", "?column?", "n");
    }
    try (QueryResult result =
        (QueryResult)
            engine.execute(
                "WITH t AS (SELECT id, name, amount FROM events) SELECT row_number() OVER"
                    + " (ORDER BY id), coalesce(name, 'x'), CASE WHEN id > 1 THEN 1 END,"
                    + " CAST(amount AS VARCHAR), CAST(1 AS INTEGER), CAST('1' AS DOUBLE),"
                    + " count(*) FILTER (WHERE id > 1), (SELECT max(id) FROM events),"
                    + " EXISTS (SELECT 1 FROM events), 'literal', -id, id::text"
                    + " FROM t GROUP BY id, name, amount ORDER BY 1")) {
      assertThat(result.columnNames())
          .containsExactly(
              "row_number",
              "coalesce",
              "case",
              "amount",
              "int4",
              "float8",
              "count",
              "max",
              "exists",
              "?column?",
              "?column?",
              "id");
    }
  }

  @Test
  void emptyCatalogsPruneConstructsTheExecutorLacks() {
    assertThat(
            rows(
                "SELECT pol.polname, array_to_string(array(select rolname from pg_roles"
                    + " where oid = any (pol.polroles) order by 1), ',')"
                    + " FROM pg_catalog.pg_policy pol WHERE pol.polrelid = 1 ORDER BY 1"))
        .isEmpty();
  }

  @Test
  void arrayToStringJoinsElementsAndInformationSchemaIsNotOnTheSearchPath() {
    assertThat(
            rows(
                "SELECT array_to_string(ARRAY(SELECT relname FROM pg_class WHERE relname IN"
                    + " ('pg_class', 'pg_type') ORDER BY 1), ', '), array_to_string(ARRAY(SELECT"
                    + " relname FROM pg_class WHERE relname = 'none'), ',')"))
        .containsExactly("pg_class, pg_type|");
    assertThat(
            rows(
                "SELECT n.nspname, pg_table_is_visible(c.oid) FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE c.relname IN ('events', 'pg_class',"
                    + " 'tables') ORDER BY 1"))
        .containsExactly("information_schema|false", "pg_catalog|true", "public|true");
    assertThat(
            rows(
                "SELECT c.relname FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p','')"
                    + " AND n.nspname <> 'pg_catalog' AND n.nspname !~ '^pg_toast'"
                    + " AND n.nspname <> 'information_schema'"
                    + " AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 1"))
        .containsExactly("events");
    // A filter that is only a catalog function (psql's \\dF) plans without a nullability cast.
    assertThat(
            rows(
                "SELECT count(*) FROM pg_catalog.pg_ts_config c"
                    + " WHERE pg_catalog.pg_ts_config_is_visible(c.oid)"))
        .containsExactly("0");
    assertThat(
            rows(
                "SELECT relname FROM pg_class WHERE pg_type_is_visible(oid) AND relname ="
                    + " 'events'"))
        .containsExactly("events");
  }

  @Test
  void quoteIdentQuotesWhatIsNotAPlainLowerCaseName() {
    assertThat(
            rows(
                "SELECT quote_ident('events'), quote_ident('Events'), quote_ident('user'),"
                    + " quote_ident('a\"b'), quote_ident('x y'), quote_ident(NULL), quote_ident('int'),"
                    + " quote_ident('name')"))
        .containsExactly("events|\"Events\"|\"user\"|\"a\"\"b\"|\"x y\"|null|\"int\"|name");
  }

  @Test
  void comparisonsWithAnyOrAllOfAnArrayAreComparisonsWithEachElement() {
    engine.execute("CREATE VIEW named AS SELECT name FROM events");
    assertThat(
            rows(
                "SELECT relname FROM pg_class WHERE relkind = ANY (ARRAY['r', 'v'])"
                    + " AND relnamespace = 2200 ORDER BY 1"))
        .containsExactly("events", "named");
    assertThat(
            rows(
                "SELECT relname FROM pg_class WHERE relkind <> ALL (ARRAY['r', 'p'])"
                    + " AND relnamespace = 2200"))
        .containsExactly("named");
  }

  @Test
  void regexOperatorsMatchAnywhereWithJavaRegex() {
    engine.execute(
        "INSERT INTO events VALUES (1, 'Alpha', 1), (2, 'beta', 2), (3, NULL, 3),"
            + " (4, 'gamma', 4)");
    assertThat(rows("SELECT id FROM events WHERE name ~ 'a$' ORDER BY id"))
        .containsExactly("1", "2", "4");
    assertThat(rows("SELECT id FROM events WHERE name ~ '^a' ORDER BY id")).isEmpty();
    assertThat(rows("SELECT id FROM events WHERE name ~* '^a' ORDER BY id")).containsExactly("1");
    assertThat(rows("SELECT id FROM events WHERE name !~ '^(b|g)' ORDER BY id"))
        .containsExactly("1");
    assertThat(rows("SELECT id FROM events WHERE name !~* 'ALPHA|BETA' ORDER BY id"))
        .containsExactly("4");
    assertThatThrownBy(() -> rows("SELECT id FROM events WHERE name ~ '('"))
        .isInstanceOf(AuroraException.class)
        .satisfies(
            e ->
                assertThat(((AuroraException) e).errorCode())
                    .isEqualTo(ErrorCode.INVALID_REGULAR_EXPRESSION));
  }

  /** Two nodes; {@code events} has two shards, the first replicated on both nodes. */
  private SqlEngine clusterEngine() {
    TestingClusterCatalog cluster =
        new TestingClusterCatalog(
            catalog,
            List.of(
                new ClusterNode(
                    "n2", "10.0.0.2:9872", "10.0.0.2:5432", "10.0.0.2:9090", "down", 1, 0),
                new ClusterNode(
                    "n1", "10.0.0.1:9872", "10.0.0.1:5432", "10.0.0.1:9090", "up", 2, 2)),
            List.of(
                new ShardReplica("events", 0, "n1", "leader", 17, 1000),
                new ShardReplica("events", 0, "n2", "unknown", -1, -1),
                new ShardReplica("events", 1, "n1", "leader", 5, 250)));
    return new SqlEngine(cluster, EngineConfig.DEFAULT);
  }

  @Test
  void systemNodesAndShardsListTheCatalogsCluster() {
    try (SqlEngine cluster = clusterEngine()) {
      try (QueryResult result = (QueryResult) cluster.execute("SELECT * FROM system.nodes")) {
        assertThat(result.columnNames())
            .containsExactly(
                "node_id",
                "raft_address",
                "sql_address",
                "grpc_address",
                "state",
                "replicas",
                "leaders");
      }
      assertThat(rows(cluster, "SELECT * FROM system.nodes"))
          .containsExactly(
              "n2|10.0.0.2:9872|10.0.0.2:5432|10.0.0.2:9090|down|1|0",
              "n1|10.0.0.1:9872|10.0.0.1:5432|10.0.0.1:9090|up|2|2");
      try (QueryResult result = (QueryResult) cluster.execute("SELECT * FROM system.shards")) {
        assertThat(result.columnNames())
            .containsExactly(
                "table_name", "shard", "node_id", "role", "applied_index", "row_count");
      }
      assertThat(rows(cluster, "SELECT * FROM SYSTEM.SHARDS"))
          .containsExactly(
              "events|0|n1|leader|17|1000",
              "events|0|n2|unknown|null|null",
              "events|1|n1|leader|5|250");
      try (QueryResult result = (QueryResult) cluster.execute("SELECT * FROM system.pipelines")) {
        assertThat(result.columnNames())
            .containsExactly(
                "pipeline_name",
                "topic",
                "table_name",
                "record_format",
                "kafka_partition",
                "state",
                "error",
                "committed_offset",
                "high_watermark",
                "lag_records",
                "lag_seconds",
                "rows_per_second",
                "bytes_per_second",
                "rows_loaded",
                "bad_records",
                "node_id",
                "owner");
      }
      assertThat(rows(cluster, "SELECT * FROM system.pipelines")).isEmpty();
    }
  }

  @Test
  void systemTablesFilterSortAggregateAndJoinLikeAnyTable() {
    try (SqlEngine cluster = clusterEngine()) {
      assertThat(rows(cluster, "SELECT node_id FROM system.nodes ORDER BY node_id"))
          .containsExactly("n1", "n2");
      assertThat(rows(cluster, "SELECT node_id FROM system.nodes WHERE state = 'up'"))
          .containsExactly("n1");
      assertThat(
              rows(
                  cluster,
                  "SELECT shard, applied_index FROM system.shards"
                      + " WHERE role = 'leader' AND applied_index > 10"))
          .containsExactly("0|17");
      assertThat(
              rows(
                  cluster,
                  "SELECT node_id, count(*), sum(row_count) FROM system.shards"
                      + " GROUP BY node_id ORDER BY node_id DESC"))
          .containsExactly("n2|1|null", "n1|2|1250");
      assertThat(
              rows(
                  cluster,
                  "SELECT s.shard, n.sql_address FROM system.shards s"
                      + " JOIN system.nodes n ON n.node_id = s.node_id"
                      + " WHERE s.role = 'leader' ORDER BY s.shard"))
          .containsExactly("0|10.0.0.1:5432", "1|10.0.0.1:5432");
      assertThat(
              rows(
                  cluster,
                  "SELECT t.table_name, count(*) FROM information_schema.tables t"
                      + " JOIN system.shards s ON s.table_name = t.table_name"
                      + " GROUP BY t.table_name"))
          .containsExactly("events|3");
    }
  }

  @Test
  void systemSchemaIsNotListedAmongTheUsersTables() {
    try (SqlEngine cluster = clusterEngine()) {
      assertThat(rows(cluster, "SELECT table_schema, table_name FROM information_schema.tables"))
          .containsExactly("public|events");
      assertThat(rows(cluster, "SELECT schema_name FROM information_schema.schemata ORDER BY 1"))
          .containsExactly("information_schema", "pg_catalog", "public");
      assertThat(rows(cluster, "SELECT relname FROM pg_class WHERE relname IN ('nodes', 'shards')"))
          .isEmpty();
    }
  }

  @Test
  void userTableNamedNodesResolvesUnqualifiedAsBefore() {
    engine.execute("CREATE TABLE nodes (node_id INTEGER)");
    engine.execute("INSERT INTO nodes VALUES (42)");
    try (SqlEngine cluster = clusterEngine()) {
      assertThat(rows(cluster, "SELECT * FROM nodes")).containsExactly("42");
      assertThat(rows(cluster, "SELECT node_id FROM public.nodes")).containsExactly("42");
      assertThat(rows(cluster, "SELECT count(*) FROM system.nodes")).containsExactly("2");
      assertThat(
              rows(
                  cluster,
                  "SELECT u.node_id, s.node_id FROM nodes u, system.nodes s"
                      + " WHERE s.state = 'up'"))
          .containsExactly("42|n1");
    }
  }

  @Test
  void systemTablesAreReadOnly() {
    engine.execute("CREATE TABLE nodes (node_id VARCHAR)");
    try (SqlEngine cluster = clusterEngine()) {
      for (String insert :
          List.of(
              "INSERT INTO system.nodes (node_id) VALUES ('n3')",
              "INSERT INTO system.nodes (node_id) SELECT name FROM events")) {
        assertThatThrownBy(() -> cluster.execute(insert))
            .isInstanceOf(AuroraException.class)
            .hasMessage("System table[nodes] is read-only")
            .satisfies(
                e ->
                    assertThat(((AuroraException) e).errorCode())
                        .isEqualTo(ErrorCode.FEATURE_NOT_SUPPORTED));
      }
      assertThat(rows(cluster, "SELECT count(*) FROM nodes")).containsExactly("0");
      assertThat(rows(cluster, "SELECT count(*) FROM system.nodes")).containsExactly("2");
    }
  }

  @Test
  void catalogWithoutClusterHasEmptySystemTables() {
    assertThat(rows("SELECT * FROM system.nodes")).isEmpty();
    assertThat(rows("SELECT * FROM system.shards WHERE table_name = 'events'")).isEmpty();
    assertThat(rows("SELECT count(*) FROM system.shards")).containsExactly("0");
    try (QueryResult result = (QueryResult) engine.execute("SELECT * FROM system.shards")) {
      assertThat(result.columnNames()).hasSize(6);
    }
  }
}
