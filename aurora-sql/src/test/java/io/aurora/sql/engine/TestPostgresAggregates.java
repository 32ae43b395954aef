package io.aurora.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.DataType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's aggregates where the differential tests' oracle, DuckDB, has no such function
 * (every, count over several columns) or answers differently (a NULL separator, result types), and
 * the errors of the forms Aurora does not run.
 */
class TestPostgresAggregates {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    engine.execute("CREATE TABLE t (g BIGINT, a VARCHAR, b BIGINT, f BOOLEAN, i INTEGER)");
    engine.execute(
        "INSERT INTO t VALUES (1, 'x', 1, true, 1), (1, 'x', 1, true, 2), (1, 'x', 2, NULL, 3),"
            + " (1, NULL, 2, false, 4), (2, 'y', NULL, true, 5), (2, 'y', 3, true, 6),"
            + " (2, 'z', 3, NULL, NULL)");
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  private List<List<Object>> query(String sql) {
    return ((QueryResult) engine.execute(sql)).rows();
  }

  private ErrorCode errorOf(String sql) {
    try {
      engine.execute(sql);
    } catch (AuroraException e) {
      return e.errorCode();
    }
    throw new AssertionError("no error: " + sql);
  }

  @Test
  void everyIsBoolAnd() {
    assertThat(query("SELECT g, every(f), bool_and(f), bool_or(f) FROM t GROUP BY g ORDER BY g"))
        .containsExactly(List.of(1L, false, false, true), List.of(2L, true, true, true));
    assertThat(query("SELECT every(f) FILTER (WHERE i < 3) FROM t")).containsExactly(List.of(true));
  }

  @Test
  void countOfSeveralColumnsCountsRowsWithoutNulls() {
    assertThat(query("SELECT count(a, b), count(DISTINCT a, b) FROM t"))
        .containsExactly(List.of(5L, 4L));
    // alone, the distinct count is planned as a grouping by (g, a, b) below a count
    assertThat(query("SELECT g, count(DISTINCT a, b) FROM t GROUP BY g ORDER BY g"))
        .containsExactly(List.of(1L, 2L), List.of(2L, 2L));
    // beside a variance, it is counted by the aggregation itself
    assertThat(query("SELECT g, count(DISTINCT a, b), var_pop(i) FROM t GROUP BY g ORDER BY g"))
        .containsExactly(List.of(1L, 2L, 1.25), List.of(2L, 2L, 0.25));
    assertThat(query("SELECT count(DISTINCT a, b) FILTER (WHERE f) FROM t"))
        .containsExactly(List.of(2L));
  }

  @Test
  void resultsAsPostgresGivesThem() {
    QueryResult result =
        (QueryResult)
            engine.execute(
                "SELECT stddev(i), var_samp(i), percentile_cont(0.5) WITHIN GROUP (ORDER BY i),"
                    + " percentile_disc(0.5) WITHIN GROUP (ORDER BY i) FROM t WHERE g = 1");
    assertThat(result.types())
        .containsExactly(DataType.DOUBLE, DataType.DOUBLE, DataType.DOUBLE, DataType.INTEGER);
    List<Object> row = result.rows().get(0);
    assertThat(row.get(1)).isEqualTo(5.0 / 3);
    assertThat(row.subList(2, 4)).containsExactly(2.5, 2);
    // a NULL separator adds nothing between the values
    assertThat(query("SELECT string_agg(a, NULL ORDER BY i) FROM t"))
        .containsExactly(List.of("xxxyyz"));
    // the sample forms need two values, the population forms one
    assertThat(
            query(
                "SELECT var_samp(i), stddev_samp(i), var_pop(i), stddev_pop(i) FROM t WHERE i = 6"))
        .containsExactly(Arrays.asList(null, null, 0.0, 0.0));
    // large values with a small spread: a sum of squares would lose every digit
    engine.execute("CREATE TABLE big (v DOUBLE)");
    engine.execute("INSERT INTO big VALUES (1e9 + 4), (1e9 + 7), (1e9 + 13), (1e9 + 16)");
    assertThat(query("SELECT var_samp(v) FROM big")).containsExactly(List.of(30.0));
  }

  @Test
  void unsupportedFormsFailWithClearErrors() {
    assertThat(errorOf("SELECT string_agg(a, a) FROM t"))
        .isEqualTo(ErrorCode.FEATURE_NOT_SUPPORTED);
    assertThat(errorOf("SELECT percentile_disc(i / 10.0) WITHIN GROUP (ORDER BY i) FROM t"))
        .isEqualTo(ErrorCode.FEATURE_NOT_SUPPORTED);
    assertThat(errorOf("SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY i) FROM t"))
        .isEqualTo(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE);
    // Calcite's validator rejects it (PostgreSQL says 0A000)
    assertThat(
            errorOf(
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY i) OVER (PARTITION BY g) FROM t"))
        .isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(errorOf("SELECT string_agg(a, ',') OVER (PARTITION BY g) FROM t"))
        .isEqualTo(ErrorCode.FEATURE_NOT_SUPPORTED);
  }

  @Test
  void repeatedGroupingSetsRepeatTheirRows() {
    assertThat(query("SELECT a, group_id(), count(*) FROM t GROUP BY GROUPING SETS ((a), (a))"))
        .containsExactlyInAnyOrder(
            List.of("x", 0L, 3L),
            List.of("x", 1L, 3L),
            List.of("y", 0L, 2L),
            List.of("y", 1L, 2L),
            List.of("z", 0L, 1L),
            List.of("z", 1L, 1L),
            Arrays.asList(null, 0L, 1L),
            Arrays.asList(null, 1L, 1L));
  }
}
