package io.aurora.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.client.AuroraClient;
import io.aurora.client.AuroraWriter;
import io.aurora.client.WriterOptions;
import io.aurora.server.AuroraNode;
import io.aurora.server.NodeConfig;
import io.aurora.sql.datasets.HitsGenerator;
import io.aurora.sql.testing.TestingData;
import io.aurora.storage.type.ColumnSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard load runs without errors for 2 s with 4 clients against DuckDB in-process and
 * against an in-process Aurora node, both loaded with the same small {@code hits} table, and every
 * query template selects rows there.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDashboardLoad {
  private static final int ROWS = 20_000;
  private static final long SEED = 42;
  private static final int QUERIES_PER_TEMPLATE = 20;
  private static final Duration DURATION = Duration.ofSeconds(2);

  private TestingData.TableData hits;
  private Connection duckdb;
  private AuroraNode node;
  private String url;

  @BeforeAll
  void load(@TempDir Path directory) throws Exception {
    hits = new HitsGenerator(7).generate(ROWS);
    duckdb = DriverManager.getConnection("jdbc:duckdb:");
    loadDuckDb(duckdb, hits);
    node =
        AuroraNode.start(
            NodeConfig.resolve(
                Map.of(
                    "data-dir", directory.toString(),
                    "pg-port", "0",
                    "http-port", "0",
                    "grpc-port", "0",
                    "raft-port", "0"),
                Map.of(),
                null));
    url = "jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/aurora?user=aurora";
    loadAurora("127.0.0.1:" + node.grpcPort(), hits);
  }

  @AfterAll
  void close() throws Exception {
    if (duckdb != null) {
      duckdb.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void everyTemplateSelectsRowsOnDuckDb() throws SQLException {
    assertEveryTemplateSelectsRows(duckdb);
  }

  @Test
  void everyTemplateSelectsRowsOnAurora() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url)) {
      assertEveryTemplateSelectsRows(connection);
    }
  }

  @Test
  void fourClientsOnDuckDb() throws InterruptedException {
    DuckDBConnection base = (DuckDBConnection) duckdb;
    assertClean(DashboardLoad.run(base::duplicate, 4, DURATION, SEED));
  }

  @Test
  void fourClientsOnAurora() throws InterruptedException {
    assertClean(DashboardLoad.run(() -> DriverManager.getConnection(url), 4, DURATION, SEED));
  }

  @Test
  void fourClientsWithPreparedStatementsOnBoth() throws InterruptedException {
    DuckDBConnection base = (DuckDBConnection) duckdb;
    assertClean(
        DashboardLoad.run(base::duplicate, 4, DURATION, SEED, DashboardLoad.Statements.PREPARED));
    assertClean(
        DashboardLoad.run(
            () -> DriverManager.getConnection(url),
            4,
            DURATION,
            SEED,
            DashboardLoad.Statements.PREPARED));
  }

  /** A template prepared once and bound to each query's values answers as the query's text. */
  @Test
  void preparedQueriesAnswerAsTheirText() throws SQLException {
    try (Connection aurora = DriverManager.getConnection(url)) {
      SplittableRandom random = new SplittableRandom(SEED);
      for (DashboardLoad.Template template : DashboardLoad.Template.values()) {
        for (int i = 0; i < 5; i++) {
          DashboardLoad.Query query = DashboardLoad.query(template, random);
          for (Connection connection : List.of(aurora, duckdb)) {
            List<List<Object>> text = rows(connection, query.text());
            try (PreparedStatement statement = connection.prepareStatement(query.parameterized())) {
              query.bind(statement);
              try (ResultSet result = statement.executeQuery()) {
                assertThat(rows(result)).as(query.text()).isEqualTo(text).isNotEmpty();
              }
            }
          }
        }
      }
    }
  }

  private static List<List<Object>> rows(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      return rows(result);
    }
  }

  private static List<List<Object>> rows(ResultSet result) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    int columns = result.getMetaData().getColumnCount();
    while (result.next()) {
      List<Object> row = new ArrayList<>();
      for (int c = 1; c <= columns; c++) {
        row.add(String.valueOf(result.getObject(c)));
      }
      rows.add(row);
    }
    return rows;
  }

  @Test
  void aFailingConnectionCountsAsAnError() throws InterruptedException {
    DashboardLoad.Result result =
        DashboardLoad.run(
            () -> {
              throw new SQLException("refused");
            },
            2,
            Duration.ofMillis(100),
            SEED);

    assertThat(result.errors()).isEqualTo(2);
    assertThat(result.queries()).isZero();
    assertThat(result.p50Millis()).isNaN();
  }

  @Test
  void theSameSeedGivesTheSameQueries() {
    SplittableRandom first = new SplittableRandom(SEED);
    SplittableRandom second = new SplittableRandom(SEED);
    for (int i = 0; i < 50; i++) {
      assertThat(DashboardLoad.nextQuery(first)).isEqualTo(DashboardLoad.nextQuery(second));
    }
  }

  private static void assertEveryTemplateSelectsRows(Connection connection) throws SQLException {
    SplittableRandom random = new SplittableRandom(SEED);
    for (DashboardLoad.Template template : DashboardLoad.Template.values()) {
      for (int i = 0; i < QUERIES_PER_TEMPLATE; i++) {
        String sql = DashboardLoad.query(template, random).text();
        assertThat(DashboardLoad.execute(connection, sql)).as(sql).isBetween(1, 10);
      }
    }
  }

  private static void assertClean(DashboardLoad.Result result) {
    assertThat(result.clients()).isEqualTo(4);
    assertThat(result.errors()).isZero();
    assertThat(result.queries()).isPositive();
    assertThat(result.queriesPerSecond()).isPositive();
    assertThat(result.p50Millis()).isPositive();
    assertThat(result.p99Millis()).isGreaterThanOrEqualTo(result.p50Millis());
    assertThat(result.p999Millis()).isGreaterThanOrEqualTo(result.p99Millis());
    assertThat(result.maxMillis()).isGreaterThanOrEqualTo(result.p999Millis());
  }

  private static String createTable(List<ColumnSchema> columns) {
    StringJoiner definition =
        new StringJoiner(", ", "CREATE TABLE " + DashboardLoad.TABLE + " (", ")");
    for (ColumnSchema column : columns) {
      definition.add(column.name() + " " + column.type() + " NOT NULL");
    }
    return definition.toString();
  }

  private static void loadDuckDb(Connection connection, TestingData.TableData hits)
      throws SQLException {
    List<ColumnSchema> columns = hits.schema().columns();
    try (Statement statement = connection.createStatement()) {
      statement.execute(createTable(columns));
    }
    try (DuckDBAppender appender =
        connection.unwrap(DuckDBConnection.class).createAppender(DashboardLoad.TABLE)) {
      for (List<Object> row : hits.rows()) {
        appender.beginRow();
        for (int c = 0; c < columns.size(); c++) {
          Object value = row.get(c);
          switch (columns.get(c).type().kind()) {
            case SMALLINT -> appender.append(((Number) value).shortValue());
            case INTEGER -> appender.append(((Number) value).intValue());
            case BIGINT -> appender.append(((Number) value).longValue());
            case DATE -> appender.appendEpochDays(((Number) value).intValue());
            case TIMESTAMP -> appender.appendEpochMicros((Long) value);
            case VARCHAR -> appender.append((String) value);
            default ->
                throw new IllegalArgumentException("hits has no column of type " + columns.get(c));
          }
        }
        appender.endRow();
      }
    }
  }

  private static void loadAurora(String endpoint, TestingData.TableData hits) {
    List<ColumnSchema> columns = hits.schema().columns();
    try (AuroraClient client =
        AuroraClient.builder().endpoints(endpoint).deadline(Duration.ofMinutes(2)).build()) {
      client.execute(createTable(columns));
      try (AuroraWriter writer =
          client.writer(DashboardLoad.TABLE, WriterOptions.defaults().withMaxBatchRows(10_000))) {
        for (List<Object> values : hits.rows()) {
          AuroraWriter.Row row = writer.newRow();
          for (int c = 0; c < columns.size(); c++) {
            row.set(columns.get(c).name(), values.get(c));
          }
          row.write();
        }
      }
    }
  }
}
