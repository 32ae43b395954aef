package io.aurora.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.client.AuroraClient;
import io.aurora.client.AuroraWriter;
import io.aurora.client.WriterOptions;
import io.aurora.server.AuroraNode;
import io.aurora.server.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node restarts (same data directory, same gRPC port) while a writer streams: the writer
 * reconnects, resends what was not acknowledged, and every row is present exactly once.
 */
@Timeout(180)
class TestGrpcIngestRestart {
  private static final int ROWS = 30_000;

  @TempDir Path directory;

  @Test
  void writerResumesAcrossANodeRestartWithEveryRowOnce() throws Exception {
    // The first start takes a free port; the restart binds that same port again, so the
    // writer's endpoint stays valid (a port picked before the first start could be taken by
    // another process in between).
    AuroraNode node = AuroraNode.start(config(0));
    int grpcPort = node.grpcPort();
    try (AuroraClient client =
        AuroraClient.builder()
            .endpoints("127.0.0.1:" + grpcPort)
            .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
            .build()) {
      client.execute(
          "CREATE TABLE events (ts TIMESTAMP NOT NULL, id BIGINT NOT NULL, kind VARCHAR)");
      AtomicLong written = new AtomicLong();
      AuroraWriter writer =
          client.writer(
              "events",
              WriterOptions.defaults().withMaxBatchRows(250).withLinger(Duration.ofMillis(20)));
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
                  written.set(id + 1);
                }
                writer.flush();
              });
      while (writer.rowsAcknowledged() < ROWS / 4 && !producer.isDone()) {
        Thread.sleep(5);
      }
      assertThat(producer).isNotDone();
      node.close();
      long writtenAtClose = written.get();
      node = AuroraNode.start(config(grpcPort));
      producer.get(120, TimeUnit.SECONDS);
      writer.close();
      assertThat(writtenAtClose).isLessThan(ROWS);
      assertThat(writer.rowsAcknowledged() + writer.duplicateBatches() * 250)
          .isGreaterThanOrEqualTo(ROWS);
      assertThat(
              client
                  .query("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM events")
                  .rows())
          .containsExactly(List.of((long) ROWS, (long) ROWS, 0L, (long) ROWS - 1));
    } finally {
      node.close();
    }
  }

  private NodeConfig config(int grpcPort) {
    Map<String, String> flags = new HashMap<>();
    flags.put("data-dir", directory.resolve("data").toString());
    flags.put("pg-port", "0");
    flags.put("http-port", "0");
    flags.put("grpc-port", Integer.toString(grpcPort));
    flags.put("raft-port", "0");
    return NodeConfig.resolve(flags, Map.of(), null);
  }
}
