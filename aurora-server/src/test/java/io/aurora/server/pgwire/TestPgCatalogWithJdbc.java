package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.shard.StorageConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** pgjdbc's DatabaseMetaData, which reads pg_catalog, against a server on a loopback port. */
@Timeout(120)
class TestPgCatalogWithJdbc {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;
  private PgWireServer server;
  private Connection connection;

  @BeforeEach
  void start() throws Exception {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    server = new PgWireServer(engine, PgWireConfig.DEFAULT);
    server.start("127.0.0.1", 0);
    connection =
        DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + server.port() + "/aurora?user=aurora");
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE events (id BIGINT NOT NULL, name VARCHAR, ts TIMESTAMP,"
              + " amount DECIMAL(10, 2))");
      statement.execute("CREATE TABLE metrics (value DOUBLE)");
    }
  }

  @AfterEach
  void stop() throws SQLException {
    connection.close();
    server.close();
    engine.close();
    catalog.close();
  }

  @Test
  void tablesListUserTablesInSchemaPublic() throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rows =
        connection.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
      while (rows.next()) {
        assertThat(rows.getString("TABLE_SCHEM")).isEqualTo("public");
        assertThat(rows.getString("TABLE_TYPE")).isEqualTo("TABLE");
        tables.add(rows.getString("TABLE_NAME"));
      }
    }
    assertThat(tables).containsExactly("events", "metrics");
  }

  @Test
  void viewsAreListedAsViewsWithTheirColumns() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE VIEW named AS SELECT id, name FROM events WHERE name IS NOT NULL");
    }
    List<String> views = new ArrayList<>();
    try (ResultSet rows =
        connection.getMetaData().getTables(null, "public", "%", new String[] {"VIEW"})) {
      while (rows.next()) {
        assertThat(rows.getString("TABLE_TYPE")).isEqualTo("VIEW");
        views.add(rows.getString("TABLE_NAME"));
      }
    }
    assertThat(views).containsExactly("named");
    List<String> columns = new ArrayList<>();
    try (ResultSet rows = connection.getMetaData().getColumns(null, "public", "named", "%")) {
      while (rows.next()) {
        columns.add(rows.getString("COLUMN_NAME") + " " + rows.getString("TYPE_NAME"));
      }
    }
    assertThat(columns).containsExactly("id int8", "name varchar");
  }

  @Test
  void typeInfoListsTheBaseTypes() throws SQLException {
    Map<String, Integer> types = new HashMap<>();
    try (ResultSet rows = connection.getMetaData().getTypeInfo()) {
      while (rows.next()) {
        types.put(rows.getString("TYPE_NAME"), rows.getInt("DATA_TYPE"));
      }
    }
    assertThat(types)
        .containsEntry("int8", Types.BIGINT)
        .containsEntry("int4", Types.INTEGER)
        .containsEntry("varchar", Types.VARCHAR)
        .containsEntry("timestamp", Types.TIMESTAMP)
        .containsEntry("numeric", Types.NUMERIC)
        .containsEntry("bool", Types.BIT);
  }

  @Test
  void columnsHaveTypesNullabilityAndOrder() throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet rows = connection.getMetaData().getColumns(null, "public", "events", "%")) {
      while (rows.next()) {
        columns.add(
            rows.getInt("ORDINAL_POSITION")
                + " "
                + rows.getString("COLUMN_NAME")
                + " "
                + rows.getInt("DATA_TYPE")
                + " "
                + rows.getString("TYPE_NAME")
                + " "
                + rows.getInt("NULLABLE"));
      }
    }
    assertThat(columns)
        .containsExactly(
            "1 id " + Types.BIGINT + " int8 " + DatabaseMetaData.columnNoNulls,
            "2 name " + Types.VARCHAR + " varchar " + DatabaseMetaData.columnNullable,
            "3 ts " + Types.TIMESTAMP + " timestamp " + DatabaseMetaData.columnNullable,
            "4 amount " + Types.NUMERIC + " numeric " + DatabaseMetaData.columnNullable);
    try (ResultSet rows = connection.getMetaData().getColumns(null, "public", "events", "amount")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt("COLUMN_SIZE")).isEqualTo(10);
      assertThat(rows.getInt("DECIMAL_DIGITS")).isEqualTo(2);
    }
  }

  @Test
  void schemasAndCatalogs() throws SQLException {
    List<String> schemas = new ArrayList<>();
    try (ResultSet rows = connection.getMetaData().getSchemas()) {
      while (rows.next()) {
        schemas.add(rows.getString("TABLE_SCHEM"));
      }
    }
    assertThat(schemas).containsExactly("information_schema", "pg_catalog", "public");
    try (ResultSet rows = connection.getMetaData().getCatalogs()) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString("TABLE_CAT")).isEqualTo("aurora");
      assertThat(rows.next()).isFalse();
    }
  }

  /**
   * Aurora records no primary keys: pg_index is empty, so pgjdbc's query (which expands {@code
   * pg_index.indkey} with {@code information_schema._pg_expandarray}) returns no rows.
   */
  @Test
  void primaryKeysAreEmpty() throws SQLException {
    try (ResultSet rows = connection.getMetaData().getPrimaryKeys(null, "public", "events")) {
      assertThat(rows.getMetaData().getColumnCount()).isEqualTo(6);
      assertThat(rows.next()).isFalse();
    }
  }

  @Test
  void indexesAndForeignKeysAreEmpty() throws SQLException {
    DatabaseMetaData metaData = connection.getMetaData();
    try (ResultSet rows = metaData.getIndexInfo(null, "public", "events", false, false)) {
      assertThat(rows.next()).isFalse();
    }
    try (ResultSet rows = metaData.getImportedKeys(null, "public", "events")) {
      assertThat(rows.next()).isFalse();
    }
    try (ResultSet rows = metaData.getExportedKeys(null, "public", "events")) {
      assertThat(rows.next()).isFalse();
    }
  }

  @Test
  void catalogQueriesWithPostgresSyntax() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT c.relname, n.nspname FROM pg_catalog.pg_class c"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relname OPERATOR(pg_catalog.~) '^(ev.*)$' COLLATE"
                    + " pg_catalog.default AND c.oid = 'public.events'::regclass")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("events");
      assertThat(rows.getString(2)).isEqualTo("public");
      assertThat(rows.next()).isFalse();
    }
  }
}
