package io.aurora.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.catalog.RunningQuery;
import io.aurora.sql.engine.StatementListener.Kind;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.StorageConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestStatementListener {
  @TempDir Path directory;
  private final List<Finished> finished = new CopyOnWriteArrayList<>();
  private final List<FinishedStatement> statements = new CopyOnWriteArrayList<>();
  private LocalCatalog catalog;
  private SqlEngine engine;

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine =
        new SqlEngine(
            catalog,
            EngineConfig.DEFAULT,
            statement -> {
              assertThat(statement.durationNanos()).isNotNegative();
              statements.add(statement);
              finished.add(new Finished(statement.kind(), statement.rows(), statement.error()));
            });
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  @Test
  void reportsEachCommandWhenItReturns() {
    engine.execute("CREATE TABLE t (a BIGINT)");
    engine.execute("INSERT INTO t VALUES (1), (2), (3)");

    assertThat(finished)
        .containsExactly(new Finished(Kind.DDL, 0, null), new Finished(Kind.INSERT, 3, null));
  }

  @Test
  void reportsQueryWithRowsReadWhenClosed() {
    engine.execute("CREATE TABLE t (a BIGINT)");
    engine.execute("INSERT INTO t VALUES (1), (2), (3)");
    finished.clear();

    QueryResult result = (QueryResult) engine.execute("SELECT a FROM t WHERE a > 1");
    assertThat(finished).isEmpty();
    assertThat(result.rows()).hasSize(2);

    assertThat(finished).containsExactly(new Finished(Kind.QUERY, 2, null));
  }

  @Test
  void reportsFailuresWithTheirCode() {
    assertThatThrownBy(() -> engine.execute("SELEC 1")).isNotNull();
    assertThatThrownBy(() -> engine.execute("SELECT a FROM missing")).isNotNull();
    assertThatThrownBy(() -> engine.execute("DROP TABLE missing")).isNotNull();

    assertThat(finished)
        .containsExactly(
            new Finished(Kind.OTHER, 0, ErrorCode.SYNTAX_ERROR),
            new Finished(Kind.QUERY, 0, ErrorCode.UNDEFINED_TABLE),
            new Finished(Kind.DDL, 0, ErrorCode.UNDEFINED_TABLE));
  }

  @Test
  void reportsCancelledQueryWhileReading() {
    engine.execute("CREATE TABLE t (a BIGINT)");
    engine.execute("INSERT INTO t VALUES (1), (2), (3)");
    finished.clear();
    AtomicBoolean isCancelled = new AtomicBoolean();

    QueryResult result = (QueryResult) engine.execute("SELECT a FROM t", isCancelled);
    isCancelled.set(true);
    assertThatThrownBy(result::rows).hasMessageContaining("cancel");

    assertThat(finished).containsExactly(new Finished(Kind.QUERY, 0, ErrorCode.QUERY_CANCELED));
  }

  /**
   * What the query log keeps: each statement's own id (the one system.queries showed while it ran),
   * its text, the rows its scans read beside the rows it returned, its client and its error.
   */
  @Test
  void reportsIdTextRowsReadClientAndError() {
    engine.execute("CREATE TABLE t (a BIGINT)");
    engine.execute("INSERT INTO t VALUES (1), (2), (3), (4)");
    statements.clear();
    CurrentSession.enter(new CurrentSession.Client("pgwire", 4242, "alice", "127.0.0.1"));
    long queryId;
    try (QueryResult result = (QueryResult) engine.execute("SELECT a FROM t WHERE a > 3;")) {
      List<RunningQuery> running = engine.runningQueries();
      assertThat(running).hasSize(1);
      queryId = running.get(0).queryId();
      assertThat(running.get(0).pid()).isEqualTo(4242);
      assertThat(running.get(0).user()).isEqualTo("alice");
      assertThat(result.rows()).hasSize(1);
    } finally {
      CurrentSession.leave();
    }
    assertThatThrownBy(() -> ((QueryResult) engine.execute("SELECT a / 0 FROM t")).rows())
        .isNotNull();

    assertThat(statements).hasSize(2);
    FinishedStatement query = statements.get(0);
    assertThat(query.queryId()).isEqualTo(queryId);
    assertThat(query.query()).isEqualTo("SELECT a FROM t WHERE a > 3");
    assertThat(query.rows()).isEqualTo(1);
    assertThat(query.rowsRead()).isEqualTo(4);
    assertThat(query.client())
        .isEqualTo(new CurrentSession.Client("pgwire", 4242, "alice", "127.0.0.1"));
    assertThat(query.error()).isNull();
    FinishedStatement failed = statements.get(1);
    assertThat(failed.queryId()).isGreaterThan(queryId);
    assertThat(failed.client()).isNull();
    assertThat(failed.error()).isEqualTo(ErrorCode.DIVISION_BY_ZERO);
    assertThat(failed.errorMessage()).containsIgnoringCase("division by zero");
  }

  private record Finished(Kind kind, long rows, @Nullable ErrorCode error) {}
}
