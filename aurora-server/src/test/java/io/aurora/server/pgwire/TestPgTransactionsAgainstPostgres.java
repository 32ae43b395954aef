package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.aurora.server.AuroraNode;
import io.aurora.server.NodeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.core.BaseConnection;
import org.postgresql.util.PSQLException;

/**
 * Transaction blocks checked against a real PostgreSQL: the same scripted sessions run on a
 * throwaway PostgreSQL server ({@link LocalPostgres}) and on an Aurora node, and per statement the
 * command tag or SQLSTATE (with the message, for transaction states), the rows visible in the
 * session and from a second session, and the transaction status must agree. Over the wire protocol
 * (simple and extended queries, COPY), over pgjdbc with autocommit off, and over psql with a
 * script. Catalog changes in a block are where Aurora differs by design, checked on their own.
 *
 * <p>Skipped when the PostgreSQL server binaries ({@code /usr/lib/postgresql/<version>/bin}) or
 * psql are missing, unless {@code AURORA_REQUIRE_CLIENTS=1} (as in CI, whose script installs them),
 * in which case it fails.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestPgTransactionsAgainstPostgres {
  private static final String PROBE = "SELECT a, b FROM t ORDER BY a";

  @TempDir static Path directory;
  private LocalPostgres postgres;
  private AuroraNode aurora;

  @BeforeAll
  void start() throws IOException {
    postgres = LocalPostgres.startRequired();
    aurora =
        AuroraNode.start(
            NodeConfig.resolve(
                Map.of(
                    "data-dir", directory.resolve("aurora").toString(),
                    "pg-port", "0",
                    "http-port", "0",
                    "grpc-port", "0",
                    "raft-port", "0"),
                Map.of(),
                null));
  }

  @AfterAll
  void stop() throws IOException {
    try {
      if (aurora != null) {
        aurora.close();
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  @BeforeEach
  void freshTable() throws IOException {
    for (int port : new int[] {postgres.port(), aurora.pgPort()}) {
      try (WireSession session = new WireSession(port)) {
        session.query("DROP TABLE IF EXISTS t");
        session.query("DROP TABLE IF EXISTS u");
        assertThat(session.query("CREATE TABLE t (a INTEGER, b VARCHAR)"))
            .containsExactly("CREATE TABLE", "status I");
      }
    }
  }

  @Test
  void rollbackDiscardsTheBlock() throws IOException {
    compare(
        List.of(a("BEGIN"), a("INSERT INTO t VALUES (1, 'x')"), a(PROBE), a("ROLLBACK")),
        "BEGIN",
        "status T",
        "A sees [row 1|x, SELECT 1, status T]",
        "B sees [SELECT 0, status I]");
  }

  @Test
  void deletesInAndOutOfBlocksAsPostgresqlDoes() throws IOException {
    compare(
        List.of(
            a("INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, NULL), (4, 'z')"),
            a("BEGIN"),
            a("DELETE FROM t WHERE a <= 2"),
            a("INSERT INTO t VALUES (5, 'w')"),
            a("DELETE FROM t WHERE b IS NULL OR a = 5"),
            b("DELETE FROM t WHERE a = 4"),
            a("ROLLBACK"),
            a("BEGIN"),
            a("DELETE FROM t WHERE a > 1 AND b LIKE 'y%'"),
            a("DELETE FROM t WHERE a BETWEEN 10 AND 20"),
            a("COMMIT"),
            b("DELETE FROM t WHERE NOT (a > 1)"),
            a("INSERT INTO t VALUES (7, 'v')"),
            a("TRUNCATE t"),
            b("DELETE FROM t")),
        "DELETE 2",
        "DELETE 0",
        "TRUNCATE TABLE");
  }

  @Test
  void commitPublishesTheBlock() throws IOException {
    compare(
        List.of(
            a("START TRANSACTION ISOLATION LEVEL READ COMMITTED"),
            a("INSERT INTO t VALUES (1, 'x')"),
            a("INSERT INTO t VALUES (2, NULL)"),
            a("COMMIT"),
            a("BEGIN WORK"),
            a("INSERT INTO t VALUES (3, 'y')"),
            a("END")),
        "START TRANSACTION",
        "B sees [row 1|x, row 2|null, row 3|y, SELECT 3, status I]");
  }

  @Test
  void anErrorFailsTheBlockUntilItsEnd() throws IOException {
    compare(
        List.of(
            a("BEGIN"),
            a("INSERT INTO t VALUES (1, 'x')"),
            a("SELECT 1/0"),
            a("INSERT INTO t VALUES (2, 'y')"),
            a("SET application_name = 'failed'"),
            a("SELECT 1"),
            a("ROLLBACK"),
            a("INSERT INTO t VALUES (3, 'z')")),
        "ERROR 22012",
        "ERROR 25P02 current transaction is aborted, commands ignored until end of transaction"
            + " block",
        "status E");
  }

  @Test
  void theCommitOfAFailedBlockRollsBack() throws IOException {
    compare(
        List.of(
            a("BEGIN"),
            a("INSERT INTO t VALUES (1, 'x')"),
            a("INSERT INTO t VALUES ('not a number', 'y')"),
            a("COMMIT"),
            a("ABORT")),
        "ROLLBACK",
        "WARNING 25P01 there is no transaction in progress");
  }

  @Test
  void beginInABlockAndEndingOutsideOneWarn() throws IOException {
    compare(
        List.of(
            a("COMMIT"),
            a("ROLLBACK"),
            a("BEGIN"),
            a("BEGIN"),
            a("INSERT INTO t VALUES (1, 'x')"),
            a("COMMIT"),
            a("COMMIT")),
        "WARNING 25001 there is already a transaction in progress",
        "WARNING 25P01 there is no transaction in progress");
  }

  @Test
  void theStatementsOfAQueryAreOneImplicitTransaction() throws IOException {
    compare(
        List.of(
            a("INSERT INTO t VALUES (1, 'x'); SELECT 1/0"),
            a("INSERT INTO t VALUES (2, 'x'); INSERT INTO t VALUES (3, 'x')"),
            a("INSERT INTO t VALUES (4, 'x'); COMMIT; INSERT INTO t VALUES (5, 'x'); SELECT 1/0"),
            a("INSERT INTO t VALUES (6, 'x'); ROLLBACK; INSERT INTO t VALUES (7, 'x')"),
            a("INSERT INTO t VALUES (8, 'x'); SAVEPOINT s"),
            a("INSERT INTO t VALUES (9, 'x'); BEGIN; INSERT INTO t VALUES (10, 'x')"),
            a("ROLLBACK"),
            a("BEGIN; INSERT INTO t VALUES (11, 'x'); SELECT 1/0; ROLLBACK"),
            a("ROLLBACK"),
            a("INSERT INTO t VALUES (12, 'x'); SELECT count(*) FROM t")),
        "B sees [row 2|x, row 3|x, row 4|x, row 7|x, row 12|x, SELECT 5, status I]");
  }

  @Test
  void aBlockReadsItsOwnRowsAndRowsCommittedMeanwhile() throws IOException {
    compare(
        List.of(
            a("BEGIN"),
            a("INSERT INTO t VALUES (1, 'x'), (2, 'y')"),
            a("SELECT count(*), sum(a) FROM t"),
            a("SELECT a FROM t WHERE b = 'y'"),
            b("INSERT INTO t VALUES (3, 'committed')"),
            a("INSERT INTO t SELECT a + 10, b FROM t"),
            a("SELECT count(*) FROM t WHERE a > 10"),
            extendedA("SELECT count(*) FROM t"),
            a("COMMIT")),
        "row 2|3",
        "B sees [row 3|committed, SELECT 1, status I]",
        "A sees [row 1|x, row 2|y, row 3|committed, row 11|x, row 12|y, row 13|committed,"
            + " SELECT 6, status T]");
  }

  @Test
  void copyInABlockJoinsIt() throws IOException {
    compare(
        List.of(
            a("BEGIN"),
            copyA("COPY t FROM STDIN", "1\tx\n2\ty\n"),
            a("SELECT count(*) FROM t"),
            a("ROLLBACK"),
            a("BEGIN"),
            copyA("COPY t FROM STDIN", "3\tz\n"),
            a("COMMIT"),
            a("BEGIN"),
            copyA("COPY t FROM STDIN", "4\tw\nfive\tv\n"),
            a("COMMIT"),
            copyA("COPY t FROM STDIN", "6\tu\n")),
        "COPY 2",
        "ERROR 22P02",
        "B sees [row 3|z, row 6|u, SELECT 2, status I]");
  }

  @Test
  void theExtendedProtocolReportsTheBlockAtSync() throws IOException {
    compare(
        List.of(
            extendedA("BEGIN"),
            extendedA("INSERT INTO t VALUES (1, 'x')"),
            extendedA("SELECT 1/0"),
            extendedA("SELECT 1"),
            extendedA("ROLLBACK"),
            extendedA("COMMIT"),
            extendedA("BEGIN"),
            extendedA("INSERT INTO t VALUES (2, 'y')"),
            extendedA("COMMIT")),
        "status E",
        "WARNING 25P01 there is no transaction in progress",
        "B sees [row 2|y, SELECT 1, status I]");
  }

  @Test
  void savepointsRollBackPartOfABlock() throws IOException {
    compare(
        List.of(
            a("SAVEPOINT outside"),
            a("BEGIN"),
            a("INSERT INTO t VALUES (1, 'x')"),
            a("SAVEPOINT one"),
            a("INSERT INTO t VALUES (2, 'y')"),
            a("SAVEPOINT \"Two\""),
            a("INSERT INTO t VALUES (3, 'z')"),
            a("ROLLBACK TO SAVEPOINT \"Two\""),
            a("RELEASE \"Two\""),
            a("ROLLBACK TO one"),
            a("COMMIT"),
            a("BEGIN"),
            a("SAVEPOINT one"),
            a("SAVEPOINT two"),
            a("RELEASE one"),
            a("ROLLBACK TO two"),
            a("ROLLBACK"),
            a("BEGIN"),
            a("INSERT INTO t VALUES (4, 'w')"),
            a("SAVEPOINT s"),
            a("INSERT INTO t VALUES (5, 'v')"),
            a("SELECT 1/0"),
            a("RELEASE s"),
            a("ROLLBACK WORK TO s"),
            a("INSERT INTO t VALUES (6, 'u')"),
            a("COMMIT")),
        "ERROR 25P01 SAVEPOINT can only be used in transaction blocks",
        "ERROR 3B001 savepoint \"two\" does not exist",
        "B sees [row 1|x, row 4|w, row 6|u, SELECT 3, status I]");
  }

  /**
   * Where Aurora differs: PostgreSQL's DDL is transactional; Aurora's takes effect at once, outside
   * the block, with a WARNING, and a ROLLBACK leaves it in place.
   */
  @Test
  void catalogChangesInABlockTakeEffectAtOnceWherePostgresqlRollsThemBack() throws IOException {
    List<Step> steps =
        List.of(
            a("BEGIN"),
            a("CREATE TABLE u (a INTEGER)"),
            a("ROLLBACK"),
            a("SELECT count(*) FROM u"));
    List<String> postgresql = transcript(postgres.port(), steps);
    List<String> auroraTranscript = transcript(aurora.pgPort(), steps);
    assertThat(postgresql)
        .contains("A: CREATE TABLE u (a INTEGER)", "CREATE TABLE", "status T")
        .contains("ERROR 42P01");
    // Aurora's DDL is not transactional: it takes effect at once, with a WARNING, and stays.
    assertThat(auroraTranscript)
        .containsSubsequence(
            "A: CREATE TABLE u (a INTEGER)",
            "WARNING 01000 CREATE TABLE took effect at once, outside the transaction block:"
                + " Aurora's catalog changes are not transactional, and ROLLBACK does not undo it",
            "CREATE TABLE",
            "status T")
        .containsSubsequence("A: SELECT count(*) FROM u", "row 0", "SELECT 1")
        .doesNotContain("ERROR 42P01");
  }

  @Test
  void pgjdbcWithAutocommitOff() throws SQLException {
    List<String> postgresql = jdbcSession(postgres.jdbcUrl());
    List<String> auroraSession =
        jdbcSession("jdbc:postgresql://127.0.0.1:" + aurora.pgPort() + "/aurora?user=aurora");
    assertThat(postgresql)
        .contains("state OPEN", "state FAILED", "select 1/0 -> 22012", "insert 4 -> 25P02")
        .contains("committed, other sees [2, 3, 5, 6, 7]");
    assertThat(auroraSession).isEqualTo(postgresql);
  }

  @Test
  void psqlScript() throws IOException, InterruptedException {
    require("psql", run(List.of("psql", "--version")) != null);
    Path script = directory.resolve("transactions.sql");
    Files.writeString(
        script,
        String.join(
            "\n",
            "\\set VERBOSITY sqlstate",
            "BEGIN;",
            "INSERT INTO t VALUES (1, 'x');",
            "SELECT count(*) FROM t;",
            "ROLLBACK;",
            "BEGIN;",
            "BEGIN;",
            "INSERT INTO t VALUES (2, 'y');",
            "SELECT 1/0;",
            "INSERT INTO t VALUES (3, 'z');",
            "COMMIT;",
            "COMMIT;",
            "INSERT INTO t VALUES (4, 'w') \\; SELECT 1/0;",
            "INSERT INTO t VALUES (5, 'v') \\; INSERT INTO t VALUES (6, 'u');",
            "BEGIN;",
            "COPY t FROM STDIN;",
            "7\tt",
            "8\ts",
            "\\.",
            "SELECT a FROM t ORDER BY a;",
            "ROLLBACK;",
            "START TRANSACTION;",
            "INSERT INTO t VALUES (9, 'r');",
            "SAVEPOINT a;",
            "INSERT INTO t VALUES (10, 'q');",
            "ROLLBACK TO a;",
            "END;",
            "SELECT a, b FROM t ORDER BY a;",
            ""),
        StandardCharsets.UTF_8);
    List<String> postgresql = psql(postgres.port(), script);
    List<String> auroraOutput = psql(aurora.pgPort(), script);
    assertThat(postgresql.get(0)).contains("ROLLBACK", "INSERT 0 1", "COPY 2", "9|r");
    assertThat(postgresql.get(1)).contains("ERROR:  22012", "ERROR:  25P02", "WARNING:  25001");
    assertThat(auroraOutput).isEqualTo(postgresql);
  }

  /**
   * A statement of a scripted session: on session A or B, as a simple or extended query or COPY.
   */
  private record Step(char session, String sql, Kind kind, String copyData) {}

  private enum Kind {
    SIMPLE,
    EXTENDED,
    COPY
  }

  private static Step a(String sql) {
    return new Step('A', sql, Kind.SIMPLE, "");
  }

  private static Step b(String sql) {
    return new Step('B', sql, Kind.SIMPLE, "");
  }

  private static Step extendedA(String sql) {
    return new Step('A', sql, Kind.EXTENDED, "");
  }

  private static Step copyA(String sql, String data) {
    return new Step('A', sql, Kind.COPY, data);
  }

  /**
   * Runs the steps on both servers and checks that their transcripts agree, and that PostgreSQL's
   * holds {@code expected} (so that a scenario checks what it is meant to).
   */
  private void compare(List<Step> steps, String... expected) throws IOException {
    List<String> postgresql = transcript(postgres.port(), steps);
    assertThat(postgresql).contains(expected);
    assertThat(transcript(aurora.pgPort(), steps)).isEqualTo(postgresql);
  }

  /**
   * The steps' replies on one server; after each step, what session A and a session B see of the
   * table (A's view fails with 25P02 in a failed block, as it should).
   */
  private static List<String> transcript(int port, List<Step> steps) throws IOException {
    List<String> lines = new ArrayList<>();
    try (WireSession sessionA = new WireSession(port);
        WireSession sessionB = new WireSession(port)) {
      for (Step step : steps) {
        WireSession session = step.session() == 'A' ? sessionA : sessionB;
        lines.add(step.session() + ": " + step.sql());
        lines.addAll(
            switch (step.kind()) {
              case SIMPLE -> session.query(step.sql());
              case EXTENDED -> session.execute(step.sql());
              case COPY -> session.copyIn(step.sql(), step.copyData());
            });
        lines.add("A sees " + sessionA.query(PROBE));
        lines.add("B sees " + sessionB.query(PROBE));
      }
    }
    return lines;
  }

  /** A pgjdbc session with autocommit off, and what it and another connection see. */
  private static List<String> jdbcSession(String url) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url);
        Connection other = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      lines.add("insert 1 -> " + update(statement, "INSERT INTO t VALUES (1, 'x')"));
      lines.add("state " + state(connection));
      lines.add("own sees " + values(connection));
      lines.add("other sees " + values(other));
      connection.rollback();
      lines.add("rolled back, state " + state(connection));
      lines.add("own sees " + values(connection));
      lines.add("insert 2 -> " + update(statement, "INSERT INTO t VALUES (2, 'y')"));
      connection.commit();
      lines.add("committed, other sees " + values(other));
      lines.add("insert 3 -> " + update(statement, "INSERT INTO t VALUES (3, 'z')"));
      lines.add("select 1/0 -> " + update(statement, "SELECT 1/0"));
      lines.add("state " + state(connection));
      lines.add("insert 4 -> " + update(statement, "INSERT INTO t VALUES (4, 'w')"));
      lines.add("commit -> " + commit(connection));
      lines.add("state " + state(connection));
      lines.add("other sees " + values(other));
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
        for (int value = 5; value <= 7; value++) {
          insert.setInt(1, value);
          insert.setString(2, "batch");
          insert.addBatch();
        }
        lines.add("batch -> " + Arrays.toString(insert.executeBatch()));
      }
      lines.add("own sees " + values(connection));
      lines.add("other sees " + values(other));
      Savepoint savepoint = connection.setSavepoint();
      lines.add("insert 8 -> " + update(statement, "INSERT INTO t VALUES (8, 'v')"));
      connection.rollback(savepoint);
      lines.add("insert 3 again -> " + update(statement, "INSERT INTO t VALUES (3, 'again')"));
      connection.commit();
      lines.add("committed, other sees " + values(other));
      connection.setAutoCommit(true);
      lines.add("autocommit insert 9 -> " + update(statement, "INSERT INTO t VALUES (9, 'u')"));
      lines.add("state " + state(connection));
      lines.add("other sees " + values(other));
    }
    return lines;
  }

  /** The update count of a statement, or the SQLSTATE it failed with. */
  private static String update(Statement statement, String sql) {
    try {
      return statement.execute(sql) ? "rows" : String.valueOf(statement.getUpdateCount());
    } catch (SQLException e) {
      return e.getSQLState();
    }
  }

  private static String commit(Connection connection) {
    try {
      connection.commit();
      return "ok";
    } catch (SQLException e) {
      return e.getSQLState();
    }
  }

  private static String state(Connection connection) throws SQLException {
    return connection.unwrap(BaseConnection.class).getTransactionState().name();
  }

  /** Column a of the table in order, as this connection sees it now. */
  private static String values(Connection connection) {
    List<Integer> values = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT a FROM t ORDER BY a")) {
      while (rows.next()) {
        values.add(rows.getInt(1));
      }
    } catch (PSQLException e) {
      return e.getSQLState();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    return values.toString();
  }

  /** psql's standard output and error for the script, unaligned and without headers. */
  private static List<String> psql(int port, Path script) throws IOException, InterruptedException {
    Path errors = Files.createTempFile("aurora-psql-", ".err");
    try {
      Process process =
          new ProcessBuilder(
                  "psql",
                  "-X",
                  "-A",
                  "-t",
                  "-v",
                  "ON_ERROR_STOP=0",
                  "-h",
                  "127.0.0.1",
                  "-p",
                  String.valueOf(port),
                  "-U",
                  "aurora",
                  "-d",
                  "aurora",
                  "-f",
                  script.toString())
              .redirectError(errors.toFile())
              .start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("psql did not finish");
      }
      return List.of(output, Files.readString(errors, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  /** Runs a command; its standard output, or null when it cannot start or exits non-zero. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return null;
    }
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0 ? output : null;
  }

  private static void require(String what, boolean isInstalled) {
    if (isInstalled) {
      return;
    }
    if ("1".equals(System.getenv("AURORA_REQUIRE_CLIENTS"))) {
      fail(what + " is not installed, and AURORA_REQUIRE_CLIENTS=1 requires it");
    }
    Assumptions.abort(what + " is not installed");
  }
}
