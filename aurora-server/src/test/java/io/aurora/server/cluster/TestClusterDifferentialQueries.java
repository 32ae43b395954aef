package io.aurora.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.testing.DifferentialHarness;
import io.aurora.sql.testing.DifferentialQueries;
import io.aurora.sql.testing.DifferentialQueries.Query;
import io.aurora.sql.testing.TestingData;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written differential corpus ({@code differential/queries.sql}, joins included) on three
 * nodes with one replica per shard, compared with DuckDB: two thirds of every scan read another
 * node's replica, which runs the query's filters, projections and partial aggregations over it
 * (query fragments). Joins, final aggregations and sorts run on the node that received the query.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TestClusterDifferentialQueries {
  private static final long SEED = 20_261_126L;

  private ClusterQueryHarness harness;

  @BeforeAll
  void load() throws Exception {
    harness = new ClusterQueryHarness(TestingData.tables(SEED), 1, false);
  }

  @AfterAll
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  static List<Query> queries() throws IOException {
    return DifferentialQueries.queries();
  }

  /** The other nodes run the filter, the projection and the partial aggregation themselves. */
  @Test
  void replicasOnOtherNodesRunTheWorkAboveTheirScans() throws Exception {
    String sql =
        "SELECT plan, count(*), sum(age), avg(age + 1), min(name), max(signup) FROM users"
            + " WHERE lower(name) LIKE '%1%' GROUP BY plan";
    assertThat(harness.explain(sql)).contains("remote shards run all of it");
    long before = harness.fragmentsRun();
    assertThat(DifferentialHarness.difference(harness.aurora(sql), harness.duckDb(sql), false))
        .isNull();
    // Three shards with one replica each: two of them are on other nodes.
    assertThat(harness.fragmentsRun() - before).isEqualTo(2);

    // Grouping by a unique key would not cut the rows down (the sealed segments' sketches say
    // so): the other nodes only filter.
    harness.checkpoint();
    String unique =
        "SELECT user_id, count(*), max(age) FROM users WHERE lower(name) LIKE '%1%'"
            + " GROUP BY user_id";
    assertThat(harness.explain(unique)).contains("remote shards run the filter-projection");
    assertThat(
            DifferentialHarness.difference(harness.aurora(unique), harness.duckDb(unique), false))
        .isNull();

    String topN =
        "SELECT user_id, age FROM users WHERE age > 20 ORDER BY age DESC, user_id LIMIT 5";
    assertThat(harness.explain(topN)).contains("partial top-n", "remote shards run all of it");
    before = harness.fragmentsRun();
    assertThat(DifferentialHarness.difference(harness.aurora(topN), harness.duckDb(topN), true))
        .isNull();
    assertThat(harness.fragmentsRun() - before).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void clusterMatchesDuckDb(Query query) throws Exception {
    assertThat(
            DifferentialHarness.difference(
                harness.aurora(query.sql()), harness.duckDb(query.sql()), query.isOrdered()))
        .as(query.sql())
        .isNull();
  }
}
