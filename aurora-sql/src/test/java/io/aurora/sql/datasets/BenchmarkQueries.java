package io.aurora.sql.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The query sets of the three benchmark suites (ClickBench, SSB, TPC-H), shared by the differential
 * tests and the end-to-end benchmarks so both run and check the same text.
 */
public final class BenchmarkQueries {
  private BenchmarkQueries() {}

  /**
   * One query and how its answer is compared with the oracle's.
   *
   * @param name the query's name in its suite: {@code Q1}..{@code Q43}, {@code q1.1}, {@code q01}
   * @param sortColumns the output columns (zero-based) that the query's ORDER BY determines; rows
   *     that tie on all of them may come in any order. Empty: no ORDER BY, compared as a multiset.
   *     For ClickBench, whose query file adds tiebreakers, an ordered query lists every column.
   */
  public record BenchmarkQuery(String name, String sql, List<Integer> sortColumns) {
    public BenchmarkQuery {
      sortColumns = List.copyOf(sortColumns);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The 13 SSB queries of {@code /ssb/}. */
  public static List<BenchmarkQuery> ssb() {
    return List.of(
        resource("ssb", "q1.1"),
        resource("ssb", "q1.2"),
        resource("ssb", "q1.3"),
        resource("ssb", "q2.1", 1, 2),
        resource("ssb", "q2.2", 1, 2),
        resource("ssb", "q2.3", 1, 2),
        resource("ssb", "q3.1", 2, 3),
        resource("ssb", "q3.2", 2, 3),
        resource("ssb", "q3.3", 2, 3),
        resource("ssb", "q3.4", 2, 3),
        resource("ssb", "q4.1", 0, 1),
        resource("ssb", "q4.2", 0, 1, 2),
        resource("ssb", "q4.3", 0, 1, 2));
  }

  /** The 22 TPC-H queries of {@code /tpch/}. */
  public static List<BenchmarkQuery> tpch() {
    return List.of(
        resource("tpch", "q01", 0, 1),
        resource("tpch", "q02", 0, 2, 1, 3),
        resource("tpch", "q03", 1, 2),
        resource("tpch", "q04", 0),
        resource("tpch", "q05", 1),
        resource("tpch", "q06"),
        resource("tpch", "q07", 0, 1, 2),
        resource("tpch", "q08", 0),
        resource("tpch", "q09", 0, 1),
        resource("tpch", "q10", 2),
        resource("tpch", "q11", 1),
        resource("tpch", "q12", 0),
        resource("tpch", "q13", 1, 0),
        resource("tpch", "q14"),
        resource("tpch", "q15", 0),
        resource("tpch", "q16", 3, 0, 1, 2),
        resource("tpch", "q17"),
        resource("tpch", "q18", 4, 3),
        resource("tpch", "q19"),
        resource("tpch", "q20", 0),
        resource("tpch", "q21", 1, 0),
        resource("tpch", "q22", 0));
  }

  /**
   * The 43 ClickBench queries of {@code /clickbench/queries.sql}, one per line. An ordered query
   * lists all its output columns as sort columns (the file adds tiebreakers); a query with LIMIT
   * and no ORDER BY lists none and is checked by {@code Answers.compareAnyRows}.
   */
  public static List<BenchmarkQuery> clickBench() {
    List<BenchmarkQuery> queries = new ArrayList<>();
    for (String line : read("/clickbench/queries.sql").split("\n")) {
      String sql = line.strip();
      if (!sql.isEmpty() && !sql.startsWith("--")) {
        queries.add(new BenchmarkQuery("Q" + (queries.size() + 1), sql, List.of()));
      }
    }
    return queries;
  }

  private static BenchmarkQuery resource(String directory, String name, Integer... sortColumns) {
    return new BenchmarkQuery(
        name, read("/" + directory + "/" + name + ".sql").strip(), List.of(sortColumns));
  }

  private static String read(String resource) {
    try (InputStream input = BenchmarkQueries.class.getResourceAsStream(resource)) {
      return new String(
          Objects.requireNonNull(input, resource).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
