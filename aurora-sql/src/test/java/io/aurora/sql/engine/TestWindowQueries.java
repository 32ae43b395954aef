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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Window functions end to end where DuckDB, the differential oracle, differs from PostgreSQL or
 * cannot answer: LAG's result type, RANGE offsets at the ends of the BIGINT range, the plans
 * Calcite hands over, and the errors of forms Aurora does not support.
 */
class TestWindowQueries {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    engine.execute(
        "CREATE TABLE w (id INTEGER NOT NULL, small SMALLINT, age INTEGER, big BIGINT, d DATE)");
    engine.execute(
        "INSERT INTO w VALUES (1, 5, 30, 9223372036854775807, DATE '2025-01-01'),"
            + " (2, NULL, NULL, -9223372036854775807, NULL),"
            + " (3, 7, 40, 0, DATE '2025-01-02'),"
            + " (4, 9, 40, 1, DATE '2025-02-01')");
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  private List<List<Object>> query(String sql) {
    return ((QueryResult) engine.execute(sql)).rows();
  }

  /**
   * DuckDB casts the default to the value's type; PostgreSQL resolves a common type. Decimals come
   * back as their unscaled values.
   */
  @Test
  void lagAndLeadReturnTheCommonTypeOfValueAndDefault() {
    QueryResult result =
        (QueryResult)
            engine.execute(
                "SELECT id, lag(small, 1, 100000) OVER (ORDER BY id),"
                    + " lead(age, 1, 1.5) OVER (ORDER BY id),"
                    + " lead(small, 2, age) OVER (ORDER BY id) FROM w ORDER BY id");
    assertThat(result.types())
        .containsExactly(
            DataType.INTEGER, DataType.INTEGER, DataType.decimal(11, 1), DataType.INTEGER);
    assertThat(result.rows())
        .containsExactly(
            Arrays.asList(1, 100000, null, 7),
            Arrays.asList(2, 5, 400L, 9),
            Arrays.asList(3, null, 400L, 40),
            Arrays.asList(4, 7, 15L, 40));
  }

  /**
   * PostgreSQL's in_range treats a key plus or minus an offset beyond the BIGINT range as beyond
   * every key, where DuckDB fails with an overflow.
   */
  @Test
  void rangeOffsetsBeyondTheBigintRangeReachEveryRow() {
    assertThat(
            query(
                "SELECT big, count(*) OVER (ORDER BY big"
                    + " RANGE BETWEEN 9223372036854775807 PRECEDING AND 1 FOLLOWING) FROM w"
                    + " ORDER BY big"))
        .containsExactly(
            List.of(-9223372036854775807L, 1L),
            List.of(0L, 3L),
            List.of(1L, 2L),
            List.of(9223372036854775807L, 3L));
  }

  @Test
  void monthOffsetsOverDatesCountCalendarMonths() {
    assertThat(
            query(
                "SELECT d, count(*) OVER (ORDER BY d RANGE BETWEEN INTERVAL '1' MONTH PRECEDING"
                    + " AND CURRENT ROW) FROM w ORDER BY d"))
        .containsExactly(
            List.of(epochDay(2025, 1, 1), 1L),
            List.of(epochDay(2025, 1, 2), 2L),
            List.of(epochDay(2025, 2, 1), 3L),
            Arrays.asList(null, 1L));
  }

  /** A DATE as query results hold it. */
  private static int epochDay(int year, int month, int day) {
    return Math.toIntExact(LocalDate.of(year, month, day).toEpochDay());
  }

  @Test
  void calciteHandsEveryFrameFormToTheWindowOperator() {
    assertThat(
            explain(
                "SELECT sum(age) OVER (ORDER BY id RANGE BETWEEN 2 PRECEDING AND 1 FOLLOWING) FROM w"))
        .contains("Window", "start=2 PRECEDING, end=1 FOLLOWING");
    assertThat(
            explain(
                "SELECT count(*) OVER (ORDER BY d DESC RANGE BETWEEN INTERVAL '1' DAY PRECEDING"
                    + " AND CURRENT ROW) FROM w"))
        .contains("unit=RANGE, start=86400000000 PRECEDING, end=CURRENT ROW");
    assertThat(
            explain(
                "SELECT min(age) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING"
                    + " EXCLUDE CURRENT ROW) FROM w"))
        .contains("unit=ROWS, start=1 FOLLOWING, end=2 FOLLOWING, exclusion=CURRENT_ROW");
    assertThat(
            explain(
                "SELECT lag(age, 2) OVER (ORDER BY id), nth_value(age, 2) OVER (ORDER BY id),"
                    + " ntile(3) OVER (ORDER BY id), cume_dist() OVER (ORDER BY id) FROM w"))
        .contains("LAG(", "NTH_VALUE(", "NTILE(", "CUME_DIST(");
  }

  private String explain(String sql) {
    StringBuilder plan = new StringBuilder();
    for (List<Object> row : query("EXPLAIN " + sql)) {
      plan.append(row.get(0)).append('\n');
    }
    return plan.toString();
  }

  @Test
  void unsupportedFormsFailAsFeatureNotSupported() {
    for (String sql :
        List.of(
            "SELECT lag(age) IGNORE NULLS OVER (ORDER BY id) FROM w",
            "SELECT lag(age, age) OVER (ORDER BY id) FROM w",
            "SELECT sum(age) OVER (ORDER BY id GROUPS BETWEEN age PRECEDING AND CURRENT ROW) FROM w",
            "SELECT count(*) OVER (ORDER BY age RANGE BETWEEN 1.5 PRECEDING AND CURRENT ROW)"
                + " FROM w")) {
      assertThatThrownBy(() -> engine.execute(sql))
          .as(sql)
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FEATURE_NOT_SUPPORTED));
    }
  }

  /**
   * PostgreSQL allows the ranking and distribution functions without ORDER BY, where Calcite's
   * validator requires one: all rows of a partition are then peers, so rank and dense_rank are 1,
   * percent_rank 0 and cume_dist 1, while row_number and ntile number the rows in some order.
   */
  @Test
  void rankingFunctionsWithoutOrderByTreatAllRowsAsPeers() {
    assertThat(
            query(
                "SELECT rank() OVER (), dense_rank() OVER (), percent_rank() OVER (),"
                    + " cume_dist() OVER () FROM w"))
        .containsExactly(
            List.of(1L, 1L, 0.0, 1.0),
            List.of(1L, 1L, 0.0, 1.0),
            List.of(1L, 1L, 0.0, 1.0),
            List.of(1L, 1L, 0.0, 1.0));
    assertThat(query("SELECT row_number() OVER (), ntile(3) OVER () FROM w"))
        .extracting(row -> row.get(0))
        .containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
    assertThat(query("SELECT ntile(3) OVER () FROM w"))
        .extracting(row -> row.get(0))
        .containsExactlyInAnyOrder(1L, 1L, 2L, 3L);
    assertThat(
            query(
                "SELECT age, rank() OVER (PARTITION BY age), percent_rank() OVER (PARTITION BY"
                    + " age), cume_dist() OVER (PARTITION BY age), ntile(5) OVER (PARTITION BY"
                    + " age) FROM w WHERE age IS NOT NULL"))
        .containsExactlyInAnyOrder(
            List.of(30, 1L, 0.0, 1.0, 1L),
            List.of(40, 1L, 0.0, 1.0, 1L),
            List.of(40, 1L, 0.0, 1.0, 2L));
  }

  /** As in PostgreSQL, ntile fails with 22014 and nth_value with 22016. */
  @Test
  void ntileAndNthValueNeedAPositiveArgument() {
    for (Map.Entry<String, ErrorCode> entry :
        Map.of(
                "SELECT ntile(0) OVER (ORDER BY id) FROM w",
                ErrorCode.INVALID_ARGUMENT_FOR_NTILE,
                "SELECT nth_value(age, 0) OVER (ORDER BY id) FROM w",
                ErrorCode.INVALID_ARGUMENT_FOR_NTH_VALUE)
            .entrySet()) {
      assertThatThrownBy(() -> engine.execute(entry.getKey()))
          .as(entry.getKey())
          .isInstanceOfSatisfying(
              AuroraException.class, e -> assertThat(e.errorCode()).isEqualTo(entry.getValue()));
    }
  }

  /** Ages 30, NULL, 40, 40 by id: ordered by age the peer groups are {30}, {40, 40}, {NULL}. */
  @Test
  void groupsFramesCountPeerGroups() {
    assertThat(
            query(
                "SELECT id, count(*) OVER (ORDER BY age GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW),"
                    + " sum(id) OVER (ORDER BY age GROUPS BETWEEN 1 FOLLOWING AND 1 FOLLOWING)"
                    + " FROM w ORDER BY id"))
        .containsExactly(
            List.of(1, 1L, 7L), Arrays.asList(2, 3L, null), List.of(3, 3L, 2L), List.of(4, 3L, 2L));
  }

  @Test
  void groupsFramesNeedOrderBy() {
    assertThatThrownBy(
            () ->
                engine.execute(
                    "SELECT sum(age) OVER (GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM w"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.WINDOWING_ERROR);
              assertThat(e.getMessage()).contains("GROUPS mode requires an ORDER BY clause");
            });
  }
}
