package io.aurora.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.client.AuroraClient;
import io.aurora.client.AuroraWriter;
import io.aurora.client.WriterOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real nodes in one JVM (PostgreSQL, gRPC and Raft on loopback): the Java client's endpoint
 * list fails over from a node that goes away to another node of the cluster, and its writer's
 * resent batches apply once, so every row is present exactly once on every node.
 */
@Timeout(240)
class TestClusterClientFailover {
  private static final int ROWS = 20_000;
  private static final int BATCH_ROWS = 250;

  @TempDir Path directory;

  @Test
  void writerFailsOverToAnotherNodeWithEveryRowOnce() throws Exception {
    try (TestingNodes nodes = TestingNodes.start(directory, 3);
        AuroraClient client =
            AuroraClient.builder()
                .endpoints(nodes.grpcEndpoints().toArray(String[]::new))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .build()) {
      client.execute(
          "CREATE TABLE events (ts TIMESTAMP NOT NULL, id BIGINT NOT NULL, kind VARCHAR)");
      // Without a shard count, the table has one shard per node.
      assertThat(
              client
                  .query(
                      "SELECT count(DISTINCT shard) FROM system.shards WHERE table_name = 'events'")
                  .rows())
          .containsExactly(List.of(3L));
      AuroraWriter writer =
          client.writer(
              "events",
              WriterOptions.defaults()
                  .withMaxBatchRows(BATCH_ROWS)
                  .withLinger(Duration.ofMillis(20)));
      CompletableFuture<Void> producer =
          CompletableFuture.runAsync(
              () -> {
                for (long id = 0; id < ROWS; id++) {
                  writer
                      .newRow()
                      .set("ts", Instant.ofEpochSecond(1_700_000_000L + id))
                      .set("id", id)
                      .set("kind", "k" + (id % 7))
                      .write();
                }
                writer.flush();
              });
      while (writer.rowsAcknowledged() < ROWS / 4 && !producer.isDone()) {
        Thread.sleep(5);
      }
      assertThat(producer).isNotDone();
      // The client's first endpoint goes away; the writer continues through another node.
      nodes.stop(0);
      producer.get(180, TimeUnit.SECONDS);
      writer.close();
      nodes.startTogether(List.of(0));
      for (int node = 0; node < 3; node++) {
        try (AuroraClient direct =
            AuroraClient.builder().endpoints(nodes.grpcEndpoints().get(node)).build()) {
          assertThat(
                  direct
                      .query("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM events")
                      .rows())
              .as("node %s", node + 1)
              .containsExactly(List.of((long) ROWS, (long) ROWS, 0L, (long) ROWS - 1));
        }
      }
    }
  }
}
