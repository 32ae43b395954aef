package io.aurora.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.LocalCatalog;
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
  private LocalCatalog catalog;
  private SqlEngine engine;

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine =
        new SqlEngine(
            catalog,
            EngineConfig.DEFAULT,
            (kind, durationNanos, rows, error) -> {
              assertThat(durationNanos).isNotNegative();
              finished.add(new Finished(kind, rows, error));
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

  private record Finished(Kind kind, long rows, @Nullable ErrorCode error) {}
}
