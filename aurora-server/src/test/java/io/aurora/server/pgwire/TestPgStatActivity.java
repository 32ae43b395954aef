package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.shard.StorageConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pg_stat_activity} lists the node's PostgreSQL sessions with their user, application,
 * client address, state and last statement, as PostgreSQL does.
 */
@Timeout(120)
class TestPgStatActivity {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;
  private PgWireServer server;

  @BeforeEach
  void start() throws Exception {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    server = new PgWireServer(engine, PgWireConfig.DEFAULT);
    engine.setSessionDirectory(server);
    server.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
    catalog.close();
  }

  private Connection connect(String application) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:"
            + server.port()
            + "/aurora?user=aurora&ApplicationName="
            + application);
  }

  @Test
  void listsEverySessionWithItsStateAndLastStatement() throws SQLException {
    try (Connection idle = connect("loader");
        Connection inBlock = connect("dashboard");
        Connection observer = connect("psql")) {
      try (Statement statement = idle.createStatement()) {
        statement.execute("CREATE TABLE t (a BIGINT)");
      }
      inBlock.setAutoCommit(false);
      try (Statement statement = inBlock.createStatement()) {
        statement.execute("INSERT INTO t VALUES (1)");
      }
      List<String> rows = new ArrayList<>();
      try (Statement statement = observer.createStatement();
          ResultSet result =
              statement.executeQuery(
                  "SELECT datname, usename, application_name, client_addr, state, query,"
                      + " backend_start <= query_start, xact_start IS NOT NULL,"
                      + " backend_type FROM pg_stat_activity ORDER BY application_name")) {
        while (result.next()) {
          List<String> row = new ArrayList<>();
          for (int column = 1; column <= 9; column++) {
            row.add(result.getString(column));
          }
          rows.add(String.join("|", row));
        }
      }
      assertThat(rows)
          .containsExactly(
              "aurora|aurora|dashboard|127.0.0.1|idle in transaction|INSERT INTO t VALUES (1)"
                  + "|t|t|client backend",
              "aurora|aurora|loader|127.0.0.1|idle|CREATE TABLE t (a BIGINT)|t|f|client backend",
              "aurora|aurora|psql|127.0.0.1|active|SELECT datname, usename, application_name,"
                  + " client_addr, state, query, backend_start <= query_start, xact_start IS NOT"
                  + " NULL, backend_type FROM pg_stat_activity ORDER BY application_name|t|t"
                  + "|client backend");
      // pg_backend_pid() is the caller's pid in pg_stat_activity, so tools can leave themselves
      // out.
      try (Statement statement = observer.createStatement();
          ResultSet result =
              statement.executeQuery(
                  "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()"
                      + " UNION ALL SELECT CAST(count(*) AS VARCHAR) FROM pg_stat_activity"
                      + " WHERE pid <> pg_backend_pid()")) {
        List<String> answers = new ArrayList<>();
        while (result.next()) {
          answers.add(result.getString(1));
        }
        assertThat(answers).containsExactlyInAnyOrder("psql", "2");
      }
      inBlock.rollback();
    }
  }

  /**
   * A long query shows in system.queries with its session's pid and user; pg_cancel_backend(pid)
   * cancels it (57014) and leaves the session usable; pg_terminate_backend(pid) ends the session;
   * an unknown pid answers false, as in PostgreSQL.
   */
  @Test
  void cancelsAndTerminatesBackendsBySql() throws Exception {
    try (Connection worker = connect("worker");
        Connection admin = connect("admin");
        Statement work = worker.createStatement();
        Statement control = admin.createStatement()) {
      work.execute("CREATE TABLE big (v BIGINT)");
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < 2000; i++) {
        values.append(i == 0 ? "" : ", ").append('(').append(i).append(')');
      }
      work.execute("INSERT INTO big VALUES " + values);
      int workerPid = singleInt(work, "SELECT pg_backend_pid()");
      String crossJoin = "SELECT count(*) FROM big a, big b, big c WHERE a.v + b.v + c.v = -1";
      CompletableFuture<SQLException> running =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  work.executeQuery(crossJoin).close();
                  return null;
                } catch (SQLException e) {
                  return e;
                }
              });
      String listed =
          "SELECT CAST(pid AS VARCHAR) || ' ' || user_name || ' ' || protocol FROM system.queries"
              + " WHERE query LIKE '%big a, big b, big c%' AND pid <> pg_backend_pid()";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!rowsOf(control, listed).contains(workerPid + " aurora pgwire")) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(
              singleString(
                  control,
                  "SELECT pg_cancel_backend(pid) FROM system.queries WHERE pid <> pg_backend_pid()"))
          .isEqualTo("t");
      SQLException cancelled = running.get(30, TimeUnit.SECONDS);
      assertThat((Throwable) cancelled).isNotNull();
      assertThat(cancelled.getSQLState()).isEqualTo("57014");
      assertThat(singleInt(work, "SELECT count(*) FROM big")).isEqualTo(2000);

      assertThat(singleString(control, "SELECT pg_cancel_backend(987654321)")).isEqualTo("f");
      assertThat(singleString(control, "SELECT pg_terminate_backend(" + workerPid + ")"))
          .isEqualTo("t");
      String stillListed = "SELECT count(*) FROM pg_stat_activity WHERE pid = " + workerPid;
      while (singleInt(control, stillListed) != 0) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThatThrownBy(() -> work.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
      assertThat(worker.isValid(5)).isFalse();
    }
  }

  private static List<String> rowsOf(Statement statement, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows.add(result.getString(1));
      }
    }
    return rows;
  }

  private static int singleInt(Statement statement, String sql) throws SQLException {
    try (ResultSet result = statement.executeQuery(sql)) {
      assertThat(result.next()).isTrue();
      return result.getInt(1);
    }
  }

  private static String singleString(Statement statement, String sql) throws SQLException {
    try (ResultSet result = statement.executeQuery(sql)) {
      assertThat(result.next()).isTrue();
      return result.getString(1);
    }
  }
}
