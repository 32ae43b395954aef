package io.aurora.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.server.AuroraNode;
import io.aurora.server.NodeConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each freshness producer runs 2 s against an in-process node (and DuckDB in-process): batches were
 * acknowledged, every one was seen (the run fails otherwise) and is stored exactly once, and the
 * percentiles are ordered.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestFreshness {
  private static final Duration DURATION = Duration.ofSeconds(2);

  private AuroraNode node;
  private String url;

  @BeforeAll
  void start(@TempDir Path directory) throws Exception {
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
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void pgwireProducer() throws Exception {
    Freshness.Result result = Freshness.runPgwire(url, DURATION);

    assertThat(result.producer()).isEqualTo("pgwire");
    assertMeasured(result);
    try (Connection connection = DriverManager.getConnection(url)) {
      assertStored(connection, result.batches());
    }
  }

  @Test
  void grpcProducer() throws Exception {
    Freshness.Result result = Freshness.runGrpc("127.0.0.1:" + node.grpcPort(), url, DURATION);

    assertThat(result.producer()).isEqualTo("grpc");
    assertMeasured(result);
    try (Connection connection = DriverManager.getConnection(url)) {
      assertStored(connection, result.batches());
    }
  }

  @Test
  void duckDbPeer() throws Exception {
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
      Freshness.Result result = Freshness.runDuckDb(duckdb, DURATION);

      assertThat(result.producer()).isEqualTo("duckdb");
      assertMeasured(result);
      assertStored(duckdb, result.batches());
    }
  }

  @Test
  void aSecondRunStartsFromAnEmptyTable() throws Exception {
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
      Freshness.runDuckDb(duckdb, Duration.ofMillis(200));
      Freshness.Result second = Freshness.runDuckDb(duckdb, Duration.ofMillis(200));

      assertStored(duckdb, second.batches());
    }
  }

  private static void assertMeasured(Freshness.Result result) {
    assertThat(result.batches()).isPositive();
    assertThat(result.p50Millis()).isGreaterThanOrEqualTo(0);
    assertThat(result.p99Millis()).isGreaterThanOrEqualTo(result.p50Millis());
    assertThat(result.maxMillis()).isGreaterThanOrEqualTo(result.p99Millis());
    assertThat(result.insertP50Millis()).isPositive();
    assertThat(result.insertP99Millis()).isGreaterThanOrEqualTo(result.insertP50Millis());
  }

  /** The table holds exactly the acknowledged batches, each with all its rows, once. */
  private static void assertStored(Connection connection, long batches) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT count(*), count(DISTINCT seq), max(batch), min(batch) FROM "
                    + Freshness.TABLE)) {
      assertThat(result.next()).isTrue();
      assertThat(result.getLong(1)).isEqualTo(batches * Freshness.ROWS_PER_BATCH);
      assertThat(result.getLong(2)).isEqualTo(batches * Freshness.ROWS_PER_BATCH);
      assertThat(result.getLong(3)).isEqualTo(batches);
      assertThat(result.getLong(4)).isEqualTo(1);
    }
  }
}
