package io.aurora.benchmarks.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.server.AuroraNode;
import io.aurora.server.NodeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class TestEndpointBenchmark {
  @TempDir Path directory;

  @Test
  void runsOnceSmallAgainstANode() throws Exception {
    Map<String, String> flags =
        Map.of(
            "data-dir", directory.toString(),
            "pg-port", "0",
            "http-port", "0",
            "grpc-port", "0",
            "raft-port", "0");
    try (AuroraNode node = AuroraNode.start(NodeConfig.resolve(flags, Map.of(), null))) {
      EndpointBenchmark.Run run =
          EndpointBenchmark.run(
              "http://127.0.0.1:" + node.httpPort(),
              "jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/aurora?user=aurora",
              20_000,
              0.5,
              List.of(1, 4));
      assertThat(run.endpoint()).hasSize(2);
      for (EndpointBenchmark.Result result : run.endpoint()) {
        assertThat(result.requests()).isPositive();
        assertThat(result.p99Millis()).isGreaterThanOrEqualTo(result.p50Millis());
      }
      for (EndpointBenchmark.Result result : run.pgjdbc()) {
        assertThat(result.requests()).isPositive();
      }
    }
  }
}
