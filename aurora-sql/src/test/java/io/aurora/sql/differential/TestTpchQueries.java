package io.aurora.sql.differential;

import io.aurora.sql.datasets.TpchGenerator;
import io.aurora.sql.testing.TestingData.TableData;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** All 22 TPC-H queries on generated data at scale factor 0.01, compared with DuckDB. */
class TestTpchQueries extends AbstractBenchmarkQueryTest {
  private static final double SCALE_FACTOR = 0.01;

  /**
   * A seed under which the selective queries still find rows at this small scale: Q8's market share
   * is not zero in both years and Q18 and Q20 return rows (with some seeds they return none).
   */
  private static final long SEED = 2;

  /** Queries that Aurora cannot run yet, with the reason; they are left out of the run. */
  private static final Map<String, String> KNOWN_FAILING = Map.of();

  private static final List<BenchmarkQuery> QUERIES =
      List.of(
          BenchmarkQuery.of("q01", 0, 1),
          BenchmarkQuery.of("q02", 0, 2, 1, 3),
          BenchmarkQuery.of("q03", 1, 2),
          BenchmarkQuery.of("q04", 0),
          BenchmarkQuery.of("q05", 1),
          BenchmarkQuery.of("q06"),
          BenchmarkQuery.of("q07", 0, 1, 2),
          BenchmarkQuery.of("q08", 0),
          BenchmarkQuery.of("q09", 0, 1),
          BenchmarkQuery.of("q10", 2),
          BenchmarkQuery.of("q11", 1),
          BenchmarkQuery.of("q12", 0),
          BenchmarkQuery.of("q13", 1, 0),
          BenchmarkQuery.of("q14"),
          BenchmarkQuery.of("q15", 0),
          BenchmarkQuery.of("q16", 3, 0, 1, 2),
          BenchmarkQuery.of("q17"),
          BenchmarkQuery.of("q18", 4, 3),
          BenchmarkQuery.of("q19"),
          BenchmarkQuery.of("q20", 0),
          BenchmarkQuery.of("q21", 1, 0),
          BenchmarkQuery.of("q22", 0));

  @Override
  List<TableData> tables() {
    return new TpchGenerator(SCALE_FACTOR, SEED).tables();
  }

  @Override
  String resourceDirectory() {
    return "tpch";
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
