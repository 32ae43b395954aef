package io.aurora.benchmarks.e2e;

import io.aurora.sql.datasets.BenchmarkQueries.BenchmarkQuery;
import io.aurora.sql.testing.Answers;
import io.aurora.sql.testing.ResultValues;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a suite's queries on Aurora (over pgjdbc) and on DuckDB (in-process), each query three times
 * in a row per engine as ClickBench does: the first run is "cold" (the first time this process runs
 * the query; the operating system's page cache is not dropped), the best of the next two is "hot".
 * A run's time is from sending the query to having read every row. The answers of the last runs are
 * compared with {@link Answers}; a difference or an error fails the benchmark run.
 */
final class QuerySuite {
  private static final Logger log = LoggerFactory.getLogger(QuerySuite.class);
  static final int RUNS = 3;

  /** Added to every time before the geometric mean, as ClickBench does (10 ms). */
  static final double SHIFT_SECONDS = 0.010;

  private QuerySuite() {}

  /** One query's times in seconds (NaN for runs that did not happen) and its check. */
  record QueryRun(
      String suite,
      String name,
      String sql,
      double[] aurora,
      double[] duckdb,
      long rows,
      @Nullable String failure,
      Instant auroraStart,
      Instant auroraEnd) {
    double auroraHot() {
      return Math.min(aurora[1], aurora[2]);
    }

    double duckdbHot() {
      return Math.min(duckdb[1], duckdb[2]);
    }

    boolean isOk() {
      return failure == null;
    }
  }

  /** A suite's queries and their shifted geometric means (cold and hot, both engines). */
  record SuiteRun(String suite, List<QueryRun> queries) {
    long failures() {
      return queries.stream().filter(query -> !query.isOk()).count();
    }

    double geometricMean(boolean isAurora, int fromRun) {
      double logs = 0;
      int count = 0;
      for (QueryRun query : queries) {
        if (!query.isOk()) {
          continue;
        }
        double[] times = isAurora ? query.aurora() : query.duckdb();
        double seconds = fromRun == 0 ? times[0] : Math.min(times[1], times[2]);
        logs += Math.log(seconds + SHIFT_SECONDS);
        count++;
      }
      return count == 0 ? Double.NaN : Math.exp(logs / count) - SHIFT_SECONDS;
    }
  }

  static SuiteRun run(
      String suite,
      List<BenchmarkQuery> queries,
      Connection aurora,
      Connection duckdb,
      int timeoutSeconds)
      throws SQLException {
    List<QueryRun> runs = new ArrayList<>();
    for (BenchmarkQuery query : queries) {
      runs.add(run(suite, query, aurora, duckdb, timeoutSeconds));
    }
    return new SuiteRun(suite, runs);
  }

  private static QueryRun run(
      String suite, BenchmarkQuery query, Connection aurora, Connection duckdb, int timeoutSeconds)
      throws SQLException {
    double[] auroraTimes = new double[RUNS];
    double[] duckdbTimes = new double[RUNS];
    Arrays.fill(auroraTimes, Double.NaN);
    Arrays.fill(duckdbTimes, Double.NaN);
    List<List<Object>> actual = null;
    String failure = null;
    Instant auroraStart = Instant.now();
    try {
      for (int i = 0; i < RUNS; i++) {
        long start = System.nanoTime();
        actual = rows(aurora, query.sql(), timeoutSeconds);
        auroraTimes[i] = (System.nanoTime() - start) / 1e9;
      }
    } catch (SQLException e) {
      failure = "Aurora: " + e.getSQLState() + " " + e.getMessage();
    }
    Instant auroraEnd = Instant.now();
    List<List<Object>> expected = null;
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      expected = rows(duckdb, query.sql(), 0);
      duckdbTimes[i] = (System.nanoTime() - start) / 1e9;
    }
    if (failure == null) {
      String unlimited = Answers.withoutUnorderedLimit(query.sql());
      failure =
          unlimited != null
              ? Answers.differenceAnyRows(query.sql(), actual, rows(duckdb, unlimited, 0))
              : Answers.difference(query.sql(), query.sortColumns(), actual, expected);
      if (failure != null) {
        failure = "answer differs from DuckDB's: " + failure;
      }
    }
    QueryRun run =
        new QueryRun(
            suite,
            query.name(),
            query.sql(),
            auroraTimes,
            duckdbTimes,
            expected.size(),
            failure,
            auroraStart,
            auroraEnd);
    log.info(
        "{} {}: aurora cold {} hot {} s, duckdb cold {} hot {} s, {} rows{}",
        suite,
        query.name(),
        format(auroraTimes[0]),
        format(run.auroraHot()),
        format(duckdbTimes[0]),
        format(run.duckdbHot()),
        expected.size(),
        failure == null ? "" : ", FAILED: " + failure);
    return run;
  }

  private static String format(double seconds) {
    return String.format(java.util.Locale.ROOT, "%.3f", seconds);
  }

  /** Every row of the query, values in {@link ResultValues}' common form. */
  static List<List<Object>> rows(Connection connection, String sql, int timeoutSeconds)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(timeoutSeconds);
      try (ResultSet result = statement.executeQuery(sql)) {
        return ResultValues.rows(result);
      }
    }
  }
}
