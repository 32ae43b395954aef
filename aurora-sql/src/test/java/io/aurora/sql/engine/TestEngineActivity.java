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
