package io.aurora.benchmarks.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.server.AuroraNode;
import io.aurora.server.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 64 clients inserting and querying at once against a node (writes through Raft): no errors, every
 * client reads its own acknowledged rows, and the table ends with exactly the acknowledged rows.
 */
@Timeout(180)
class TestConcurrentClients {
  @TempDir Path directory;

  @Test
  void sixtyFourClientsLoseNothing() throws Exception {
    NodeConfig config =
        NodeConfig.resolve(
            Map.of(
                "data-dir", directory.toString(),
                "pg-port", "0",
                "http-port", "0",
                "grpc-port", "0",
                "raft-port", "0"),
            Map.of(),
            null);
    try (AuroraNode node = AuroraNode.start(config)) {
      String url = "jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/aurora?user=aurora";
      ConcurrentClients.Result result =
          new ConcurrentClients(url, 64, Duration.ofSeconds(10)).run();
      System.out.println(result.toMarkdown());

      assertThat(result.errors()).isEmpty();
      assertThat(result.acknowledgedRows()).isPositive();
      assertThat(result.storedRows()).isEqualTo(result.acknowledgedRows());
      assertThat(result.distinctIds()).isEqualTo(result.storedRows());
      assertThat(result.latencies())
          .allSatisfy(latency -> assertThat(latency.count()).isPositive());
    }
  }
}
