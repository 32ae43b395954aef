package io.aurora.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.storage.shard.StorageConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine shows of its own work: {@code system.queries} lists the statement reading it, as
 * PostgreSQL's {@code pg_stat_activity} does; {@code pg_stat_user_tables} counts scans, rows read,
 * inserted and deleted per table.
 */
class TestEngineActivity {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  private List<List<Object>> rows(String sql) {
    return ((QueryResult) engine.execute(sql)).rows();
  }

  @Test
  void systemQueriesListsTheStatementReadingIt() {
    String query = "SELECT query, rows_read FROM system.queries WHERE query LIKE 'SELECT query%'";
    assertThat(rows(query)).containsExactly(List.of(query, 0L));
  }

  /** cancel_query(query_id) stops a statement of any protocol; an unknown id answers false. */
  @Test
  void cancelQueryStopsARunningStatementById() throws Exception {
    engine.execute("CREATE TABLE big (v BIGINT)");
    engine.execute("INSERT INTO big SELECT x FROM generate_series(1, 2000) AS g(x)");
    String crossJoin = "SELECT count(*) FROM big a, big b, big c WHERE a.v + b.v + c.v = -1";
    java.util.concurrent.CompletableFuture<RuntimeException> running =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                rows(crossJoin);
                return null;
              } catch (RuntimeException e) {
                return e;
              }
            });
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    List<List<Object>> cancelled;
    do {
      assertThat(System.nanoTime()).isLessThan(deadline);
      cancelled =
          rows(
              "SELECT cancel_query(query_id) FROM system.queries WHERE query = '"
                  + crossJoin
                  + "'");
    } while (cancelled.isEmpty());
    assertThat(cancelled).containsExactly(List.of(true));
    RuntimeException failure = running.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(failure).isInstanceOf(io.aurora.storage.error.AuroraException.class);
    assertThat(((io.aurora.storage.error.AuroraException) failure).errorCode())
        .isEqualTo(io.aurora.storage.error.ErrorCode.QUERY_CANCELED);
    assertThat(rows("SELECT cancel_query(123456789), cancel_query(NULL)"))
        .containsExactly(java.util.Arrays.asList(false, null));
  }

  @Test
  void countsScansRowsReadInsertedAndDeletedPerTable() {
    engine.execute("CREATE TABLE t (a BIGINT, b VARCHAR)");
    engine.execute("CREATE TABLE untouched (a BIGINT)");
    engine.execute("INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z'), (4, 'w')");
    engine.execute("INSERT INTO t SELECT a + 10, b FROM t WHERE a > 2");
    assertThat(rows("SELECT count(*) FROM t WHERE a > 1")).containsExactly(List.of(5L));
    assertThat(engine.execute("DELETE FROM t WHERE a >= 13"))
        .isEqualTo(new CommandResult("DELETE", 2));

    assertThat(
            rows(
                "SELECT relname, seq_scan, seq_tup_read, n_tup_ins, n_tup_del, n_live_tup,"
                    + " last_seq_scan IS NOT NULL, idx_scan FROM pg_stat_user_tables"
                    + " ORDER BY relname"))
        .containsExactly(
            java.util.Arrays.asList("t", 2L, 10L, 6L, 2L, 4L, true, null),
            java.util.Arrays.asList("untouched", 0L, 0L, 0L, 0L, 0L, false, null));
    assertThat(rows("SELECT count(*) FROM pg_stat_all_tables WHERE relname = 't'"))
        .containsExactly(List.of(1L));
  }
}
