package io.aurora.sql.differential;

import io.aurora.sql.datasets.SsbGenerator;
import io.aurora.sql.testing.TestingData.TableData;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** All 13 Star Schema Benchmark queries on generated data at scale factor 0.01, against DuckDB. */
class TestSsbQueries extends AbstractBenchmarkQueryTest {
  private static final double SCALE_FACTOR = 0.01;

  /** A seed under which Q2.3, Q3.3 and Q3.4, the most selective queries, still return rows. */
  private static final long SEED = 1;

  /** Queries that Aurora cannot run yet, with the reason; they are left out of the run. */
  private static final Map<String, String> KNOWN_FAILING = Map.of();

  private static final List<BenchmarkQuery> QUERIES =
      List.of(
          BenchmarkQuery.of("q1.1"),
          BenchmarkQuery.of("q1.2"),
          BenchmarkQuery.of("q1.3"),
          BenchmarkQuery.of("q2.1", 1, 2),
          BenchmarkQuery.of("q2.2", 1, 2),
          BenchmarkQuery.of("q2.3", 1, 2),
          BenchmarkQuery.of("q3.1", 2, 3),
          BenchmarkQuery.of("q3.2", 2, 3),
          BenchmarkQuery.of("q3.3", 2, 3),
          BenchmarkQuery.of("q3.4", 2, 3),
          BenchmarkQuery.of("q4.1", 0, 1),
          BenchmarkQuery.of("q4.2", 0, 1, 2),
          BenchmarkQuery.of("q4.3", 0, 1, 2));

  @Override
  List<TableData> tables() {
    return new SsbGenerator(SCALE_FACTOR, SEED).tables();
  }

  @Override
  String resourceDirectory() {
    return "ssb";
  }

  static Stream<BenchmarkQuery> queries() {
    return QUERIES.stream().filter(query -> !KNOWN_FAILING.containsKey(query.name()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void auroraMatchesDuckDb(BenchmarkQuery query) throws Exception {
    assertMatchesDuckDb(query);
  }
}
