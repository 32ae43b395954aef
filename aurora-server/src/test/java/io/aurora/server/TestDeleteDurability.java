package io.aurora.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DELETE and TRUNCATE over the PostgreSQL protocol against a node process: deleted rows never come
 * back after a SIGKILL and a restart, whether the deletion was sealed and compacted (CHECKPOINT) or
 * only in the Raft log, and a DELETE over four shards killed while it runs is all or nothing.
 */
@Timeout(300)
class TestDeleteDurability {
  private static final int ROWS = 20_000;

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<java.lang.Process> processes = new ArrayList<>();
  @TempDir Path directory;

  @AfterEach
  void stop() {
    for (java.lang.Process process : processes) {
      process.destroyForcibly();
    }
    executor.shutdownNow();
  }

  private String startNode() throws Exception {
    NodeProcess node =
        NodeProcess.start(
            directory,
            executor,
            "server",
            "--data-dir",
            directory.resolve("data").toString(),
            "--pg-port",
            "0",
            "--http-port",
            "0",
            "--grpc-port",
            "0",
            "--raft-port",
            "0");
    processes.add(node.process);
    return node.awaitJdbcUrl();
  }

  private void kill() throws InterruptedException {
    java.lang.Process process = processes.get(processes.size() - 1);
    process.destroyForcibly(); // SIGKILL
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void deletedRowsStayDeletedAfterSigkill() throws Exception {
    String url = startNode();
    TreeSet<Long> expected = new TreeSet<>();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE events (ts TIMESTAMP NOT NULL, id BIGINT NOT NULL, kind VARCHAR)"
              + " PARTITION BY DAY (ts) DISTRIBUTED BY (id) WITH (shards = 4)");
      statement.execute("CREATE TABLE scratch (x BIGINT)");
      statement.execute("INSERT INTO scratch VALUES (1), (2), (3)");
      statement.execute(
          "INSERT INTO events SELECT TIMESTAMP '2026-11-01 00:00:00' + (x % 5) * INTERVAL '1'"
              + " DAY, x, CASE WHEN x % 3 = 0 THEN 'click' ELSE 'view' END"
              + " FROM generate_series(0, "
              + (ROWS - 1)
              + ") AS g(x)");
      for (long id = 0; id < ROWS; id++) {
        expected.add(id);
      }
      // Sealed and compacted: the deletion is in deleted-row files and then merged away.
      assertThat(statement.executeUpdate("DELETE FROM events WHERE id < 1000")).isEqualTo(1000);
      expected.removeIf(id -> id < 1000);
      statement.execute("CHECKPOINT");
      // In the log only.
      assertThat(
              statement.executeUpdate(
                  "DELETE FROM events WHERE kind = 'click' AND id BETWEEN 5000 AND 5999"))
          .isEqualTo(333);
      expected.removeIf(id -> id >= 5000 && id <= 5999 && id % 3 == 0);
      // A whole day, by its partition.
      assertThat(
              statement.executeUpdate(
                  "DELETE FROM events WHERE ts >= '2026-11-05' AND ts < '2026-11-06'"))
          .isEqualTo(expected.stream().filter(id -> id % 5 == 4).count());
      expected.removeIf(id -> id % 5 == 4);
      // Through the extended protocol, with bound parameters.
      try (java.sql.PreparedStatement prepared =
          connection.prepareStatement("DELETE FROM events WHERE id = ? OR kind = ? AND id < ?")) {
        prepared.setLong(1, 7777);
        prepared.setString(2, "click");
        prepared.setLong(3, 1100);
        long matching =
            expected.stream().filter(id -> id == 7777 || (id % 3 == 0 && id < 1100)).count();
        assertThat(matching).isEqualTo(1 + 33 - 6);
        assertThat(prepared.executeUpdate()).isEqualTo(matching);
      }
      expected.removeIf(id -> id == 7777 || (id % 3 == 0 && id < 1100));
      // A block that rolls back deletes nothing; one that commits deletes at its COMMIT.
      connection.setAutoCommit(false);
      statement.executeUpdate("DELETE FROM events WHERE id >= 10000");
      assertThat(count(statement, "SELECT count(*) FROM events WHERE id >= 10000")).isZero();
      connection.rollback();
      statement.executeUpdate("DELETE FROM events WHERE id >= 19000");
      statement.execute("TRUNCATE scratch");
      connection.commit();
      connection.setAutoCommit(true);
      expected.removeIf(id -> id >= 19000);
      assertThat(ids(statement)).isEqualTo(expected);
      assertThat(count(statement, "SELECT count(*) FROM scratch")).isZero();
      assertThatThrownBy(() -> statement.executeUpdate("UPDATE events SET kind = 'x'"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
    }
    kill();

    String restarted = startNode();
    try (Connection connection = DriverManager.getConnection(restarted);
        Statement statement = connection.createStatement()) {
      assertThat(ids(statement)).isEqualTo(expected);
      assertThat(count(statement, "SELECT count(*) FROM scratch")).isZero();
      statement.execute("CHECKPOINT");
      assertThat(ids(statement)).isEqualTo(expected);
    }
  }

  /**
   * A DELETE of most rows of a table of four shards is one write transaction: killed at several
   * moments of its run, it is wholly applied or not at all after the restart.
   */
  @Test
  void aDeleteKilledWhileItRunsIsAllOrNothing() throws Exception {
    String url = startNode();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE events (id BIGINT NOT NULL, payload VARCHAR)"
              + " DISTRIBUTED BY (id) WITH (shards = 4)");
    }
    long[] delaysMillis = {0, 5, 20, 80};
    List<String> outcomes = new ArrayList<>();
    for (int round = 0; round < delaysMillis.length; round++) {
      long first = round * 1_000_000L;
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement()) {
        statement.execute(
            "INSERT INTO events SELECT x, 'row ' || CAST(x AS VARCHAR) FROM generate_series("
                + first
                + ", "
                + (first + 99_999)
                + ") AS g(x)");
      }
      String delete = "DELETE FROM events WHERE id >= " + first + " AND id < " + (first + 90_000);
      String runningUrl = url;
      Future<?> running =
          executor.submit(
              () -> {
                try (Connection connection = DriverManager.getConnection(runningUrl);
                    Statement statement = connection.createStatement()) {
                  statement.executeUpdate(delete);
                }
                return null;
              });
      Thread.sleep(delaysMillis[round]);
      kill();
      try {
        running.get(60, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        // The connection died with the node: the outcome is unknown to the client.
      }
      url = startNode();
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement()) {
        long matching =
            count(
                statement,
                "SELECT count(*) FROM events WHERE id >= "
                    + first
                    + " AND id < "
                    + (first + 90_000));
        long rest =
            count(
                statement,
                "SELECT count(*) FROM events WHERE id >= "
                    + (first + 90_000)
                    + " AND id < "
                    + (first + 100_000));
        assertThat(matching).as("round %s", round).isIn(0L, 90_000L);
        assertThat(rest).as("round %s", round).isEqualTo(10_000);
        outcomes.add(matching == 0 ? "deleted" : "kept");
        if (matching > 0) {
          // Not applied: the statement can run again, whole.
          assertThat(statement.executeUpdate(delete)).isEqualTo(90_000);
        }
        statement.execute("CHECKPOINT");
      }
    }
    // Which rounds deleted depends on timing; each round was whole either way.
    assertThat(outcomes).hasSize(delaysMillis.length);
  }

  private static TreeSet<Long> ids(Statement statement) throws SQLException {
    TreeSet<Long> ids = new TreeSet<>();
    try (ResultSet result = statement.executeQuery("SELECT id FROM events")) {
      while (result.next()) {
        assertThat(ids.add(result.getLong(1))).as("id %s once", result.getLong(1)).isTrue();
      }
    }
    return ids;
  }

  private static long count(Statement statement, String sql) throws SQLException {
    try (ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }
}
