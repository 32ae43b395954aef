package io.aurora.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.datasets.BenchmarkQueries;
import io.aurora.sql.datasets.BenchmarkQueries.BenchmarkQuery;
import io.aurora.sql.datasets.HitsGenerator;
import io.aurora.sql.datasets.SsbGenerator;
import io.aurora.sql.datasets.TpchGenerator;
import io.aurora.sql.testing.Answers;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The benchmark query sets against a three-node cluster, compared with DuckDB: TPC-H at scale
 * factor 0.01 (22 queries), SSB at 0.01 (13) and ClickBench's 43 on 20,000 generated hits. Rows are
 * written through every node and the queries run on every node in turn.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TestClusterBenchmarkQueries {
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Tpch {
    ClusterQueryHarness harness;

    @BeforeAll
    void load() throws Exception {
      harness = new ClusterQueryHarness(new TpchGenerator(0.01, 2).tables(), 1);
    }

    @AfterAll
    void close() throws Exception {
      if (harness != null) {
        harness.close();
      }
    }

    Stream<BenchmarkQuery> queries() {
      return BenchmarkQueries.tpch().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void clusterMatchesDuckDb(BenchmarkQuery query) throws Exception {
      assertThat(
              Answers.difference(
                  query.sql(),
                  query.sortColumns(),
                  harness.aurora(query.sql()),
                  harness.duckDb(query.sql())))
          .as("%s against DuckDB", query)
          .isNull();
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Ssb {
    ClusterQueryHarness harness;

    @BeforeAll
    void load() throws Exception {
      harness = new ClusterQueryHarness(new SsbGenerator(0.01, 1).tables(), 2);
    }

    @AfterAll
    void close() throws Exception {
      if (harness != null) {
        harness.close();
      }
    }

    Stream<BenchmarkQuery> queries() {
      return BenchmarkQueries.ssb().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void clusterMatchesDuckDb(BenchmarkQuery query) throws Exception {
      assertThat(
              Answers.difference(
                  query.sql(),
                  query.sortColumns(),
                  harness.aurora(query.sql()),
                  harness.duckDb(query.sql())))
          .as("%s against DuckDB", query)
          .isNull();
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ClickBench {
    ClusterQueryHarness harness;

    @BeforeAll
    void load() throws Exception {
      harness =
          new ClusterQueryHarness(List.of(new HitsGenerator(20_130_701L).generate(20_000)), 3);
    }

    @AfterAll
    void close() throws Exception {
      if (harness != null) {
        harness.close();
      }
    }

    Stream<BenchmarkQuery> queries() {
      return BenchmarkQueries.clickBench().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void clusterMatchesDuckDb(BenchmarkQuery query) throws Exception {
      String sql = query.sql();
      String unlimited = Answers.withoutUnorderedLimit(sql);
      List<List<Object>> expected = harness.duckDb(unlimited != null ? unlimited : sql);
      List<List<Object>> actual = harness.aurora(sql);
      assertThat(
              unlimited != null
                  ? Answers.differenceAnyRows(sql, actual, expected)
                  : Answers.difference(sql, query.sortColumns(), actual, expected))
          .as("%s against DuckDB", query)
          .isNull();
    }
  }
}
