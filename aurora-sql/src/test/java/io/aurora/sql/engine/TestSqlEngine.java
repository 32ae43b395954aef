package io.aurora.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.catalog.TableOptions;
import io.aurora.sql.testing.TestingClusterCatalog;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.segment.SegmentWriteOptions;
import io.aurora.storage.shard.StorageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSqlEngine {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;

  @BeforeEach
  void start() {
    catalog =
        new LocalCatalog(
            directory,
            StorageConfig.DEFAULT.withWriteOptions(
                SegmentWriteOptions.DEFAULT.withBlockRowCount(100)));
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  private List<List<Object>> query(String sql) {
    return ((QueryResult) engine.execute(sql)).rows();
  }

  private static AuroraException catchAurora(Runnable statement) {
    try {
      statement.run();
    } catch (AuroraException e) {
      return e;
    }
    throw new AssertionError("no error");
  }

  /**
   * A division whose divisor folds to a NULL constant is NULL, as in PostgreSQL; sqllogictest's
   * random files write such divisions ({@code 37 / - CAST(NULL AS INTEGER)}).
   */
  @Test
  void divisionByANullConstantIsNull() {
    assertThat(query("SELECT 37 / - CAST ( NULL AS INTEGER ) * - 33 / + + ( 13 )"))
        .containsExactly(Collections.singletonList(null));
    assertThat(query("SELECT ALL - - 58 - 16 / + - CAST ( NULL AS REAL ) * 33 * + + 24"))
        .containsExactly(Collections.singletonList(null));
    assertThat(query("SELECT 7 % CAST(NULL AS INTEGER), 7.5 / CAST(NULL AS DECIMAL(4, 1))"))
        .containsExactly(Arrays.asList(null, null));
  }

  @Test
  void createInsertQueryDrop() {
    assertThat(engine.execute("CREATE TABLE t (a BIGINT NOT NULL, b VARCHAR, c DOUBLE)"))
        .isEqualTo(new CommandResult("CREATE TABLE", 0));
    CommandResult insert =
        (CommandResult) engine.execute("INSERT INTO t VALUES (1, 'x', 1.5), (2, NULL, 2.5)");
    assertThat(insert.commandTag()).isEqualTo("INSERT 0 2");
    assertThat(query("SELECT a, b, c FROM t ORDER BY a"))
        .containsExactly(Arrays.asList(1L, "x", 1.5), Arrays.asList(2L, null, 2.5));
    assertThat(query("SHOW TABLES")).containsExactly(List.of("t"));
    assertThat(query("DESCRIBE t"))
        .containsExactly(
            List.of("a", "bigint", "NO"),
            List.of("b", "varchar", "YES"),
            List.of("c", "double", "YES"));
    engine.execute("DROP TABLE t");
    assertThat(query("SHOW TABLES")).isEmpty();
    engine.execute("DROP TABLE IF EXISTS t");
    assertThat(catchAurora(() -> engine.execute("DROP TABLE t")).errorCode())
        .isEqualTo(ErrorCode.UNDEFINED_TABLE);
  }

  @Test
  void createTablePassesClusterOptionsToTheCatalog() {
    TestingClusterCatalog cluster = new TestingClusterCatalog(catalog, List.of(), List.of());
    try (SqlEngine clusterEngine = new SqlEngine(cluster, EngineConfig.DEFAULT)) {
      clusterEngine.execute(
          "CREATE TABLE events (id BIGINT, region VARCHAR) DISTRIBUTED BY (region)"
              + " WITH (replication_factor = 3, shards = 2)");
      assertThat(cluster.options("events")).isEqualTo(new TableOptions(3, List.of("region")));
      assertThat(catalog.table("events").schema().shardCount()).isEqualTo(2);

      clusterEngine.execute("CREATE TABLE plain (a BIGINT)");
      assertThat(cluster.options("plain")).isEqualTo(new TableOptions(0, List.of(), 0, true));

      CommandResult existing =
          (CommandResult)
              clusterEngine.execute(
                  "CREATE TABLE IF NOT EXISTS plain (a BIGINT) WITH (replication_factor = 2)");
      assertThat(existing.notice()).isNotNull();
    }
  }

  @Test
  void localCatalogRejectsReplicationAndIgnoresDistribution() {
    AuroraException replicated =
        catchAurora(
            () -> engine.execute("CREATE TABLE t (a BIGINT) WITH (replication_factor = 2)"));
    assertThat(replicated.errorCode().sqlState()).isEqualTo("22023");
    assertThat(replicated.getMessage()).contains("replication_factor[2]");
    assertThat(catalog.table("t")).isNull();

    engine.execute(
        "CREATE TABLE t (a BIGINT, b VARCHAR) DISTRIBUTED BY (b) WITH (replication_factor = 1)");
    engine.execute("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    assertThat(query("SELECT sum(a) FROM t")).containsExactly(List.of(3L));

    String unknown = "CREATE TABLE u (a BIGINT) DISTRIBUTED BY (b)";
    AuroraException unknownColumn = catchAurora(() -> engine.execute(unknown));
    assertThat(unknownColumn.errorCode().sqlState()).isEqualTo("42703");
    assertThat(unknownColumn.position()).isEqualTo(unknown.indexOf("(b)") + 2);
  }

  @Test
  void checkpointSealsRowsIntoSegmentFiles() throws IOException {
    engine.execute("CREATE TABLE t (a BIGINT NOT NULL)");
    engine.execute("INSERT INTO t VALUES (1), (2), (3)");
    long filesBefore = regularFiles();
    assertThat(engine.execute("CHECKPOINT")).isEqualTo(new CommandResult("CHECKPOINT", 0));
    assertThat(regularFiles()).isGreaterThan(filesBefore);
    assertThat(query("SELECT sum(a) FROM t")).containsExactly(List.of(6L));
    assertThat(catchAurora(() -> engine.execute("CHECKPOINT t")).errorCode())
        .isEqualTo(ErrorCode.SYNTAX_ERROR);
  }

  private long regularFiles() throws IOException {
    try (var paths = Files.walk(directory)) {
      return paths.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void insertSelectAndAddColumn() {
    engine.execute("CREATE TABLE src (a INTEGER, b VARCHAR)");
    engine.execute("INSERT INTO src VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    engine.execute("CREATE TABLE dst (a BIGINT, b VARCHAR)");
    engine.execute("INSERT INTO dst SELECT a, upper(b) FROM src WHERE a > 1");
    assertThat(query("SELECT a, b FROM dst ORDER BY a"))
        .containsExactly(List.of(2L, "TWO"), List.of(3L, "THREE"));
    engine.execute("ALTER TABLE dst ADD COLUMN c INTEGER");
    engine.execute("INSERT INTO dst VALUES (4, 'four', 44)");
    assertThat(query("SELECT a, c FROM dst ORDER BY a"))
        .containsExactly(Arrays.asList(2L, null), Arrays.asList(3L, null), Arrays.asList(4L, 44));
  }

  @Test
  void notNullViolationStoresNothing() {
    engine.execute("CREATE TABLE t (a BIGINT NOT NULL)");
    assertThat(catchAurora(() -> engine.execute("INSERT INTO t VALUES (1), (NULL)")).errorCode())
        .isIn(ErrorCode.NOT_NULL_VIOLATION, ErrorCode.DATATYPE_MISMATCH);
    assertThat(query("SELECT count(*) FROM t")).containsExactly(List.of(0L));
  }

  @Test
  void errorsCarrySqlStatesPositionsAndSuggestions() {
    engine.execute("CREATE TABLE events (user_id BIGINT, country VARCHAR)");
    AuroraException unknownTable = catchAurora(() -> engine.execute("SELECT * FROM event"));
    assertThat(unknownTable.errorCode().sqlState()).isEqualTo("42P01");
    assertThat(unknownTable.getMessage()).isEqualTo("Table[event] does not exist");
    assertThat(unknownTable.hint()).isEqualTo("Did you mean [events]?");
    assertThat(unknownTable.position()).isEqualTo(15);

    AuroraException unknownColumn = catchAurora(() -> engine.execute("SELECT contry FROM events"));
    assertThat(unknownColumn.errorCode().sqlState()).isEqualTo("42703");
    assertThat(unknownColumn.getMessage()).isEqualTo("Column[contry] does not exist");
    assertThat(unknownColumn.hint()).isEqualTo("Did you mean [country]?");
    assertThat(unknownColumn.position()).isEqualTo(8);

    AuroraException syntax = catchAurora(() -> engine.execute("SELEC 1"));
    assertThat(syntax.errorCode().sqlState()).isEqualTo("42601");
    assertThat(syntax.position()).isEqualTo(1);

    assertThat(catchAurora(() -> engine.execute("CREATE TABLE events (a INT)")).errorCode())
        .isEqualTo(ErrorCode.DUPLICATE_TABLE);
    AuroraException badType = catchAurora(() -> engine.execute("CREATE TABLE x (a BLOB)"));
    assertThat(badType.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(badType.position()).isEqualTo(19);
  }

  @Test
  void divisionByZeroAndOverflowFailWithSqlStates() {
    engine.execute("CREATE TABLE t (a INTEGER, b BIGINT)");
    engine.execute("INSERT INTO t VALUES (0, 9223372036854775807)");
    assertThat(catchAurora(() -> query("SELECT 10 / a FROM t")).errorCode().sqlState())
        .isEqualTo("22012");
    assertThat(catchAurora(() -> query("SELECT b + 1 FROM t")).errorCode().sqlState())
        .isEqualTo("22003");
    assertThat(query("SELECT count(*) FROM t")).containsExactly(List.of(1L));
  }

  @Test
  void explainAnalyzeShowsPartitionsAndBlocksSkipped() {
    engine.execute(
        "CREATE TABLE hits (ts TIMESTAMP NOT NULL, id BIGINT, url VARCHAR)"
            + " PARTITION BY DAY (ts) SORT BY (id)");
    for (int day = 0; day < 5; day++) {
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < 1000; i++) {
        values
            .append(i == 0 ? "" : ", ")
            .append("(TIMESTAMP '2025-01-0")
            .append(day + 1)
            .append(" 00:00:00' + INTERVAL '")
            .append(i)
            .append("' SECOND, ")
            .append(day * 1000 + i)
            .append(", 'u")
            .append(i % 7)
            .append("')");
      }
      engine.execute("INSERT INTO hits VALUES " + values);
    }
    catalog.sealAll();
    String sql =
        "SELECT count(*) FROM hits WHERE ts >= TIMESTAMP '2025-01-04 00:00:00' AND id < 3100";
    StringBuilder plan = new StringBuilder();
    for (List<Object> row : query("EXPLAIN ANALYZE " + sql)) {
      plan.append(row.get(0)).append('\n');
    }
    assertThat(plan.toString())
        .contains("Scan")
        .contains("partitions skipped=3/5")
        .containsPattern("blocks skipped=[1-9]");
    assertThat(query(sql)).containsExactly(List.of(100L));
    assertThat((String) query("EXPLAIN SELECT count(*) FROM hits").get(0).get(0))
        .contains("Aggregate");
    // Constants that are not literals (a string cast to TIMESTAMP, now() minus an interval) are
    // folded before push-down, so they prune partitions as well.
    for (String filter :
        List.of("ts >= '2025-01-04'", "ts >= CAST('2025-01-04 00:00:00' AS TIMESTAMP)")) {
      assertThat(explainAnalyze("SELECT count(*) FROM hits WHERE " + filter))
          .contains("partitions skipped=3/5");
      assertThat(query("SELECT count(*) FROM hits WHERE " + filter))
          .containsExactly(List.of(2000L));
    }
    assertThat(explainAnalyze("SELECT count(*) FROM hits WHERE ts > now() - INTERVAL '1' HOUR"))
        .contains("partitions skipped=5/5");
    assertThat(query("SELECT count(*) FROM hits WHERE ts > now() - INTERVAL '1' HOUR"))
        .containsExactly(List.of(0L));
    assertThat(explainAnalyze("SELECT count(*) FROM hits WHERE ts > now() - INTERVAL '30 days'"))
        .contains("partitions skipped=5/5");
  }

  @Test
  void generateSeriesRefusesAZeroStepAndArgumentsFromAnotherTable() {
    assertThatThrownBy(() -> query("SELECT * FROM generate_series(1, 10, 0)"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    engine.execute("CREATE TABLE bounds (n INTEGER)");
    engine.execute("INSERT INTO bounds VALUES (2), (3)");
    assertThatThrownBy(
            () -> query("SELECT * FROM bounds b, LATERAL TABLE(generate_series(1, b.n)) s(x)"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FEATURE_NOT_SUPPORTED));
    assertThat(query("SELECT * FROM generate_series(1, CAST(NULL AS INTEGER))")).isEmpty();
  }

  @Test
  void postgresTypeNamesWorkInCasts() {
    engine.execute("CREATE TABLE stamps (t TIMESTAMP, n INTEGER)");
    engine.execute("INSERT INTO stamps VALUES (TIMESTAMP '2025-01-02 03:04:05', 7)");
    assertThat(
            query(
                "SELECT CAST(n AS text), CAST('8' AS int8), CAST(t AS timestamptz),"
                    + " t::timestamptz, CAST(t AS timestamp with time zone),"
                    + " CAST(n AS pg_catalog.float8), n::bool FROM stamps"))
        .containsExactly(
            List.of(
                "7",
                8L,
                1_735_787_045_000_000L,
                1_735_787_045_000_000L,
                1_735_787_045_000_000L,
                7.0,
                true));
  }

  @Test
  void dateColumnsComparedWithTimestampsArePushedDown() {
    engine.execute("CREATE TABLE daily (day DATE NOT NULL, n BIGINT)");
    for (int day = 1; day <= 5; day++) {
      engine.execute("INSERT INTO daily VALUES (DATE '2025-01-0" + day + "', " + day + ")");
    }
    // A date minus an interval is a timestamp (PostgreSQL's rule): the comparison is on the date
    // column cast to TIMESTAMP, and is still pushed down to storage: on or after 2025-01-04
    // (day 20092), the first midnight at or after 2025-01-03 12:00.
    String filter = "day >= DATE '2025-01-05' - INTERVAL '36 hours'";
    assertThat(explain("SELECT sum(n) FROM daily WHERE " + filter))
        .contains("Comparison[column=day, operator=GREATER_THAN_OR_EQUAL, value=20092]")
        .doesNotContain("filter=");
    assertThat(query("SELECT sum(n) FROM daily WHERE " + filter)).containsExactly(List.of(9L));
    assertThat(query("SELECT sum(n) FROM daily WHERE day > TIMESTAMP '2025-01-02 12:00:00'"))
        .containsExactly(List.of(12L));
    assertThat(query("SELECT sum(n) FROM daily WHERE day <= TIMESTAMP '2025-01-02 12:00:00'"))
        .containsExactly(List.of(3L));
    assertThat(query("SELECT sum(n) FROM daily WHERE day < TIMESTAMP '2025-01-02 12:00:00'"))
        .containsExactly(List.of(3L));
    assertThat(query("SELECT count(*) FROM daily WHERE day = TIMESTAMP '2025-01-02 00:00:01'"))
        .containsExactly(List.of(0L));
    assertThat(query("SELECT sum(n) FROM daily WHERE day = TIMESTAMP '2025-01-02 00:00:00'"))
        .containsExactly(List.of(2L));
    assertThat(explain("SELECT sum(n) FROM daily WHERE day > current_date - 7"))
        .contains("Comparison[column=day, operator=GREATER_THAN");
  }

  private String explainAnalyze(String sql) {
    return explain("ANALYZE " + sql);
  }

  @Test
  void countStarReadsNoColumnAndShiftedSumsShareOneSum() {
    engine.execute("CREATE TABLE t (a INTEGER, b BIGINT)");
    engine.execute("INSERT INTO t VALUES (1, 10), (2, 20), (NULL, 30)");
    catalog.sealAll();
    engine.execute("INSERT INTO t VALUES (4, 40)");
    assertThat(explain("SELECT count(*) FROM t")).contains("columns=[]");
    assertThat(query("SELECT count(*) FROM t")).containsExactly(List.of(4L));
    String sums = "SELECT sum(a + 1), sum(a + 2), sum(a - 3), sum(100 + a) FROM t";
    // One SUM and one COUNT of a, instead of four sums of four expressions.
    assertThat(explain(sums)).containsOnlyOnce("SUM(").containsOnlyOnce("COUNT(");
    assertThat(query(sums)).containsExactly(List.of(10L, 13L, -2L, 307L));
    assertThat(query("SELECT sum(a + 1), sum(a + 2) FROM t WHERE b > 100"))
        .containsExactly(java.util.Arrays.asList(null, null));
  }

  private String explain(String sql) {
    StringBuilder plan = new StringBuilder();
    for (List<Object> row : query("EXPLAIN " + sql)) {
      plan.append(row.get(0)).append('\n');
    }
    return plan.toString();
  }

  @Test
  void approximateAggregatesAndPostgresFunctions() {
    engine.execute("CREATE TABLE t (a BIGINT, d DOUBLE, ts TIMESTAMP)");
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      values.append(i == 0 ? "" : ", ").append('(').append(i % 100).append(", ").append(i);
      values.append(", TIMESTAMP '2025-01-01 10:00:00' + INTERVAL '").append(i).append("' HOUR)");
    }
    engine.execute("INSERT INTO t VALUES " + values);
    List<Object> row =
        query(
                "SELECT approx_count_distinct(a), approx_percentile(d, 0.5),"
                    + " percentile_cont(0.5) WITHIN GROUP (ORDER BY d) FROM t")
            .get(0);
    assertThat((Long) row.get(0)).isBetween(95L, 105L);
    assertThat((Double) row.get(1)).isBetween(480.0, 520.0);
    assertThat(row.get(2)).isEqualTo(499.5);
    assertThat(query("SELECT count(DISTINCT date_trunc('month', ts)) FROM t"))
        .containsExactly(List.of(2L));
    assertThat(query("SELECT count(*) FROM t WHERE ts < now() AND a::varchar || 'x' ILIKE '7X'"))
        .containsExactly(List.of(10L));
  }

  @Test
  void joinConditionSharedByEveryBranchOfOrBecomesEquiJoin() {
    engine.execute("CREATE TABLE l (k INTEGER, q INTEGER)");
    engine.execute("CREATE TABLE p (k INTEGER, brand VARCHAR)");
    engine.execute("INSERT INTO l VALUES (1, 5), (1, 15), (2, 5), (3, 25)");
    engine.execute("INSERT INTO p VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    String sql =
        "SELECT count(*) FROM l, p"
            + " WHERE (p.k = l.k AND p.brand = 'a' AND l.q < 10)"
            + " OR (p.k = l.k AND p.brand = 'c' AND l.q > 20)";
    StringBuilder plan = new StringBuilder();
    for (List<Object> row : query("EXPLAIN " + sql)) {
      plan.append(row.get(0)).append('\n');
    }
    assertThat(plan.toString()).contains("HashJoin").doesNotContain("keys=[]=[]");
    assertThat(query(sql)).containsExactly(List.of(2L));
  }

  @Test
  void queryOverMemoryLimitFailsAndTheNextSucceeds() {
    try (SqlEngine small =
        new SqlEngine(catalog, EngineConfig.DEFAULT.withQueryMaxMemoryBytes(64 * 1024))) {
      small.execute("CREATE TABLE t (a BIGINT, b VARCHAR)");
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < 20_000; i++) {
        values
            .append(i == 0 ? "" : ", ")
            .append('(')
            .append(i)
            .append(", 'value ")
            .append(i)
            .append("')");
      }
      small.execute("INSERT INTO t VALUES " + values);
      AuroraException error =
          catchAurora(
              () -> ((QueryResult) small.execute("SELECT b, count(*) FROM t GROUP BY b")).rows());
      assertThat(error.errorCode().sqlState()).isEqualTo("53200");
      assertThat(((QueryResult) small.execute("SELECT count(*) FROM t")).rows())
          .containsExactly(List.of(20_000L));
    }
  }
}
