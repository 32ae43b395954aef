package io.aurora.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.client.AuroraClient;
import io.aurora.client.AuroraWriter;
import io.aurora.client.WriterOptions;
import io.aurora.consensus.TestingCluster;
import io.aurora.server.AuroraNode;
import io.aurora.server.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    List<Integer> ports = TestingCluster.freePorts(6);
    List<String> seeds = new ArrayList<>();
    List<String> endpoints = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      seeds.add("127.0.0.1:" + ports.get(i));
      endpoints.add("127.0.0.1:" + ports.get(3 + i));
    }
    AuroraNode[] nodes = new AuroraNode[3];
    startTogether(nodes, seeds, endpoints, List.of(0, 1, 2));
    try (AuroraClient client =
        AuroraClient.builder()
            .endpoints(endpoints.toArray(String[]::new))
            .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
            .build()) {
      client.execute(
          "CREATE TABLE events (ts TIMESTAMP NOT NULL, id BIGINT NOT NULL, kind VARCHAR)");
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
      nodes[0].close();
      nodes[0] = null;
      producer.get(180, TimeUnit.SECONDS);
      writer.close();
      startTogether(nodes, seeds, endpoints, List.of(0));
      for (int node = 0; node < 3; node++) {
        try (AuroraClient direct = AuroraClient.builder().endpoints(endpoints.get(node)).build()) {
          assertThat(
                  direct
                      .query("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM events")
                      .rows())
              .as("node %s", node + 1)
              .containsExactly(List.of((long) ROWS, (long) ROWS, 0L, (long) ROWS - 1));
        }
      }
    } finally {
      for (AuroraNode node : nodes) {
        if (node != null) {
          node.close();
        }
      }
    }
  }

  private void startTogether(
      AuroraNode[] nodes, List<String> seeds, List<String> endpoints, List<Integer> indexes)
      throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(indexes.size());
    try {
      List<Future<AuroraNode>> started = new ArrayList<>();
      for (int index : indexes) {
        started.add(executor.submit(() -> AuroraNode.start(config(index, seeds, endpoints))));
      }
      for (int i = 0; i < indexes.size(); i++) {
        nodes[indexes.get(i)] = started.get(i).get(120, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private NodeConfig config(int index, List<String> seeds, List<String> endpoints) {
    String raft = seeds.get(index);
    String grpc = endpoints.get(index);
    Map<String, String> flags = new HashMap<>();
    flags.put("data-dir", directory.resolve("node" + (index + 1)).toString());
    flags.put("bind", "127.0.0.1");
    flags.put("pg-port", "0");
    flags.put("http-port", "0");
    flags.put("grpc-port", grpc.substring(grpc.lastIndexOf(':') + 1));
    flags.put("raft-port", raft.substring(raft.lastIndexOf(':') + 1));
    flags.put("node-id", "node" + (index + 1));
    flags.put("seeds", String.join(",", seeds));
    return NodeConfig.resolve(flags, Map.of(), null);
  }
}
