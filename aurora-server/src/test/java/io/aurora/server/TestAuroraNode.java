package io.aurora.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.error.AuroraException;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

@Timeout(60)
class TestAuroraNode {
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path directory;

  private NodeConfig config(Map<String, String> overrides) {
    Map<String, String> flags = new HashMap<>();
    flags.put("data-dir", directory.resolve("data").toString());
    flags.put("pg-port", "0");
    flags.put("http-port", "0");
    flags.put("grpc-port", "0");
    flags.put("raft-port", "0");
    flags.putAll(overrides);
    return NodeConfig.resolve(flags, Map.of(), null);
  }

  /** The value of one sample of a Prometheus text scrape. */
  static double metricValue(String scrape, String sample) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(sample + " ")) {
        return Double.parseDouble(line.substring(sample.length() + 1).trim());
      }
    }
    throw new AssertionError("No sample " + sample + " in the scrape");
  }

  private HttpResponse<String> get(AuroraNode node, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesQueriesHealthReadinessAndMetrics() throws Exception {
    try (AuroraNode node = AuroraNode.start(config(Map.of()))) {
      assertThat(node.isReady()).isTrue();
      assertThat(node.readyLine())
          .matches(
              "Aurora \\S+ ready; connect with: psql -h 127\\.0\\.0\\.1 -p "
                  + node.pgPort()
                  + " -U aurora");
      String url = "jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/aurora?user=aurora";
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE events (id BIGINT, country VARCHAR)");
        assertThat(statement.executeUpdate("INSERT INTO events VALUES (1, 'DE'), (2, 'FR')"))
            .isEqualTo(2);
        assertThat(
                connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                        "COPY events FROM STDIN WITH (FORMAT csv)",
                        new StringReader("3,JP\n4,BR\n5,US\n")))
            .isEqualTo(3);
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getLong(1)).isEqualTo(5);
        }
        try (ResultSet rows = statement.executeQuery("SELECT id FROM events WHERE id > 3")) {
          assertThat(rows.next()).isTrue();
        }
        assertThatThrownBy(() -> statement.executeQuery("SELECT missing FROM events"))
            .isInstanceOf(SQLException.class);
        assertThat(statement.executeUpdate("DELETE FROM events WHERE id >= 4")).isEqualTo(2);
        statement.execute("CHECKPOINT");
        try (ResultSet rows = statement.executeQuery("SELECT sum(id) FROM events")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getLong(1)).isEqualTo(6);
        }

        assertThat(get(node, "/health").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get(node, "/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready\n");
        HttpResponse<String> metrics = get(node, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type"))
            .get()
            .asString()
            .startsWith("text/plain; version=0.0.4");
        assertThat(metrics.body())
            .contains(
                "aurora_statements_total{kind=\"query\",outcome=\"ok\",sqlstate_class=\"00\"} 3.0")
            .contains(
                "aurora_statements_total{kind=\"query\",outcome=\"error\",sqlstate_class=\"42\"}"
                    + " 1.0")
            .contains("aurora_rows_ingested_total{protocol=\"pgwire\"} 5.0")
            .contains("aurora_queries_running 0.0")
            .contains("aurora_query_memory_bytes 0.0")
            .contains("aurora_block_cache_capacity_bytes ")
            .contains("aurora_block_cache_hits_total ")
            .contains("aurora_scan_partitions_total{result=\"read\"} ")
            .contains("aurora_rows_deleted_total 2.0")
            .contains(
                "aurora_statements_total{kind=\"delete\",outcome=\"ok\",sqlstate_class=\"00\"}"
                    + " 1.0")
            .contains("aurora_statement_duration_seconds_count{kind=\"copy\"} 1")
            .contains("aurora_statement_duration_seconds_count{kind=\"insert\"} 1")
            .contains("aurora_pgwire_connections 1.0")
            .contains("jvm_memory_used_bytes");
        // CHECKPOINT snapshots every shard, sealing the rows in memory first.
        assertThat(metricValue(metrics.body(), "aurora_shard_snapshots_total")).isPositive();
        assertThat(metricValue(metrics.body(), "aurora_segments_sealed_total")).isPositive();
        assertThat(metricValue(metrics.body(), "aurora_rows_sealed_total"))
            .isGreaterThanOrEqualTo(3);
        // The INSERT's text (46 bytes) and the COPY's payload (15 bytes).
        assertThat(metricValue(metrics.body(), "aurora_bytes_ingested_total{protocol=\"pgwire\"}"))
            .isEqualTo(46 + 15);
        // The sum read the sealed segment's blocks.
        assertThat(metricValue(metrics.body(), "aurora_scan_bytes_read_total")).isPositive();
        // The scan of five rows: every row read; one partition (the table has no time column).
        assertThat(metricValue(metrics.body(), "aurora_scan_rows_read_total"))
            .isGreaterThanOrEqualTo(5);
        assertThat(metricValue(metrics.body(), "aurora_scan_partitions_total{result=\"read\"}"))
            .isGreaterThanOrEqualTo(1);
      }
    }
  }

  @Test
  void registersGaugesByCallback() throws Exception {
    try (AuroraNode node = AuroraNode.start(config(Map.of()))) {
      node.metrics()
          .gaugePerLabel(
              "aurora_test_values",
              "Values per key",
              "key",
              () -> Map.of("first", 42L, "second", 7L));

      assertThat(get(node, "/metrics").body())
          .contains("aurora_test_values{key=\"first\"} 42.0")
          .contains("aurora_test_values{key=\"second\"} 7.0");
    }
  }

  @Test
  void exportsRaftProgressPerGroup() throws Exception {
    try (AuroraNode node = AuroraNode.start(config(Map.of()))) {
      String url = "jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/aurora?user=aurora";
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE t (a BIGINT)");
        statement.executeUpdate("INSERT INTO t VALUES (1)");
      }
      String metrics = get(node, "/metrics").body();
      // The catalog's log holds at least the CREATE TABLE; everything committed is applied.
      Matcher catalog =
          Pattern.compile("aurora_raft_commit_index\\{group=\"catalog\"} (\\d+)\\.0")
              .matcher(metrics);
      assertThat(catalog.find()).isTrue();
      assertThat(Long.parseLong(catalog.group(1))).isPositive();
      assertThat(metrics).contains("aurora_raft_apply_lag{group=\"catalog\"} 0.0");
      // Two shard groups besides the catalog's: the table's and system.query_log's.
      assertThat(
              Pattern.compile("aurora_raft_commit_index\\{group=\"[0-9a-f-]{36}\"}")
                  .matcher(metrics)
                  .results()
                  .count())
          .isEqualTo(2);
    }
  }

  @Test
  void closeIsGracefulAndIdempotent() throws Exception {
    AuroraNode node = AuroraNode.start(config(Map.of()));
    int pgPort = node.pgPort();

    node.close();
    node.close();

    assertThat(node.isReady()).isFalse();
    assertThatThrownBy(
            () -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/aurora"))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void portInUseFailsWithOneSentence() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String port = String.valueOf(taken.getLocalPort());

      assertThatThrownBy(() -> AuroraNode.start(config(Map.of("pg-port", port))))
          .isInstanceOf(AuroraException.class)
          .hasMessage(
              "PostgreSQL port[" + port + "] on [127.0.0.1] is already in use (setting pg-port)");
    }
  }

  @Test
  void dataDirectoryThatIsAFileFails() throws Exception {
    Path file = Files.writeString(directory.resolve("not-a-directory"), "x");

    assertThatThrownBy(() -> AuroraNode.start(config(Map.of("data-dir", file.toString()))))
        .isInstanceOf(AuroraException.class)
        .hasMessage("Data directory[" + file + "] is not a directory (setting data-dir)");
  }
}
