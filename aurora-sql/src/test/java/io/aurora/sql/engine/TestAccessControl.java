package io.aurora.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.access.AccessState;
import io.aurora.sql.access.Role;
import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.catalog.SessionActivity;
import io.aurora.sql.catalog.SessionDirectory;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roles and privileges through the engine: every statement run as a session's user, each allowed
 * one succeeding and each forbidden one failing with 42501 and changing nothing.
 */
class TestAccessControl {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;
  private final List<FinishedStatement> finished = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT.withQueryParallelism(2), finished::add);
    // The node's own statements (no client) and a bootstrap identity are superusers.
    engine.execute("CREATE TABLE t (a BIGINT NOT NULL, b VARCHAR)");
    engine.execute("CREATE TABLE secret (a BIGINT)");
    engine.execute("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    engine.execute("INSERT INTO secret VALUES (42)");
    as("admin", () -> engine.execute("CREATE ROLE reader LOGIN PASSWORD 'reader-pw'"));
    engine.execute("CREATE ROLE writer LOGIN");
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  private <T> T as(String user, Supplier<T> action) {
    CurrentSession.enter(new CurrentSession.Client("pgwire", 7, user, "127.0.0.1"));
    try {
      return action.get();
    } finally {
      CurrentSession.leave();
    }
  }

  private StatementResult run(String user, String sql) {
    return as(user, () -> engine.execute(sql));
  }

  private List<List<Object>> query(String user, String sql) {
    return as(
        user,
        () -> {
          try (QueryResult result = (QueryResult) engine.execute(sql)) {
            return result.rows();
          }
        });
  }

  private void assertDenied(String user, String sql) {
    assertThatThrownBy(() -> query(user, sql))
        .as(sql)
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INSUFFICIENT_PRIVILEGE));
  }

  private long count(String table) {
    try (QueryResult result = (QueryResult) engine.execute("SELECT count(*) FROM " + table)) {
      return (Long) result.rows().get(0).get(0);
    }
  }

  @Test
  void aRoleDoesOnlyWhatItWasGranted() {
    assertDenied("reader", "SELECT * FROM t");
    engine.execute("GRANT SELECT ON t TO reader");
    assertThat(query("reader", "SELECT a FROM t ORDER BY a"))
        .containsExactly(List.of(1L), List.of(2L));
    assertDenied("reader", "SELECT * FROM secret");
    assertDenied("reader", "SELECT t.a FROM t JOIN secret ON t.a = secret.a");
    assertDenied("reader", "SELECT a FROM t WHERE a IN (SELECT a FROM secret)");
    assertDenied("reader", "INSERT INTO t VALUES (3, 'z')");
    assertDenied("reader", "INSERT INTO t SELECT a, 'copied' FROM t");
    assertDenied("reader", "DELETE FROM t WHERE a = 1");
    assertDenied("reader", "TRUNCATE t");
    assertDenied("reader", "CREATE TABLE mine (a BIGINT)");
    assertDenied("reader", "DROP TABLE t");
    assertDenied("reader", "ALTER TABLE t ADD COLUMN c BIGINT");
    assertDenied("reader", "GRANT SELECT ON secret TO reader");
    assertDenied("reader", "EXPLAIN SELECT * FROM secret");
    assertDenied("reader", "CREATE ROLE other");
    assertThat(count("t")).as("nothing changed").isEqualTo(2);
    assertThat(catalog.table("mine")).isNull();

    engine.execute("GRANT INSERT, DELETE ON TABLE t TO writer");
    assertThat(((CommandResult) run("writer", "INSERT INTO t VALUES (3, 'z')")).rowCount())
        .isEqualTo(1);
    assertDenied("writer", "INSERT INTO t SELECT a, 'copied' FROM secret");
    assertDenied("writer", "DELETE FROM t WHERE a = 3");
    assertThat(count("t")).isEqualTo(3);
    engine.execute("GRANT SELECT ON t TO writer");
    assertThat(((CommandResult) run("writer", "DELETE FROM t WHERE a = 3")).rowCount())
        .isEqualTo(1);
    assertThat(count("t")).isEqualTo(2);
  }

  @Test
  void aRevokeHoldsFromTheNextStatementAlsoForCachedAndPreparedPlans() {
    engine.execute("GRANT SELECT ON t TO reader");
    String sql = "SELECT count(*) FROM t WHERE a > 0";
    assertThat(query("reader", sql)).containsExactly(List.of(2L));
    PreparedQuery prepared =
        as(
            "reader",
            () ->
                engine.prepare(
                    "SELECT a FROM t WHERE a = $1",
                    List.of(io.aurora.storage.type.DataType.BIGINT)));
    assertThat(prepared).isNotNull();
    engine.execute("REVOKE SELECT ON t FROM reader");
    assertDenied("reader", sql);
    assertThatThrownBy(
            () ->
                as(
                    "reader",
                    () ->
                        engine.execute(prepared, List.of("1"), new AtomicBoolean(), Duration.ZERO)))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INSUFFICIENT_PRIVILEGE));
  }

  @Test
  void membershipsPassPrivilegesOnThroughInheritingRolesOnly() {
    engine.execute("CREATE ROLE readers");
    engine.execute("CREATE ROLE analyst LOGIN IN ROLE readers");
    engine.execute("CREATE ROLE auditor LOGIN NOINHERIT");
    engine.execute("GRANT readers TO auditor");
    engine.execute("GRANT SELECT ON t TO readers");
    assertThat(query("analyst", "SELECT count(*) FROM t")).containsExactly(List.of(2L));
    assertDenied("auditor", "SELECT count(*) FROM t");
    engine.execute("REVOKE readers FROM analyst");
    assertDenied("analyst", "SELECT count(*) FROM t");
    assertThatThrownBy(() -> engine.execute("GRANT auditor TO readers"))
        .as("a cycle")
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_GRANT_OPERATION));
    engine.execute("GRANT SELECT ON secret TO PUBLIC");
    assertThat(query("auditor", "SELECT a FROM secret")).containsExactly(List.of(42L));
  }

  @Test
  void aRoleWithCreateOnTheSchemaOwnsWhatItCreates() {
    assertDenied("writer", "CREATE TABLE w (a BIGINT)");
    engine.execute("GRANT CREATE ON SCHEMA public TO writer");
    run("writer", "CREATE TABLE w (a BIGINT)");
    assertThat(catalog.access().owner("w")).isEqualTo("writer");
    run("writer", "INSERT INTO w VALUES (5)");
    assertThat(query("writer", "SELECT a FROM w")).containsExactly(List.of(5L));
    assertDenied("reader", "SELECT a FROM w");
    assertDenied("reader", "GRANT SELECT ON w TO reader");
    run("writer", "GRANT SELECT ON w TO reader");
    assertThat(query("reader", "SELECT a FROM w")).containsExactly(List.of(5L));
    assertThatThrownBy(() -> engine.execute("DROP ROLE writer"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST);
              assertThat(e.getMessage()).contains("owner of table w");
            });
    assertDenied("writer", "ALTER TABLE w OWNER TO reader");
    engine.execute("ALTER TABLE w OWNER TO reader");
    assertDenied("writer", "DROP TABLE w");
    run("reader", "DROP TABLE w");
    assertThat(catalog.access().grantsOn("w")).isEmpty();
    engine.execute("REVOKE CREATE ON SCHEMA public FROM writer");
    engine.execute("DROP ROLE writer");
    assertThat(catalog.access().role("writer")).isNull();
  }

  @Test
  void aDroppedAndRecreatedTableKeepsNoGrants() {
    engine.execute("GRANT SELECT ON t TO reader");
    engine.execute("DROP TABLE t");
    engine.execute("CREATE TABLE t (a BIGINT)");
    assertDenied("reader", "SELECT * FROM t");
  }

  @Test
  void grantsOnAllTablesCoverTheTablesThatExistAndViewsNeedTheirTables() {
    engine.execute("CREATE VIEW v AS SELECT a FROM secret");
    engine.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader");
    assertThat(query("reader", "SELECT a FROM v")).containsExactly(List.of(42L));
    engine.execute("REVOKE SELECT ON secret FROM reader");
    assertDenied("reader", "SELECT a FROM v");
    engine.execute("CREATE TABLE later (a BIGINT)");
    assertDenied("reader", "SELECT a FROM later");
    assertThatThrownBy(() -> engine.execute("GRANT SELECT ON v TO reader"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FEATURE_NOT_SUPPORTED));
  }

  @Test
  void onlySuperusersAndCreateroleRolesManageRoles() {
    engine.execute("CREATE ROLE manager LOGIN CREATEROLE");
    run("manager", "CREATE ROLE intern LOGIN PASSWORD 'pw'");
    run("manager", "GRANT reader TO intern");
    assertDenied("manager", "CREATE ROLE boss SUPERUSER");
    assertDenied("manager", "GRANT pg_read_server_files TO intern");
    assertDenied("reader", "ALTER ROLE intern NOLOGIN");
    run("reader", "ALTER ROLE reader PASSWORD 'new-pw'");
    assertDenied("reader", "ALTER ROLE reader CREATEROLE");
    assertThatThrownBy(() -> run("manager", "DROP ROLE manager"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OBJECT_IN_USE));
    run("manager", "DROP ROLE intern");
    assertThat(catalog.access().role("intern")).isNull();
    assertThatThrownBy(() -> engine.execute("CREATE ROLE reader"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DUPLICATE_OBJECT));
    assertThatThrownBy(() -> engine.execute("CREATE ROLE pg_mine"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.RESERVED_NAME));
    assertThatThrownBy(() -> engine.execute("GRANT SELECT ON t TO nobody"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNDEFINED_OBJECT));
  }

  @Test
  void passwordsAreKeptAsVerifiersAndNeverShown() {
    Role reader = catalog.access().role("reader");
    assertThat(reader).isNotNull();
    assertThat(reader.canLogin()).isTrue();
    assertThat(reader.verifier()).startsWith("SCRAM-SHA-256$4096:").doesNotContain("reader-pw");
    assertThat(reader.toString()).doesNotContain("SCRAM");
    engine.execute("ALTER ROLE reader WITH PASSWORD 'it''s-secret' VALID UNTIL '2030-01-01'");
    assertThat(finished)
        .extracting(FinishedStatement::query)
        .anySatisfy(sql -> assertThat(sql).contains("PASSWORD '********'"))
        .noneSatisfy(sql -> assertThat(sql).containsAnyOf("reader-pw", "secret'"));
    assertThat(catalog.access().role("reader").validUntilMicros()).isPositive();
    engine.execute("ALTER ROLE reader PASSWORD NULL");
    assertThat(catalog.access().role("reader").verifier()).isNull();
  }

  @Test
  void roleStatementsCannotRunInATransactionBlock() {
    PendingWrites block = new PendingWrites(1 << 20);
    assertThatThrownBy(
            () -> engine.execute("CREATE ROLE later", new AtomicBoolean(), Duration.ZERO, block))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ACTIVE_SQL_TRANSACTION));
    assertThat(catalog.access().role("later")).isNull();
  }

  @Test
  void aNodeWithoutRolesLetsEveryUserDoEverything() {
    LocalCatalog fresh = new LocalCatalog(directory.resolve("fresh"), StorageConfig.DEFAULT);
    try (SqlEngine open = new SqlEngine(fresh, EngineConfig.DEFAULT)) {
      as("anyone", () -> open.execute("CREATE TABLE x (a BIGINT)"));
      as("anyone", () -> open.execute("INSERT INTO x VALUES (1)"));
      assertThat(fresh.access()).isEqualTo(AccessState.EMPTY);
      assertThat(fresh.access().owner("x")).isNull();
    } finally {
      fresh.close();
    }
  }

  @Test
  void theCatalogsShowRolesMembershipsOwnersAndPrivileges() {
    engine.execute("CREATE ROLE readers");
    engine.execute("GRANT readers TO reader");
    engine.execute("GRANT SELECT ON t TO readers");
    engine.execute("GRANT INSERT ON t TO PUBLIC");
    engine.execute("ALTER TABLE t OWNER TO writer");
    assertThat(
            query(
                "reader",
                "SELECT rolname, rolsuper, rolcanlogin FROM pg_roles"
                    + " WHERE rolname IN ('aurora', 'reader', 'readers') ORDER BY rolname"))
        .containsExactly(
            List.of("aurora", true, true),
            List.of("reader", false, true),
            List.of("readers", false, false));
    assertThat(
            query(
                "reader",
                "SELECT r.rolname, m.rolname FROM pg_auth_members a"
                    + " JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member"))
        .containsExactly(List.of("readers", "reader"));
    assertThat(query("reader", "SELECT tableowner FROM pg_tables WHERE tablename = 't'"))
        .containsExactly(List.of("writer"));
    assertThat(query("reader", "SELECT relacl FROM pg_class WHERE relname = 't'"))
        .containsExactly(List.of("{writer=ardD/writer,=a/writer,readers=r/writer}"));
    assertThat(
            query(
                "reader",
                "SELECT current_user, has_table_privilege('t', 'SELECT'),"
                    + " has_table_privilege('secret', 'select'),"
                    + " has_table_privilege('writer', 'secret', 'SELECT'),"
                    + " has_table_privilege('t', 'DELETE, INSERT'),"
                    + " has_schema_privilege('public', 'CREATE')"))
        .containsExactly(List.of("reader", true, false, false, true, false));
    assertThat(
            query(
                "reader",
                "SELECT relname FROM pg_class WHERE relnamespace = 2200"
                    + " AND has_table_privilege(oid, 'SELECT') ORDER BY relname"))
        .containsExactly(List.of("t"));
    assertThat(
            query(
                "reader",
                "SELECT tablename, has_table_privilege(current_user, '\"' || schemaname || '\".\"'"
                    + " || tablename || '\"', 'select') FROM pg_tables ORDER BY tablename"))
        .as("a name computed per row, as Metabase sends it")
        .containsExactly(List.of("secret", false), List.of("t", true));
    assertThatThrownBy(() -> query("reader", "SELECT has_table_privilege('t', 'SELEKT')"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
  }

  @Test
  void predefinedRolesCannotBeChangedAndSchemaGrantsKeepARole() {
    for (String sql :
        List.of(
            "ALTER ROLE pg_read_all_data LOGIN",
            "DROP ROLE pg_read_all_data",
            "GRANT reader TO pg_write_all_data",
            "ALTER TABLE t OWNER TO pg_read_all_data")) {
      assertThatThrownBy(() -> engine.execute(sql))
          .as(sql)
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.RESERVED_NAME));
    }
    engine.execute("GRANT pg_read_all_data TO reader");
    assertThat(query("reader", "SELECT a FROM secret")).containsExactly(List.of(42L));
    assertDenied("reader", "INSERT INTO secret VALUES (1)");
    engine.execute("GRANT CREATE ON SCHEMA public TO writer");
    assertThatThrownBy(() -> engine.execute("DROP ROLE writer"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.getMessage()).contains("privileges for schema public"));
  }

  @Test
  void aRoleSignalsOnlyItsOwnSessionsUnlessItMaySignalAll() {
    List<Integer> signalled = new CopyOnWriteArrayList<>();
    engine.setSessionDirectory(
        new SessionDirectory() {
          @Override
          public List<SessionActivity> sessions() {
            return List.of(session(1, "aurora"), session(2, "reader"), session(3, "writer"));
          }

          @Override
          public boolean cancel(int pid) {
            signalled.add(pid);
            return true;
          }

          @Override
          public boolean terminate(int pid) {
            signalled.add(-pid);
            return true;
          }
        });
    assertDenied("reader", "SELECT pg_terminate_backend(1)");
    assertDenied("reader", "SELECT pg_cancel_backend(3)");
    assertThat(query("reader", "SELECT pg_cancel_backend(2), pg_terminate_backend(2)"))
        .containsExactly(List.of(true, true));
    assertThat(signalled).containsExactly(2, -2);
    engine.execute("GRANT pg_signal_backend TO reader");
    assertThat(query("reader", "SELECT pg_cancel_backend(3)")).containsExactly(List.of(true));
    assertThat(signalled).containsExactly(2, -2, 3);
  }

  private static SessionActivity session(int pid, String user) {
    return new SessionActivity(pid, user, "psql", "127.0.0.1", 5000, 0, -1, -1, 0, "idle", null);
  }

  @Test
  void tokensAreShownOnceKeptHashedAndRevocable() {
    long now = System.currentTimeMillis() * 1000;
    String text = (String) query("reader", "CREATE TOKEN laptop").get(0).get(0);
    assertThat(text).startsWith("aur.laptop.").hasSizeGreaterThan(40);
    AccessState access = catalog.access();
    assertThat(access.authenticateToken(text, now)).isEqualTo("reader");
    assertThat(access.authenticateToken(text.substring(0, text.length() - 1) + "x", now)).isNull();
    assertThat(access.authenticateToken("aur.other." + text.substring(11), now)).isNull();
    assertThat(access.tokens()).singleElement().asString().doesNotContain(text.substring(11));

    String writers = (String) query("aurora", "CREATE TOKEN ci FOR ROLE writer").get(0).get(0);
    assertThat(catalog.access().authenticateToken(writers, now)).isEqualTo("writer");
    assertDenied("reader", "CREATE TOKEN sneaky FOR ROLE writer");
    assertThat(query("reader", "SELECT token_name, role_name FROM system.tokens"))
        .containsExactly(List.of("laptop", "reader"));
    assertThat(query("aurora", "SELECT token_name FROM system.tokens ORDER BY 1"))
        .containsExactly(List.of("ci"), List.of("laptop"));
    assertDenied("writer", "DROP TOKEN laptop");
    run("reader", "DROP TOKEN laptop");
    assertThat(catalog.access().authenticateToken(text, now)).as("revoked").isNull();

    String expired =
        (String)
            query("aurora", "CREATE TOKEN old FOR ROLE writer VALID UNTIL '2020-01-01'")
                .get(0)
                .get(0);
    assertThat(catalog.access().authenticateToken(expired, now)).as("expired").isNull();
    engine.execute("ALTER ROLE writer NOLOGIN");
    assertThat(catalog.access().authenticateToken(writers, now)).as("cannot log in").isNull();
    engine.execute("DROP ROLE writer");
    assertThat(catalog.access().tokens()).as("dropped with its role").isEmpty();
    assertThatThrownBy(() -> engine.execute("CREATE TOKEN mine"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNDEFINED_OBJECT));
  }

  @Test
  void columnPrivilegesCoverTheColumnsAStatementReadsOrWrites() {
    engine.execute("GRANT SELECT (a), INSERT (a) ON t TO reader");
    assertThat(query("reader", "SELECT a FROM t ORDER BY a"))
        .containsExactly(List.of(1L), List.of(2L));
    assertThat(query("reader", "SELECT count(*) FROM t")).containsExactly(List.of(2L));
    assertThat(query("reader", "SELECT count(*) FROM t WHERE a > 1")).containsExactly(List.of(1L));
    assertDenied("reader", "SELECT b FROM t");
    assertDenied("reader", "SELECT * FROM t");
    assertDenied("reader", "SELECT a FROM t WHERE b = 'x'");
    assertDenied("reader", "SELECT count(b) FROM t");
    assertThat(((CommandResult) run("reader", "INSERT INTO t (a) VALUES (3)")).rowCount())
        .isEqualTo(1);
    assertDenied("reader", "INSERT INTO t (a, b) VALUES (4, 'no')");
    assertDenied("reader", "INSERT INTO t VALUES (4, 'no')");
    assertDenied("reader", "SELECT count(*) FROM secret");
    assertThat(count("t")).isEqualTo(3);
    assertThat(catalog.access().columnGrantsOn("t")).containsKey("a");

    engine.execute("GRANT DELETE ON t TO reader");
    assertThat(((CommandResult) run("reader", "DELETE FROM t WHERE a = 3")).rowCount())
        .isEqualTo(1);
    assertDenied("reader", "DELETE FROM t WHERE b = 'x'");
    assertThatThrownBy(() -> engine.execute("GRANT SELECT (nope) ON t TO reader"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNDEFINED_COLUMN));
    assertThatThrownBy(() -> engine.execute("DROP ROLE reader"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.getMessage()).contains("privileges for column a of table t"));
    // Revoking the privilege on the table revokes it on its columns, as in PostgreSQL.
    engine.execute("REVOKE SELECT ON t FROM reader");
    assertDenied("reader", "SELECT a FROM t");
    assertThat(((CommandResult) run("reader", "INSERT INTO t (a) VALUES (5)")).rowCount())
        .isEqualTo(1);
  }

  @Test
  void rowLevelSecurityFiltersReadsAndDeletesAndChecksInserts() {
    engine.execute("CREATE TABLE docs (id BIGINT, owner VARCHAR, secret BOOLEAN)");
    engine.execute(
        "INSERT INTO docs VALUES (1, 'reader', false), (2, 'reader', true), (3, 'writer', false)");
    engine.execute("GRANT SELECT, INSERT, DELETE ON docs TO reader, writer");
    assertThat(query("reader", "SELECT count(*) FROM docs")).containsExactly(List.of(3L));

    engine.execute("ALTER TABLE docs ENABLE ROW LEVEL SECURITY");
    assertThat(query("reader", "SELECT count(*) FROM docs"))
        .as("no policy: no rows")
        .containsExactly(List.of(0L));
    assertThat(query("aurora", "SELECT count(*) FROM docs"))
        .as("a superuser")
        .containsExactly(List.of(3L));

    engine.execute("CREATE POLICY own ON docs USING (owner = current_user)");
    engine.execute("CREATE POLICY public_rows ON docs FOR SELECT TO reader USING (NOT secret)");
    assertThat(query("reader", "SELECT id FROM docs ORDER BY id"))
        .as("own rows or, for reader, rows that are not secret")
        .containsExactly(List.of(1L), List.of(2L), List.of(3L));
    assertThat(query("writer", "SELECT id FROM docs ORDER BY id")).containsExactly(List.of(3L));
    assertThat(query("writer", "SELECT id FROM docs WHERE id < 3")).isEmpty();
    assertThat(query("writer", "SELECT count(*), max(id) FROM docs"))
        .containsExactly(List.of(1L, 3L));
    assertThat(query("writer", "SELECT d.id FROM docs d JOIN docs e ON d.id = e.id ORDER BY 1"))
        .containsExactly(List.of(3L));

    run("writer", "INSERT INTO docs VALUES (4, 'writer', false)");
    assertThatThrownBy(() -> run("writer", "INSERT INTO docs VALUES (5, 'reader', false)"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.INSUFFICIENT_PRIVILEGE);
              assertThat(e.getMessage()).contains("row-level security policy for table \"docs\"");
            });
    assertThatThrownBy(() -> run("writer", "INSERT INTO docs SELECT 6, 'reader', false FROM docs"))
        .isInstanceOf(AuroraException.class);
    assertThat(((CommandResult) run("writer", "DELETE FROM docs")).rowCount())
        .as("only its own rows")
        .isEqualTo(2);
    assertThat(query("aurora", "SELECT id FROM docs ORDER BY id"))
        .containsExactly(List.of(1L), List.of(2L));
    assertThat(((CommandResult) run("reader", "DELETE FROM docs WHERE id = 2")).rowCount())
        .isEqualTo(1);

    assertDenied("reader", "CREATE POLICY mine ON docs USING (true)");
    assertDenied("reader", "ALTER TABLE docs DISABLE ROW LEVEL SECURITY");
    assertThatThrownBy(() -> engine.execute("CREATE POLICY bad ON docs USING (nope = 1)"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNDEFINED_COLUMN));
    assertThat(
            query(
                "aurora",
                "SELECT p.polname, p.polcmd, p.polroles, p.polqual, c.relrowsecurity"
                    + " FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid ORDER BY 1"))
        .containsExactly(
            List.of("own", "*", "{}", "owner = current_user", true),
            List.of("public_rows", "r", "{reader}", "NOT secret", true));
    assertThat(query("aurora", "SELECT rowsecurity FROM pg_tables WHERE tablename = 'docs'"))
        .containsExactly(List.of(true));
    engine.execute("DROP POLICY public_rows ON docs");
    engine.execute("ALTER TABLE docs DISABLE ROW LEVEL SECURITY");
    assertThat(query("writer", "SELECT count(*) FROM docs")).containsExactly(List.of(1L));
  }

  @Test
  void defaultPrivilegesAreGrantedOnTheTablesARoleCreatesLater() {
    engine.execute("GRANT CREATE ON SCHEMA public TO writer");
    run("writer", "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO reader");
    assertDenied(
        "reader", "ALTER DEFAULT PRIVILEGES FOR ROLE writer GRANT INSERT ON TABLES TO reader");
    run("writer", "CREATE TABLE made (a BIGINT)");
    assertThat(query("reader", "SELECT count(*) FROM made")).containsExactly(List.of(0L));
    assertDenied("reader", "INSERT INTO made VALUES (1)");
    assertDenied("reader", "SELECT * FROM secret");
    assertThatThrownBy(() -> engine.execute("DROP ROLE writer"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.getMessage()).contains("default privileges of role writer"));
    run("writer", "ALTER DEFAULT PRIVILEGES REVOKE SELECT ON TABLES FROM reader");
    run("writer", "CREATE TABLE made2 (a BIGINT)");
    assertDenied("reader", "SELECT count(*) FROM made2");
  }
}
