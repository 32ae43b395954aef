package io.aurora.sql.differential;

import io.aurora.sql.datasets.BenchmarkQueries;
import io.aurora.sql.datasets.BenchmarkQueries.BenchmarkQuery;
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

  @Override
  List<TableData> tables() {
    return new TpchGenerator(SCALE_FACTOR, SEED).tables();
  }

  static Stream<BenchmarkQuery> queries() {
    return BenchmarkQueries.tpch().stream()
        .filter(query -> !KNOWN_FAILING.containsKey(query.name()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void auroraMatchesDuckDb(BenchmarkQuery query) throws Exception {
    assertMatchesDuckDb(query);
  }
}
