package io.aurora.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.segment.SegmentWriteOptions;
import io.aurora.storage.shard.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Queries over many splits give the same answers on several workers as on one. */
@Timeout(120)
class TestParallelExecution {
  private static final List<String> QUERIES =
      List.of(
          "SELECT count(*), sum(v), min(v), max(v), avg(v) FROM t",
          "SELECT k, count(*), sum(v), avg(v) FROM t GROUP BY k",
          "SELECT k, s, count(*) FROM t WHERE v % 3 = 0 GROUP BY k, s",
          "SELECT count(DISTINCT k), sum(v) FROM t",
          "SELECT v, s FROM t WHERE v < 300",
          "SELECT s, max(v) FROM t GROUP BY s HAVING count(*) > 10",
          "SELECT k, v FROM t ORDER BY v DESC LIMIT 5",
          "SELECT k, v FROM t WHERE v % 3 = 1 ORDER BY v DESC LIMIT 5 OFFSET 3",
          "SELECT s, v + 1 FROM t ORDER BY s, v LIMIT 7");

  @TempDir Path directory;
  private LocalCatalog catalog;

  @BeforeEach
  void load() {
    catalog =
        new LocalCatalog(
            directory,
            StorageConfig.DEFAULT.withWriteOptions(
                SegmentWriteOptions.DEFAULT.withBlockRowCount(64)));
    try (SqlEngine engine = new SqlEngine(catalog, EngineConfig.DEFAULT)) {
      engine.execute("CREATE TABLE t (k BIGINT, v BIGINT, s VARCHAR)");
      for (int batch = 0; batch < 8; batch++) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 500; i++) {
          int v = batch * 500 + i;
          values.append(i == 0 ? "" : ", ").append('(').append(v % 37).append(", ").append(v);
          values.append(", 's").append(v % 5).append("')");
        }
        engine.execute("INSERT INTO t VALUES " + values);
        if (batch % 2 == 0) {
          catalog.sealAll();
        }
      }
    }
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void parallelAnswersEqualSerialAnswers() {
    try (SqlEngine serial = new SqlEngine(catalog, EngineConfig.DEFAULT.withQueryParallelism(1));
        SqlEngine parallel = new SqlEngine(catalog, EngineConfig.DEFAULT.withQueryParallelism(3))) {
      for (String query : QUERIES) {
        List<List<Object>> expected = ((QueryResult) serial.execute(query)).rows();
        List<List<Object>> actual = ((QueryResult) parallel.execute(query)).rows();
        assertThat(actual).as(query).containsExactlyInAnyOrderElementsOf(expected);
      }
      String plan = explain(parallel, "SELECT k, sum(v) FROM t WHERE v > 10 GROUP BY k");
      assertThat(plan).contains("ParallelScan").contains("workers=3").contains("partial aggregate");
      assertThat(explain(serial, "SELECT k, sum(v) FROM t GROUP BY k"))
          .doesNotContain("ParallelScan");
    }
  }

  @Test
  void workerErrorsReachTheClientAndEarlyCloseStopsWorkers() {
    try (SqlEngine parallel =
        new SqlEngine(catalog, EngineConfig.DEFAULT.withQueryParallelism(2))) {
      assertThatThrownBy(
              () -> ((QueryResult) parallel.execute("SELECT 1 / (v - 1999) FROM t")).rows())
          .isInstanceOf(AuroraException.class)
          .hasMessageContaining("division by zero");
      for (int i = 0; i < 20; i++) {
        try (QueryResult result = (QueryResult) parallel.execute("SELECT v FROM t")) {
          assertThat(result.next()).isNotNull();
        }
      }
      assertThat(((QueryResult) parallel.execute("SELECT count(*) FROM t")).rows())
          .containsExactly(List.of(4000L));
    }
  }

  @Test
  void statementTimeoutCancelsALongQueryAndTheNextRuns() {
    EngineConfig config = EngineConfig.DEFAULT.withStatementTimeout(Duration.ofMillis(200));
    try (SqlEngine engine = new SqlEngine(catalog, config)) {
      AuroraException error =
          catchThrowableOfType(
              AuroraException.class,
              () ->
                  ((QueryResult)
                          engine.execute(
                              "SELECT count(*) FROM t a, t b, t c WHERE a.v + b.v + c.v = -1"))
                      .rows());
      assertThat(error).isNotNull();
      assertThat(error.errorCode().sqlState()).isEqualTo("57014");
      assertThat(((QueryResult) engine.execute("SELECT count(*) FROM t")).rows())
          .containsExactly(List.of(4000L));
    }
  }

  @Test
  void cancellationFlagStopsARunningQueryAndTheNextRuns() throws Exception {
    try (SqlEngine engine = new SqlEngine(catalog, EngineConfig.DEFAULT)) {
      AtomicBoolean isCancelled = new AtomicBoolean();
      Thread canceller =
          new Thread(
              () -> {
                try {
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                isCancelled.set(true);
              },
              "test-canceller");
      canceller.setDaemon(true);
      canceller.start();
      AuroraException error =
          catchThrowableOfType(
              AuroraException.class,
              () ->
                  ((QueryResult)
                          engine.execute(
                              "SELECT count(*) FROM t a, t b, t c WHERE a.v + b.v + c.v = -1",
                              isCancelled))
                      .rows());
      canceller.join();
      assertThat(error).isNotNull();
      assertThat(error.errorCode().sqlState()).isEqualTo("57014");
      assertThat(((QueryResult) engine.execute("SELECT count(*) FROM t")).rows())
          .containsExactly(List.of(4000L));
    }
  }

  private static String explain(SqlEngine engine, String query) {
    StringBuilder text = new StringBuilder();
    for (List<Object> row : ((QueryResult) engine.execute("EXPLAIN " + query)).rows()) {
      text.append(row.get(0)).append('\n');
    }
    return text.toString();
  }
}
