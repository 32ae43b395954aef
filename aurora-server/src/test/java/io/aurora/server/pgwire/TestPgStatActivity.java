package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

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
}
