package io.aurora.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.DataType;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queries planned once and run with many parameter values, and the node's plan cache. */
class TestPreparedQueries {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    engine.execute("CREATE TABLE t (a BIGINT NOT NULL, b VARCHAR, d DATE)");
    StringBuilder insert = new StringBuilder("INSERT INTO t VALUES ");
    for (int i = 0; i < 100; i++) {
      insert.append(i == 0 ? "" : ", ");
      insert.append("(").append(i).append(", ").append(i % 3 == 0 ? "NULL" : "'b" + i % 7 + "'");
      insert.append(", DATE '").append(LocalDate.of(2026, 1, 1).plusDays(i)).append("')");
    }
    engine.execute(insert.toString());
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  @Test
  void aPreparedQueryReturnsWhatItsTextWithLiteralsReturns() {
    PreparedQuery prepared =
        engine.prepare(
            "SELECT a, b FROM t WHERE a >= $1 AND b = $2 AND d < $3 ORDER BY a",
            Arrays.asList(DataType.BIGINT, null, DataType.DATE));
    assertThat(prepared).isNotNull();
    assertThat(prepared.parameterTypes())
        .containsExactly(DataType.BIGINT, DataType.VARCHAR, DataType.DATE);
    long planned = engine.plannedStatements();
    for (int low : new int[] {0, 10, 50, 99}) {
      for (String b : new String[] {"b1", "b4", "none"}) {
        List<List<Object>> expected =
            query(
                "SELECT a, b FROM t WHERE a >= "
                    + low
                    + " AND b = '"
                    + b
                    + "' AND d < DATE '2026-03-01' ORDER BY a");
        long before = engine.plannedStatements();
        assertThat(run(prepared, String.valueOf(low), b, "2026-03-01"))
            .as("a >= %s, b = %s", low, b)
            .isEqualTo(expected);
        assertThat(engine.plannedStatements()).as("planned again").isEqualTo(before);
      }
    }
    assertThat(planned).isPositive();
    long before = engine.plannedStatements();
    assertThat(engine.prepare(prepared.sql(), Arrays.asList(DataType.BIGINT, null, DataType.DATE)))
        .isNotNull();
    assertThat(engine.plannedStatements()).as("prepared again from the cache").isEqualTo(before);
  }

  @Test
  void parametersMayRepeatComeInAnyOrderBeNullAndLimit() {
    PreparedQuery prepared =
        engine.prepare(
            "SELECT a FROM t WHERE a > $2 AND (a < $1 OR a = $2 + 50) ORDER BY a LIMIT $3",
            Arrays.asList(null, null, null));
    assertThat(prepared).isNotNull();
    assertThat(run(prepared, "20", "5", "3"))
        .containsExactly(List.of(6L), List.of(7L), List.of(8L));
    assertThat(run(prepared, "20", "5", "100")).hasSize(15).contains(List.of(55L));
    assertThat(run(prepared, null, "5", "100")).containsExactly(List.of(55L));
  }

  @Test
  void aValueThatIsNotOfItsTypeFailsWithInvalidTextRepresentation() {
    PreparedQuery prepared =
        engine.prepare("SELECT count(*) FROM t WHERE a = $1", Arrays.asList((DataType) null));
    assertThat(prepared).isNotNull();
    assertThat(run(prepared, "7")).containsExactly(List.of(1L));
    assertThatThrownBy(() -> run(prepared, "seven"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_TEXT_REPRESENTATION));
  }

  @Test
  void aPlanIsMadeAgainAfterAddColumnAndASelectStarMustKeepItsColumns() {
    PreparedQuery named =
        engine.prepare("SELECT a, b FROM t WHERE a < $1 ORDER BY a", List.of(DataType.BIGINT));
    PreparedQuery star = engine.prepare("SELECT * FROM t WHERE a = $1", List.of(DataType.BIGINT));
    assertThat(run(named, "2")).containsExactly(Arrays.asList(0L, null), List.of(1L, "b1"));
    assertThat(run(star, "1")).hasSize(1);

    engine.execute("ALTER TABLE t ADD COLUMN c INTEGER");
    engine.execute("INSERT INTO t VALUES (-1, 'new', DATE '2026-01-01', 5)");
    assertThat(run(named, "1")).containsExactly(Arrays.asList(-1L, "new"), Arrays.asList(0L, null));
    assertThatThrownBy(() -> run(star, "1"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.FEATURE_NOT_SUPPORTED);
              assertThat(e).hasMessage("cached plan must not change result type");
            });
    // Prepared again (a new Parse), and in the simple protocol, the same text follows the new
    // columns instead.
    assertThat(run(engine.prepare("SELECT * FROM t WHERE a = $1", List.of(DataType.BIGINT)), "-1"))
        .containsExactly(Arrays.asList(-1L, "new", (int) LocalDate.of(2026, 1, 1).toEpochDay(), 5));
    assertThat(query("SELECT * FROM t WHERE a = -1"))
        .containsExactly(Arrays.asList(-1L, "new", (int) LocalDate.of(2026, 1, 1).toEpochDay(), 5));
  }

  @Test
  void aPlanFollowsATableDroppedAndCreatedAgain() {
    PreparedQuery prepared =
        engine.prepare("SELECT count(*) FROM t WHERE a >= $1", List.of(DataType.BIGINT));
    assertThat(run(prepared, "90")).containsExactly(List.of(10L));
    engine.execute("DROP TABLE t");
    assertThatThrownBy(() -> run(prepared, "90"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNDEFINED_TABLE));
    engine.execute("CREATE TABLE t (a BIGINT NOT NULL, b VARCHAR, d DATE)");
    engine.execute("INSERT INTO t VALUES (95, 'x', NULL)");
    assertThat(run(prepared, "90")).containsExactly(List.of(1L));
  }

  @Test
  void theSimpleProtocolReusesThePlanOfTheSameText() {
    int before = engine.planCacheSize();
    String sql = "SELECT b, count(*) FROM t GROUP BY b ORDER BY b";
    List<List<Object>> first = query(sql);
    assertThat(engine.planCacheSize()).isEqualTo(before + 1);
    assertThat(query(sql)).isEqualTo(first);
    assertThat(engine.planCacheSize()).isEqualTo(before + 1);
    engine.execute("INSERT INTO t VALUES (1000, 'b1', NULL)");
    assertThat(query(sql)).isNotEqualTo(first).contains(List.of("b1", 11L));
  }

  @Test
  void statementsThatCannotBePlannedOnceAreNotPrepared() {
    assertThat(engine.prepare("CREATE TABLE u (a BIGINT)", List.of())).isNull();
    assertThat(engine.prepare("INSERT INTO t VALUES ($1, 'x', NULL)", List.of(DataType.BIGINT)))
        .isNull();
    assertThat(engine.prepare("EXPLAIN SELECT * FROM t WHERE a = $1", List.of(DataType.BIGINT)))
        .isNull();
    assertThat(
            engine.prepare(
                "SELECT relname FROM pg_class WHERE relname = $1", List.of(DataType.VARCHAR)))
        .as("system tables are answered as of planning")
        .isNull();
    assertThat(
            engine.prepare("SELECT current_user, a FROM t WHERE a = $1", List.of(DataType.BIGINT)))
        .as("catalog functions are evaluated while planning")
        .isNull();
    assertThat(engine.prepare("SELECT * FROM no_such_table WHERE a = $1", List.of(DataType.BIGINT)))
        .isNull();
    int before = engine.planCacheSize();
    query("SELECT relname FROM pg_class");
    assertThat(engine.planCacheSize()).isEqualTo(before);
  }

  @Test
  void plansAreNotKeptWhenTheCacheIsOff() {
    try (SqlEngine uncached = new SqlEngine(catalog, EngineConfig.DEFAULT.withPlanCacheSize(0))) {
      ((QueryResult) uncached.execute("SELECT count(*) FROM t")).rows();
      PreparedQuery prepared =
          uncached.prepare("SELECT count(*) FROM t WHERE a < $1", List.of(DataType.BIGINT));
      assertThat(prepared).isNotNull();
      assertThat(uncached.execute(prepared, List.of("10"), new AtomicBoolean()).rows())
          .containsExactly(List.of(10L));
      assertThat(uncached.planCacheSize()).isZero();
    }
  }

  private List<List<Object>> run(PreparedQuery prepared, @Nullable String... values) {
    List<@Nullable String> list = new ArrayList<>(Arrays.asList(values));
    return engine.execute(prepared, list, new AtomicBoolean()).rows();
  }

  private List<List<Object>> query(String sql) {
    return ((QueryResult) engine.execute(sql)).rows();
  }
}
