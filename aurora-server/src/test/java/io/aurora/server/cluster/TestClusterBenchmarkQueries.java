package io.aurora.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.datasets.BenchmarkQueries;
import io.aurora.sql.datasets.BenchmarkQueries.BenchmarkQuery;
import io.aurora.sql.datasets.HitsGenerator;
import io.aurora.sql.datasets.SsbGenerator;
import io.aurora.sql.datasets.TpchGenerator;
import io.aurora.sql.testing.Answers;
import io.aurora.sql.testing.TestingData.TableData;
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
 * factor 0.01 (22 queries) with one replica per shard, so most of every scan reads other nodes'
 * replicas; SSB at 0.01 (13) with two; ClickBench's 43 on 20,000 generated hits with three. Rows
 * are written through every node and the queries run on every node in turn.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TestClusterBenchmarkQueries {
  /** One data set on its own cluster; a query whose LIMIT cuts ties may return any of them. */
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class DataSet {
    private ClusterQueryHarness harness;

    abstract List<TableData> tables();

    abstract int replicationFactor();

    abstract List<BenchmarkQuery> benchmarkQueries();

    @BeforeAll
    void load() throws Exception {
      harness = new ClusterQueryHarness(tables(), replicationFactor());
    }

    @AfterAll
    void close() throws Exception {
      if (harness != null) {
        harness.close();
      }
    }

    Stream<BenchmarkQuery> queries() {
      return benchmarkQueries().stream();
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

  @Nested
  class Tpch extends DataSet {
    @Override
    List<TableData> tables() {
      return new TpchGenerator(0.01, 2).tables();
    }

    @Override
    int replicationFactor() {
      return 1;
    }

    @Override
    List<BenchmarkQuery> benchmarkQueries() {
      return BenchmarkQueries.tpch();
    }
  }

  @Nested
  class Ssb extends DataSet {
    @Override
    List<TableData> tables() {
      return new SsbGenerator(0.01, 1).tables();
    }

    @Override
    int replicationFactor() {
      return 2;
    }

    @Override
    List<BenchmarkQuery> benchmarkQueries() {
      return BenchmarkQueries.ssb();
    }
  }

  @Nested
  class ClickBench extends DataSet {
    @Override
    List<TableData> tables() {
      return List.of(new HitsGenerator(20_130_701L).generate(20_000));
    }

    @Override
    int replicationFactor() {
      return 3;
    }

    @Override
    List<BenchmarkQuery> benchmarkQueries() {
      return BenchmarkQueries.clickBench();
    }
  }
}
