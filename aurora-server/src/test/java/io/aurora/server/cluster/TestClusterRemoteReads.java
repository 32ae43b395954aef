package io.aurora.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.client.AuroraClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real nodes and a table with one replica per shard: every node holds a third of the rows and
 * reads the rest from the other nodes over the internal RPC, with predicates pushed to them and the
 * filters, projections and partial aggregations above the scans run there (query fragments); the
 * query log, one replicated table, has every node's statements.
 */
@Timeout(240)
class TestClusterRemoteReads {
  @TempDir Path directory;

  @Test
  void everyNodeReadsShardsHeldByTheOthers() throws Exception {
    // Two workers at least, so that scans of other nodes' replicas send them query fragments.
    try (TestingNodes nodes = TestingNodes.start(directory, 3, Map.of("query.parallelism", "2"))) {
      List<AuroraClient> clients =
          nodes.grpcEndpoints().stream()
              .map(endpoint -> AuroraClient.builder().endpoints(endpoint).build())
              .toList();
      try {
        clients
            .get(0)
            .execute(
                "CREATE TABLE events (id BIGINT NOT NULL, kind VARCHAR, amount DOUBLE)"
                    + " DISTRIBUTED BY (id) WITH (shards = 6, replication_factor = 1)");
        for (int batch = 0; batch < 6; batch++) {
          StringBuilder insert = new StringBuilder("INSERT INTO events VALUES ");
          for (int row = 0; row < 100; row++) {
            long id = batch * 100L + row;
            insert
                .append(row == 0 ? "" : ", ")
                .append('(')
                .append(id)
                .append(", 'k")
                .append(id % 5)
                .append("', ")
                .append(id * 1.5)
                .append(')');
          }
          clients.get(batch % 3).execute(insert.toString());
        }
        for (int node = 0; node < 3; node++) {
          AuroraClient client = clients.get(node);
          assertThat(client.query("SELECT count(*), sum(id) FROM events").rows())
              .as("node %s", node + 1)
              .containsExactly(List.of(600L, 179_700L));
          assertThat(
                  client
                      .query(
                          "SELECT kind, count(*) FROM events WHERE id >= 300 AND kind IN"
                              + " ('k1', 'k2') GROUP BY kind ORDER BY kind")
                      .rows())
              .containsExactly(List.of("k1", 60L), List.of("k2", 60L));
          // A residual filter, projections and a partial aggregation run on the other nodes.
          String fragment =
              "SELECT kind, count(*), sum(amount * 2), avg(id + 1), min(id), max(amount)"
                  + " FROM events WHERE id % 7 = 3 GROUP BY kind ORDER BY kind";
          assertThat(client.query("EXPLAIN " + fragment).rows().toString())
              .contains("remote shards run all of it");
          assertThat(client.query(fragment).rows()).isEqualTo(expectedFragmentRows());
          // ... and so does the top-N of an ORDER BY ... LIMIT.
          String topN =
              "SELECT id, amount FROM events WHERE kind <> 'k0' ORDER BY amount DESC LIMIT 3";
          assertThat(client.query("EXPLAIN " + topN).rows().toString())
              .contains("remote shards run all of it");
          assertThat(client.query(topN).rows())
              .containsExactly(List.of(599L, 898.5), List.of(598L, 897.0), List.of(597L, 895.5));
          assertThat(
                  client
                      .query("SELECT count(DISTINCT kind), count(*) FROM events WHERE id < 100")
                      .rows())
              .containsExactly(List.of(5L, 100L));
          assertThat(client.query("SELECT count(*) FROM system.nodes WHERE state = 'up'").rows())
              .isNotEmpty();
          assertThat(
                  client
                      .query(
                          "SELECT count(*), count(DISTINCT node_id) FROM system.shards"
                              + " WHERE table_name = 'events'")
                      .rows())
              .containsExactly(List.of(6L, 3L));
        }
        // Each node logs its own statements into the one replicated system.query_log, so every
        // node reads every node's INSERTs there.
        String logged =
            "SELECT node, count(*) FROM system.query_log WHERE kind = 'insert'"
                + " AND written_rows = 100 GROUP BY node ORDER BY node";
        List<List<Object>> expected =
            List.of(List.of("node1", 2L), List.of("node2", 2L), List.of("node3", 2L));
        for (int node = 0; node < 3; node++) {
          long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
          while (!loggedRows(clients.get(node), logged).equals(expected)) {
            assertThat(System.nanoTime()).as("node %s", node + 1).isLessThan(deadline);
            Thread.sleep(200);
          }
        }
      } finally {
        for (AuroraClient client : clients) {
          client.close();
        }
      }
    }
  }

  /** The answer to the fragment query above, computed here over the rows the test wrote. */
  private static List<List<Object>> expectedFragmentRows() {
    List<List<Object>> rows = new java.util.ArrayList<>();
    for (int kind = 0; kind < 5; kind++) {
      long count = 0;
      double sum = 0;
      long idSum = 0;
      long min = Long.MAX_VALUE;
      double max = Double.NEGATIVE_INFINITY;
      for (long id = 0; id < 600; id++) {
        if (id % 5 != kind || id % 7 != 3) {
          continue;
        }
        count++;
        sum += id * 1.5 * 2;
        idSum += id + 1;
        min = Math.min(min, id);
        max = Math.max(max, id * 1.5);
      }
      rows.add(List.of("k" + kind, count, sum, (double) idSum / count, min, max));
    }
    return rows;
  }

  /** The rows of a query of the query log, none while no node has created it yet. */
  private static List<List<Object>> loggedRows(AuroraClient client, String query) {
    try {
      return client.query(query).rows();
    } catch (io.aurora.client.AuroraClientException e) {
      if ("42P01".equals(e.sqlState())) {
        return List.of();
      }
      throw e;
    }
  }
}
