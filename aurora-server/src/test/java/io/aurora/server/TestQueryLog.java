package io.aurora.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * {@code system.query_log}: every statement a node ran (queries, INSERT, COPY, DELETE, DDL, and
 * failures with their SQLSTATE) with its client, row counts and rows read; kept in Aurora itself,
 * so it survives a restart; Aurora's own table is neither listed nor writable by users.
 */
@Timeout(120)
class TestQueryLog {
  @TempDir Path directory;

  private NodeConfig config() {
    return TestNodes.config(directory);
  }

  private static Connection connect(AuroraNode node) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/aurora?user=aurora");
  }

  @Test
  void logsEveryStatementWithItsCountsAndKeepsThemAcrossARestart() throws Exception {
    String logged =
        "SELECT kind, query, protocol, user_name, client_addr, result_rows, written_rows,"
            + " read_rows, sqlstate FROM system.query_log WHERE pid = %d"
            + " AND query NOT LIKE '%%system.query_log%%' ORDER BY query_id";
    List<String> expected =
        List.of(
            "ddl|CREATE TABLE events (id BIGINT, country VARCHAR)|pgwire|aurora|127.0.0.1|0|0|0|null",
            "insert|INSERT INTO events VALUES (1, 'DE'), (2, 'FR')|pgwire|aurora|127.0.0.1|0|2|0"
                + "|null",
            "copy|COPY events FROM STDIN|pgwire|aurora|127.0.0.1|0|3|0|null",
            "query|SELECT id FROM events WHERE id > 1|pgwire|aurora|127.0.0.1|4|0|5|null",
            "query|SELECT missing FROM events|pgwire|aurora|127.0.0.1|0|0|0|42703",
            "delete|DELETE FROM events WHERE id >= 4|pgwire|aurora|127.0.0.1|0|2|0|null");
    int pid;
    try (AuroraNode node = AuroraNode.start(config());
        Connection connection = connect(node);
        Statement statement = connection.createStatement()) {
      pid = singleInt(statement, "SELECT pg_backend_pid()");
      statement.execute("CREATE TABLE events (id BIGINT, country VARCHAR)");
      statement.executeUpdate("INSERT INTO events VALUES (1, 'DE'), (2, 'FR')");
      connection
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY events FROM STDIN WITH (FORMAT csv)", new StringReader("3,JP\n4,BR\n5,US\n"));
      try (ResultSet rows = statement.executeQuery("SELECT id FROM events WHERE id > 1")) {
        int count = 0;
        while (rows.next()) {
          count++;
        }
        assertThat(count).isEqualTo(4);
      }
      assertThatThrownBy(() -> statement.executeQuery("SELECT missing FROM events"))
          .isInstanceOf(SQLException.class);
      assertThat(statement.executeUpdate("DELETE FROM events WHERE id >= 4")).isEqualTo(2);

      // The log is written about once a second; the DELETE is the last statement logged.
      String query = String.format(logged, pid);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      List<String> rows = rows(statement, query);
      while (rows.size() < expected.size() + 1) {
        assertThat(System.nanoTime()).as(String.join("\n", rows)).isLessThan(deadline);
        Thread.sleep(100);
        rows = rows(statement, query);
      }
      assertThat(rows.subList(1, expected.size() + 1)).isEqualTo(expected);
      assertThat(rows.get(0)).startsWith("query|SELECT pg_backend_pid()|pgwire|aurora|");
      assertThat(
              singleInt(
                  statement,
                  "SELECT count(*) FROM system.query_log WHERE duration_ms < 0"
                      + " OR query_start > now() OR node IS NULL"))
          .isZero();

      // pg_stat_user_tables counts what this node did with the table: the one scan (5 rows
      // read), the rows of the INSERT and the COPY, and the DELETE.
      assertThat(
              rows(
                  statement,
                  "SELECT seq_scan, seq_tup_read, n_tup_ins, n_tup_del, n_live_tup"
                      + " FROM pg_stat_user_tables WHERE relname = 'events'"))
          .containsExactly("1|5|5|2|3");

      // Aurora's own table: not among the user's tables, not writable, its name reserved.
      assertThat(
              singleInt(
                  statement, "SELECT count(*) FROM pg_class WHERE relname LIKE '%query_log%'"))
          .isZero();
      assertThat(
              singleInt(
                  statement,
                  "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"))
          .isEqualTo(1);
      assertSqlState(
          statement, "INSERT INTO system.query_log SELECT * FROM system.query_log", "0A000");
      assertSqlState(statement, "INSERT INTO \"system.query_log\" (query_id) VALUES (1)", "42P01");
      assertSqlState(statement, "DELETE FROM system.query_log", "0A000");
      assertSqlState(statement, "DROP TABLE \"system.query_log\"", "42939");
      assertSqlState(statement, "CREATE TABLE \"system.other\" (a BIGINT)", "42939");
    }

    try (AuroraNode node = AuroraNode.start(config());
        Connection connection = connect(node);
        Statement statement = connection.createStatement()) {
      List<String> rows = rows(statement, String.format(logged, pid));
      assertThat(rows.subList(1, expected.size() + 1)).isEqualTo(expected);
    }
  }

  private static void assertSqlState(Statement statement, String sql, String sqlState) {
    assertThatThrownBy(() -> statement.execute(sql))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(sqlState));
  }

  private static int singleInt(Statement statement, String sql) throws SQLException {
    try (ResultSet result = statement.executeQuery(sql)) {
      assertThat(result.next()).isTrue();
      return result.getInt(1);
    }
  }

  private static List<String> rows(Statement statement, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(String.valueOf(result.getString(i)));
        }
        rows.add(String.join("|", row));
      }
    }
    return rows;
  }
}
