package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.server.AuroraNode;
import io.aurora.server.TestNodes;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One script of roles, memberships, grants and revokes, and of statements each role tries, run on a
 * real PostgreSQL 15 ({@link LocalPostgres}) and on an Aurora node: every step must end the same
 * way, with the same rows, the same SQLSTATE or the same warning. Each role logs in as itself (the
 * PostgreSQL server trusts, the Aurora node checks the role's SCRAM password). Skipped without the
 * PostgreSQL server binaries, unless {@code AURORA_REQUIRE_CLIENTS=1} (as in CI).
 */
@Timeout(300)
class TestPrivilegesAgainstPostgres {
  private static final String PASSWORD = "pw";

  @TempDir Path directory;

  /** A step: who runs the statement, and the statement. */
  private record Step(String user, String sql) {}

  private static Step as(String user, String sql) {
    return new Step(user, sql);
  }

  private static List<Step> script() {
    String admin = "aurora";
    return List.of(
        as(admin, "CREATE TABLE t (a BIGINT, b VARCHAR)"),
        as(admin, "CREATE TABLE s (a BIGINT)"),
        as(admin, "INSERT INTO t VALUES (1, 'x')"),
        as(admin, "INSERT INTO s VALUES (7)"),
        as(admin, "CREATE ROLE alice LOGIN PASSWORD '" + PASSWORD + "'"),
        as(admin, "CREATE USER bob PASSWORD '" + PASSWORD + "'"),
        as(admin, "CREATE ROLE readers"),
        as(admin, "CREATE ROLE auditor LOGIN NOINHERIT PASSWORD '" + PASSWORD + "'"),
        as(admin, "CREATE ROLE manager LOGIN CREATEROLE PASSWORD '" + PASSWORD + "'"),
        // Nothing granted yet.
        as("alice", "SELECT a FROM t"),
        as(admin, "GRANT SELECT ON t TO readers"),
        as(admin, "GRANT readers TO alice, auditor"),
        // Through an inheriting membership only.
        as("alice", "SELECT a, b FROM t ORDER BY a"),
        as("auditor", "SELECT a FROM t"),
        as("alice", "SELECT a FROM s"),
        as("alice", "SELECT t.a FROM t JOIN s ON t.a = s.a"),
        as("alice", "SELECT a FROM t WHERE a IN (SELECT a FROM s)"),
        as("alice", "INSERT INTO t VALUES (2, 'y')"),
        as("alice", "DELETE FROM t WHERE a = 1"),
        as("alice", "TRUNCATE t"),
        as("alice", "DROP TABLE t"),
        as("alice", "ALTER TABLE t ADD COLUMN c BIGINT"),
        as("alice", "CREATE TABLE mine (a BIGINT)"),
        // A privilege without a grant option: a warning and nothing granted; none: refused.
        as("alice", "GRANT SELECT ON t TO bob"),
        as("bob", "SELECT a FROM t"),
        as("alice", "GRANT SELECT ON s TO alice"),
        as("alice", "CREATE ROLE eve"),
        as("manager", "CREATE ROLE eve LOGIN PASSWORD '" + PASSWORD + "'"),
        as("manager", "CREATE ROLE boss SUPERUSER"),
        as("manager", "GRANT readers TO eve"),
        as("eve", "SELECT count(*) FROM t"),
        as("manager", "DROP ROLE eve"),
        // Writers: DELETE with a condition also needs SELECT.
        as(admin, "GRANT INSERT, DELETE ON t TO bob"),
        as("bob", "INSERT INTO t VALUES (3, 'z')"),
        as("bob", "DELETE FROM t WHERE a = 3"),
        as(admin, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO bob"),
        as("bob", "DELETE FROM t WHERE a = 3"),
        as("bob", "SELECT a FROM s"),
        as(admin, "REVOKE SELECT ON s FROM bob"),
        as("bob", "SELECT a FROM s"),
        as("bob", "TRUNCATE s"),
        // Creating and owning.
        as("bob", "CREATE TABLE b_own (a BIGINT)"),
        as(admin, "GRANT CREATE ON SCHEMA public TO bob"),
        as("bob", "CREATE TABLE b_own (a BIGINT)"),
        as("bob", "INSERT INTO b_own VALUES (1)"),
        as("alice", "SELECT a FROM b_own"),
        as("bob", "GRANT SELECT ON b_own TO alice"),
        as("alice", "SELECT a FROM b_own"),
        as("bob", "ALTER TABLE b_own OWNER TO alice"),
        as(admin, "DROP ROLE bob"),
        as("alice", "DROP TABLE b_own"),
        as("bob", "DROP TABLE b_own"),
        // PUBLIC.
        as(admin, "GRANT SELECT ON s TO PUBLIC"),
        as("auditor", "SELECT a FROM s"),
        as(admin, "REVOKE SELECT ON s FROM PUBLIC"),
        as("auditor", "SELECT a FROM s"),
        // Revoking a membership.
        as(admin, "REVOKE readers FROM alice"),
        as("alice", "SELECT a FROM t"),
        // Column privileges: the columns a statement reads or writes.
        as(admin, "CREATE TABLE wide (a BIGINT, b BIGINT, c VARCHAR)"),
        as(admin, "INSERT INTO wide VALUES (1, 2, 'c')"),
        as(admin, "GRANT SELECT (a, b), INSERT (a) ON wide TO alice"),
        as("alice", "SELECT a, b FROM wide"),
        as("alice", "SELECT count(*) FROM wide"),
        as("alice", "SELECT a FROM wide WHERE b = 2"),
        as("alice", "SELECT * FROM wide"),
        as("alice", "SELECT a FROM wide WHERE c = 'c'"),
        as("alice", "INSERT INTO wide (a) VALUES (5)"),
        as("alice", "INSERT INTO wide (a, c) VALUES (6, 'x')"),
        as("alice", "INSERT INTO wide VALUES (7, 7, 'x')"),
        as("alice", "GRANT SELECT (a) ON wide TO bob"),
        as(admin, "DROP ROLE alice"),
        as(admin, "REVOKE SELECT ON wide FROM alice"),
        as("alice", "SELECT a FROM wide"),
        as("alice", "INSERT INTO wide (a) VALUES (8)"),
        as(admin, "SELECT a, b, c FROM wide ORDER BY a"),
        as(admin, "DROP TABLE wide"),
        // Row-level security: permissive policies, default deny, checks on new rows.
        as(admin, "CREATE TABLE docs (id BIGINT, owner VARCHAR, secret BOOLEAN)"),
        as(
            admin,
            "INSERT INTO docs VALUES (1, 'alice', false), (2, 'alice', true), (3, 'bob', false)"),
        as(admin, "GRANT SELECT, INSERT, DELETE ON docs TO alice, auditor"),
        as(admin, "ALTER TABLE docs ENABLE ROW LEVEL SECURITY"),
        as("alice", "SELECT id FROM docs ORDER BY id"),
        as(admin, "CREATE POLICY own ON docs USING (owner = current_user)"),
        as(admin, "CREATE POLICY visible ON docs FOR SELECT TO auditor USING (NOT secret)"),
        as("alice", "SELECT id FROM docs ORDER BY id"),
        as("auditor", "SELECT id FROM docs ORDER BY id"),
        as("alice", "SELECT count(*) FROM docs WHERE id > 1"),
        as("alice", "INSERT INTO docs VALUES (4, 'alice', false)"),
        as("alice", "INSERT INTO docs VALUES (5, 'bob', false)"),
        as("auditor", "DELETE FROM docs"),
        as("alice", "DELETE FROM docs WHERE id = 4"),
        as("alice", "CREATE POLICY mine ON docs USING (true)"),
        as("alice", "ALTER TABLE docs DISABLE ROW LEVEL SECURITY"),
        as(admin, "CREATE POLICY own ON docs USING (true)"),
        as(admin, "DROP POLICY nope ON docs"),
        as(admin, "SELECT id FROM docs ORDER BY id"),
        as(admin, "DROP POLICY own ON docs"),
        as("alice", "SELECT id FROM docs ORDER BY id"),
        as(admin, "ALTER TABLE docs DISABLE ROW LEVEL SECURITY"),
        as("alice", "SELECT id FROM docs ORDER BY id"),
        as(admin, "DROP TABLE docs"),
        // Default privileges of the tables a role creates from now on.
        as(admin, "ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT ON TABLES TO alice"),
        as(admin, "CREATE TABLE later (a BIGINT)"),
        as("alice", "INSERT INTO later VALUES (1)"),
        as("alice", "SELECT a FROM later"),
        as("alice", "DELETE FROM later"),
        as(admin, "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE INSERT ON TABLES FROM alice"),
        as(admin, "CREATE TABLE later2 (a BIGINT)"),
        as("alice", "SELECT a FROM later2"),
        as("alice", "INSERT INTO later2 VALUES (1)"),
        as("alice", "ALTER DEFAULT PRIVILEGES FOR ROLE manager GRANT SELECT ON TABLES TO alice"),
        as(admin, "ALTER DEFAULT PRIVILEGES REVOKE ALL ON TABLES FROM alice"),
        as(admin, "CREATE TABLE later3 (a BIGINT)"),
        as("alice", "SELECT a FROM later3"),
        as(admin, "DROP TABLE later"),
        as(admin, "DROP TABLE later2"),
        as(admin, "DROP TABLE later3"),
        // What the catalog answers.
        as(
            "alice",
            "SELECT current_user, has_table_privilege('t', 'SELECT'),"
                + " has_table_privilege('bob', 't', 'INSERT'),"
                + " has_table_privilege('auditor', 's', 'SELECT'),"
                + " has_schema_privilege('public', 'CREATE')"),
        as(
            admin,
            "SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcanlogin FROM pg_roles"
                + " WHERE rolname IN ('alice', 'auditor', 'manager', 'readers') ORDER BY rolname"),
        as(
            admin,
            "SELECT r.rolname, m.rolname FROM pg_auth_members a"
                + " JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member"
                + " WHERE m.rolname NOT LIKE 'pg\\_%' ORDER BY 1, 2"),
        // Errors of the role statements themselves.
        as(admin, "CREATE ROLE alice"),
        as(admin, "DROP ROLE nobody"),
        as(admin, "DROP ROLE IF EXISTS nobody"),
        as(admin, "GRANT SELECT ON t TO nobody"),
        as(admin, "GRANT SELECT ON missing TO alice"),
        as(admin, "GRANT alice TO alice"),
        as(admin, "GRANT readers TO manager"),
        as(admin, "GRANT manager TO readers"),
        as(admin, "CREATE ROLE pg_mine"),
        as(admin, "ALTER ROLE alice NOLOGIN"),
        as(admin, "REVOKE ALL ON t FROM bob"),
        as(admin, "REVOKE CREATE ON SCHEMA public FROM bob"),
        as(admin, "DROP ROLE bob, auditor"));
  }

  @Test
  void everyStepEndsAsInPostgresql() throws Exception {
    try (LocalPostgres postgres = LocalPostgres.startRequired();
        AuroraNode aurora = AuroraNode.start(TestNodes.config(directory));
        Sessions onPostgres = new Sessions(postgres.port());
        Sessions onAurora = new Sessions(aurora.pgPort())) {
      List<String> differences = new ArrayList<>();
      for (Step step : script()) {
        String expected = onPostgres.run(step);
        String actual = onAurora.run(step);
        if (!expected.equals(actual)) {
          differences.add(
              step.user()
                  + ": "
                  + step.sql()
                  + "\n  postgres: "
                  + expected
                  + "\n  aurora:   "
                  + actual);
        }
      }
      assertThat(differences).isEmpty();
    }
  }

  /** One connection per role, opened when the role first acts. */
  private static final class Sessions implements AutoCloseable {
    private final int port;
    private final Map<String, Connection> connections = new HashMap<>();

    Sessions(int port) {
      this.port = port;
    }

    /** How the step ended: its rows or row count, and any warning; or its SQLSTATE. */
    String run(Step step) throws SQLException {
      Connection connection = connections.get(step.user());
      if (connection == null) {
        Properties properties = new Properties();
        properties.setProperty("user", step.user());
        properties.setProperty("password", PASSWORD);
        connection =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/aurora", properties);
        connections.put(step.user(), connection);
      }
      try (Statement statement = connection.createStatement()) {
        StringBuilder outcome = new StringBuilder();
        if (statement.execute(step.sql())) {
          try (ResultSet rows = statement.getResultSet()) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
              outcome.append('[');
              for (int i = 1; i <= columns; i++) {
                outcome.append(i > 1 ? "|" : "").append(rows.getString(i));
              }
              outcome.append(']');
            }
          }
        } else {
          outcome.append("ok ").append(statement.getUpdateCount());
        }
        for (SQLWarning warning = statement.getWarnings();
            warning != null;
            warning = warning.getNextWarning()) {
          if (warning.getSQLState() != null && warning.getSQLState().startsWith("01")) {
            outcome.append(" warning ").append(warning.getSQLState());
          }
        }
        return outcome.toString();
      } catch (SQLException e) {
        return "error " + e.getSQLState();
      }
    }

    @Override
    public void close() throws IOException {
      for (Connection connection : connections.values()) {
        try {
          connection.close();
        } catch (SQLException e) {
          throw new IOException(e);
        }
      }
    }
  }
}
