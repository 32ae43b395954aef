package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.shard.StorageConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** The real pgjdbc driver against a server on an ephemeral loopback port. */
@Timeout(120)
class TestPgWireWithJdbc {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;
  private PgWireServer server;

  @BeforeEach
  void start() throws InterruptedException {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    server = new PgWireServer(engine, PgWireConfig.DEFAULT);
    server.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
    catalog.close();
  }

  private Connection connect() throws SQLException {
    return connect("aurora", "aurora");
  }

  private Connection connect(String database, String user) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + database + "?user=" + user);
  }

  @Test
  void everyTypeRoundTripsThroughSimpleQueries() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE every_type (b BOOLEAN, s SMALLINT, i INTEGER, l BIGINT, r REAL,"
              + " d DOUBLE, n DECIMAL(10, 2), v VARCHAR, dt DATE, ts TIMESTAMP)");
      assertThat(
              statement.executeUpdate(
                  "INSERT INTO every_type VALUES (true, 7, 42, 9000000000, 1.5, 2.25, 123.40,"
                      + " 'héllo', DATE '2024-02-29', TIMESTAMP '2024-02-29 13:14:15.123456'),"
                      + " (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"))
          .isEqualTo(2);
      try (ResultSet rows = statement.executeQuery("SELECT * FROM every_type ORDER BY i")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getBoolean("b")).isTrue();
        assertThat(rows.getShort("s")).isEqualTo((short) 7);
        assertThat(rows.getInt("i")).isEqualTo(42);
        assertThat(rows.getLong("l")).isEqualTo(9_000_000_000L);
        assertThat(rows.getFloat("r")).isEqualTo(1.5f);
        assertThat(rows.getDouble("d")).isEqualTo(2.25);
        assertThat(rows.getBigDecimal("n")).isEqualTo(new BigDecimal("123.40"));
        assertThat(rows.getString("v")).isEqualTo("héllo");
        assertThat(rows.getDate("dt").toLocalDate()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(rows.getTimestamp("ts").toLocalDateTime())
            .isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000));
        assertThat(rows.getString("ts")).isEqualTo("2024-02-29 13:14:15.123456");
        assertThat(rows.wasNull()).isFalse();
        assertThat(rows.getMetaData().getColumnType(3)).isEqualTo(Types.INTEGER);
        assertThat(rows.getMetaData().getColumnType(4)).isEqualTo(Types.BIGINT);
        assertThat(rows.next()).isTrue();
        for (int column = 1; column <= 10; column++) {
          assertThat(rows.getObject(column)).isNull();
          assertThat(rows.wasNull()).isTrue();
        }
        assertThat(rows.next()).isFalse();
      }
    }
  }

  @Test
  void noticesAndErrorHintsReachTheClient() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS nowhere");
      SQLWarning notice = statement.getWarnings();
      assertThat((Object) notice).isNotNull();
      assertThat(notice.getSQLState()).isEqualTo("00000");
      assertThat(notice.getMessage()).isEqualTo("table \"nowhere\" does not exist, skipping");

      statement.execute("CREATE TABLE hints (country VARCHAR)");
      statement.clearWarnings();
      statement.execute("CREATE TABLE IF NOT EXISTS hints (country VARCHAR)");
      assertThat(statement.getWarnings().getSQLState()).isEqualTo("42P07");

      PSQLException error =
          catchThrowableOfType(
              PSQLException.class, () -> statement.executeQuery("SELECT contry FROM hints"));
      ServerErrorMessage fields = error.getServerErrorMessage();
      assertThat(fields.getSQLState()).isEqualTo("42703");
      assertThat(fields.getMessage()).isEqualTo("Column[contry] does not exist");
      assertThat(fields.getHint()).isEqualTo("Did you mean [country]?");
      assertThat(fields.getPosition()).isEqualTo(8);
    }
  }

  @Test
  void preparedStatementsBindEveryParameterKind() throws SQLException {
    try (Connection connection = connect()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE p (i INTEGER, l BIGINT, s VARCHAR, d DOUBLE, b BOOLEAN, n INTEGER)");
      }
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO p VALUES (?, ?, ?, ?, ?, ?)")) {
        insert.setInt(1, -3);
        insert.setLong(2, 5_000_000_000L);
        insert.setString(3, "it's; a -- test");
        insert.setDouble(4, -0.5);
        insert.setBoolean(5, true);
        insert.setNull(6, Types.INTEGER);
        assertThat(insert.executeUpdate()).isEqualTo(1);
      }
      try (PreparedStatement select =
          connection.prepareStatement("SELECT i, l, s, d, b, n FROM p WHERE s = ? AND i < ?")) {
        select.setString(1, "it's; a -- test");
        select.setInt(2, 0);
        try (ResultSet rows = select.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getInt(1)).isEqualTo(-3);
          assertThat(rows.getLong(2)).isEqualTo(5_000_000_000L);
          assertThat(rows.getString(3)).isEqualTo("it's; a -- test");
          assertThat(rows.getDouble(4)).isEqualTo(-0.5);
          assertThat(rows.getBoolean(5)).isTrue();
          assertThat(rows.getInt(6)).isZero();
          assertThat(rows.wasNull()).isTrue();
          assertThat(rows.next()).isFalse();
        }
      }
    }
  }

  @Test
  void preparedStatementRunTenTimesSwitchesToServerSideAndBinary() throws SQLException {
    try (Connection connection = connect()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE t (k INTEGER, v BIGINT, d DOUBLE, b BOOLEAN, s VARCHAR, n DECIMAL(8,3),"
                + " dt DATE, ts TIMESTAMP)");
        statement.execute(
            "INSERT INTO t VALUES (1, 10, 0.1, true, 'one', 1.500, DATE '2000-01-01',"
                + " TIMESTAMP '1999-12-31 23:59:59.5'), (2, 20, 1e300, false, 'two', -0.001,"
                + " DATE '1969-07-20', TIMESTAMP '2038-01-19 03:14:08')");
      }
      try (PreparedStatement select =
          connection.prepareStatement("SELECT k, v, d, b, s, n, dt, ts FROM t WHERE k = ?")) {
        for (int run = 0; run < 10; run++) {
          int key = 1 + run % 2;
          select.setInt(1, key);
          try (ResultSet rows = select.executeQuery()) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(key);
            assertThat(rows.getLong(2)).isEqualTo(key * 10L);
            assertThat(rows.getDouble(3)).isEqualTo(key == 1 ? 0.1 : 1e300);
            assertThat(rows.getBoolean(4)).isEqualTo(key == 1);
            assertThat(rows.getString(5)).isEqualTo(key == 1 ? "one" : "two");
            assertThat(rows.getBigDecimal(6))
                .isEqualTo(new BigDecimal(key == 1 ? "1.500" : "-0.001"));
            assertThat(rows.getDate(7))
                .isEqualTo(Date.valueOf(key == 1 ? "2000-01-01" : "1969-07-20"));
            assertThat(rows.getTimestamp(8))
                .isEqualTo(
                    Timestamp.valueOf(key == 1 ? "1999-12-31 23:59:59.5" : "2038-01-19 03:14:08"));
            assertThat(rows.next()).isFalse();
          }
        }
      }
    }
  }

  /**
   * A prepared statement is planned once however often it runs, planned again after ALTER TABLE ADD
   * COLUMN, and a {@code SELECT *} whose columns that changes is refused with 0A000 ("cached plan
   * must not change result type"), on which pgjdbc prepares it again and retries, as it does
   * against PostgreSQL.
   */
  @Test
  void preparedStatementsArePlannedOnceAndAgainAfterAddColumn() throws SQLException {
    try (Connection connection = connect()) {
      // Server-side named statements from the first execution, so that the SELECT * below is bound
      // again after the ALTER rather than parsed again.
      connection.unwrap(PGConnection.class).setPrepareThreshold(1);
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE p (k BIGINT, s VARCHAR, ts TIMESTAMP)");
        statement.execute(
            "INSERT INTO p VALUES (1, 'a', TIMESTAMP '2026-01-01 00:00:00'),"
                + " (2, 'b', TIMESTAMP '2026-01-02 00:00:00'), (3, 'a', NULL)");
      }
      String sql = "SELECT count(*) FROM p WHERE k >= ? AND s = ? AND (ts IS NULL OR ts < ?)";
      long plannedBefore = engine.plannedStatements();
      try (PreparedStatement count = connection.prepareStatement(sql);
          PreparedStatement star = connection.prepareStatement("SELECT * FROM p WHERE k = ?")) {
        for (int run = 0; run < 50; run++) {
          count.setLong(1, run % 4);
          count.setString(2, run % 2 == 0 ? "a" : "b");
          count.setTimestamp(3, Timestamp.valueOf("2026-01-02 00:00:00"));
          try (ResultSet rows = count.executeQuery()) {
            assertThat(rows.next()).isTrue();
            long expected = run % 2 == 1 ? 0 : run % 4 == 0 ? 2 : 1;
            assertThat(rows.getLong(1)).as("run %s", run).isEqualTo(expected);
          }
        }
        assertThat(engine.plannedStatements() - plannedBefore)
            .as("statements planned for fifty executions")
            .isLessThanOrEqualTo(5);
        star.setLong(1, 1);
        try (ResultSet rows = star.executeQuery()) {
          assertThat(rows.getMetaData().getColumnCount()).isEqualTo(3);
        }

        try (Statement statement = connection.createStatement()) {
          statement.execute("ALTER TABLE p ADD COLUMN extra INTEGER");
          statement.execute("INSERT INTO p VALUES (4, 'a', NULL, 7)");
        }
        count.setLong(1, 0);
        count.setString(2, "a");
        count.setTimestamp(3, Timestamp.valueOf("2026-01-02 00:00:00"));
        try (ResultSet rows = count.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getLong(1)).isEqualTo(3);
        }
        star.setLong(1, 4);
        try (ResultSet rows = star.executeQuery()) {
          assertThat(rows.getMetaData().getColumnCount()).isEqualTo(4);
          assertThat(rows.next()).isTrue();
          assertThat(rows.getInt(4)).isEqualTo(7);
        }
      }
    }
  }

  @Test
  void fetchSizeReadsThroughASuspendedPortal() throws SQLException {
    try (Connection connection = connect()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE f (v BIGINT)");
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
          values.append(i == 0 ? "" : ", ").append('(').append(i).append(')');
        }
        statement.execute("INSERT INTO f VALUES " + values);
      }
      connection.setAutoCommit(false);
      try (PreparedStatement select = connection.prepareStatement("SELECT v FROM f ORDER BY v")) {
        select.setFetchSize(100);
        long sum = 0;
        int count = 0;
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            sum += rows.getLong(1);
            count++;
          }
        }
        assertThat(count).isEqualTo(1000);
        assertThat(sum).isEqualTo(999L * 1000 / 2);
      }
      connection.commit();
    }
  }

  @Test
  void batchInsert() throws SQLException {
    try (Connection connection = connect()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE batch (k INTEGER, s VARCHAR)");
      }
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO batch VALUES (?, ?)")) {
        for (int i = 0; i < 25; i++) {
          insert.setInt(1, i);
          insert.setString(2, "row " + i);
          insert.addBatch();
        }
        int[] counts = insert.executeBatch();
        assertThat(counts).hasSize(25).containsOnly(1);
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT count(*), sum(k) FROM batch")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isEqualTo(25);
        assertThat(rows.getLong(2)).isEqualTo(300);
      }
    }
  }

  @Test
  void errorsCarryTheirSqlStateAndTheConnectionStaysUsable() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeQuery("select * from missing"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42P01"));
      try (PreparedStatement prepared =
          connection.prepareStatement("select * from missing where x = ?")) {
        prepared.setInt(1, 1);
        assertThatThrownBy(prepared::executeQuery)
            .isInstanceOfSatisfying(
                SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42P01"));
      }
      try (ResultSet rows = statement.executeQuery("SELECT 1 + 1")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(2);
      }
    }
  }

  @Test
  void multiStatementSimpleQuery() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      assertThat(
              statement.execute(
                  "CREATE TABLE m (v VARCHAR); INSERT INTO m VALUES ('a;b'), ('c');"
                      + " SELECT v FROM m ORDER BY v"))
          .isFalse();
      assertThat(statement.getUpdateCount()).isZero();
      assertThat(statement.getMoreResults()).isFalse();
      assertThat(statement.getUpdateCount()).isEqualTo(2);
      assertThat(statement.getMoreResults()).isTrue();
      List<String> values = new ArrayList<>();
      try (ResultSet rows = statement.getResultSet()) {
        while (rows.next()) {
          values.add(rows.getString(1));
        }
      }
      assertThat(values).containsExactly("a;b", "c");
    }
  }

  /** A statement nested 200,000 deep fails with an error, and the server goes on serving. */
  @Test
  void aDeeplyNestedStatementFailsWithAnError() throws SQLException {
    String nested = "SELECT " + "(".repeat(200_000) + "1" + ")".repeat(200_000);
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeQuery(nested))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isIn("42601", "54000", "XX000"));
    }
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void setShowAndTransactionControl() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("SET application_name = 'reporting'");
      statement.execute("SET search_path TO public");
      try (ResultSet rows = statement.executeQuery("SHOW application_name")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("reporting");
      }
      try (ResultSet rows = statement.executeQuery("SHOW server_version")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("16.0");
      }
      try (ResultSet rows = statement.executeQuery("SHOW timezone")) {
        assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("TimeZone");
        assertThat(rows.next()).isTrue();
        // pgjdbc sets the session's TimeZone to the JVM's at startup.
        assertThat(rows.getString(1)).isEqualTo(TimeZone.getDefault().getID());
      }
      try (ResultSet rows = statement.executeQuery("SHOW TIME ZONE")) {
        assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("TimeZone");
      }
      try (ResultSet rows = statement.executeQuery("SHOW Application_Name")) {
        assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("application_name");
      }
      assertThatThrownBy(() -> statement.executeQuery("SHOW no_such_setting"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42704"));
      statement.execute("CREATE TABLE tx (v INTEGER)");
      statement.execute("BEGIN");
      statement.execute("INSERT INTO tx VALUES (1)");
      statement.execute("COMMIT");
      connection.setAutoCommit(false);
      statement.execute("INSERT INTO tx VALUES (2)");
      connection.commit();
      connection.setAutoCommit(true);
      try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM tx")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isEqualTo(2);
      }
    }
  }

  @Test
  void unknownDatabaseAndUserAreRejected() {
    assertThatThrownBy(() -> connect("other", "aurora"))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("3D000"));
    assertThatThrownBy(() -> connect("aurora", "mallory"))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
  }

  @Test
  void cancelStopsALongQuery() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE big (v BIGINT)");
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < 2000; i++) {
        values.append(i == 0 ? "" : ", ").append('(').append(i).append(')');
      }
      statement.execute("INSERT INTO big VALUES " + values);
      ExecutorService canceller = Executors.newSingleThreadExecutor();
      try {
        Future<?> cancel =
            canceller.submit(
                () -> {
                  Thread.sleep(500);
                  statement.cancel();
                  return null;
                });
        long start = System.nanoTime();
        assertThatThrownBy(
                () ->
                    statement.executeQuery(
                        "SELECT count(*) FROM big a, big b, big c WHERE a.v + b.v + c.v = -1"))
            .isInstanceOfSatisfying(
                SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(30));
        cancel.get();
      } finally {
        canceller.shutdownNow();
      }
      try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM big")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isEqualTo(2000);
      }
    }
  }

  /**
   * A session's {@code SET statement_timeout} cancels its statements (57014) and leaves other
   * sessions alone; PostgreSQL's forms (milliseconds, units) are read, anything else is refused.
   */
  @Test
  void statementTimeoutIsPerSession() throws Exception {
    try (Connection connection = connect();
        Connection other = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE slow (v BIGINT)");
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < 2000; i++) {
        values.append(i == 0 ? "" : ", ").append('(').append(i).append(')');
      }
      statement.execute("INSERT INTO slow VALUES " + values);
      assertThat(show(statement, "statement_timeout")).isEqualTo("0");
      statement.execute("SET statement_timeout = '300ms'");
      assertThat(show(statement, "statement_timeout")).isEqualTo("300ms");
      String crossJoin = "SELECT count(*) FROM slow a, slow b, slow c WHERE a.v + b.v + c.v = -1";
      assertThatThrownBy(() -> statement.executeQuery(crossJoin))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
      try (PreparedStatement prepared =
          connection.prepareStatement(
              "SELECT count(*) FROM slow a, slow b, slow c WHERE a.v + b.v + c.v = ?")) {
        prepared.setLong(1, -1);
        assertThatThrownBy(prepared::executeQuery)
            .isInstanceOfSatisfying(
                SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
      }
      try (Statement otherStatement = other.createStatement();
          ResultSet rows = otherStatement.executeQuery("SELECT count(*) FROM slow")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isEqualTo(2000);
      }
      assertThatThrownBy(() -> statement.execute("SET statement_timeout = 'soon'"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22023"));
      statement.execute("SET statement_timeout TO 5000");
      assertThat(show(statement, "statement_timeout")).isEqualTo("5000");
      statement.execute("RESET statement_timeout");
      assertThat(show(statement, "statement_timeout")).isEqualTo("0");
    }
  }

  private static String show(Statement statement, String name) throws SQLException {
    try (ResultSet rows = statement.executeQuery("SHOW " + name)) {
      assertThat(rows.next()).isTrue();
      return rows.getString(1);
    }
  }
}
