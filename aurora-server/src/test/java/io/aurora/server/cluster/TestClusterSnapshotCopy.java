package io.aurora.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.client.AuroraClient;
import io.aurora.storage.shard.Directories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real nodes: node 3 loses its shard replicas' files, and its leaders no longer have the
 * start of their logs, so node 3 copies their snapshots over the internal RPC ({@code
 * FetchShardSnapshot}) and catches up from the log after them.
 */
@Timeout(240)
class TestClusterSnapshotCopy {
  private static final String ROWS_ON_NODE_3 =
      "SELECT sum(row_count), count(*), count(*) FILTER (WHERE role = 'recovering')"
          + " FROM system.shards WHERE table_name = 'events' AND node_id = 'node3'";

  @TempDir Path directory;

  @Test
  void aReplicaBehindItsLeadersLogCopiesTheirSnapshotsOverTheInternalRpc() throws Exception {
    Map<String, String> settings =
        Map.of("consensus.log.segment-bytes", "65536", "consensus.log.kept-entries", "0");
    try (TestingNodes nodes = TestingNodes.start(directory, 3, settings)) {
      try (AuroraClient client = client(nodes, 0)) {
        client.execute(
            "CREATE TABLE events (id BIGINT NOT NULL, pad VARCHAR)"
                + " WITH (shards = 2, replication_factor = 3)");
        for (int batch = 0; batch < 40; batch++) {
          StringBuilder insert = new StringBuilder("INSERT INTO events VALUES ");
          for (int row = 0; row < 100; row++) {
            long id = batch * 100L + row;
            insert
                .append(row == 0 ? "" : ", ")
                .append('(')
                .append(id)
                .append(", '")
                .append("x".repeat(60))
                .append(id)
                .append("')");
          }
          client.execute(insert.toString());
        }
        client.execute("DELETE FROM events WHERE id < 100");
      }
      for (int node = 0; node < 3; node++) {
        try (AuroraClient client = client(nodes, node)) {
          client.execute("CHECKPOINT");
        }
      }

      // Node 3 loses every shard replica's files; the whole cluster restarts, so the new leaders
      // know nothing of how far node 3 had come, and their logs start after their snapshots.
      nodes.stop(2);
      Path data = nodes.dataDirectory(2);
      try (Stream<Path> shards = Files.list(data.resolve("shards"))) {
        for (Path shard : shards.toList()) {
          UUID groupId = UUID.fromString(shard.getFileName().toString());
          Directories.deleteRecursively(shard);
          Directories.deleteRecursively(data.resolve("raft").resolve(groupId.toString()));
        }
      }
      nodes.stop(0);
      nodes.stop(1);
      nodes.startTogether(List.of(0, 1, 2));

      try (AuroraClient client = client(nodes, 2)) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!client.query(ROWS_ON_NODE_3).rows().equals(List.of(List.of(3900L, 2L, 0L)))) {
          assertThat(System.nanoTime())
              .as("node 3's replicas hold every row: %s", client.query(ROWS_ON_NODE_3).rows())
              .isLessThan(deadline);
          Thread.sleep(200);
        }
        client.execute("INSERT INTO events VALUES (100000, 'after')");
        assertThat(client.query("SELECT count(*), min(id), max(id) FROM events").rows())
            .containsExactly(List.of(3901L, 100L, 100000L));
      }
    }
  }

  private static AuroraClient client(TestingNodes nodes, int index) {
    return AuroraClient.builder().endpoints(nodes.grpcEndpoints().get(index)).build();
  }
}
