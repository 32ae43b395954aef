package io.aurora.benchmarks.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.server.AuroraNode;
import io.aurora.server.NodeConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The hits ingest benchmark runs once, small; it fails unless every row was stored. */
@Timeout(120)
class TestHitsIngestBenchmark {
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
      HitsIngestBenchmark.Result result =
          HitsIngestBenchmark.run("127.0.0.1:" + node.grpcPort(), 3_000);
      assertThat(result.rows()).isEqualTo(3_000);
      assertThat(result.auroraRowsPerSecond()).isPositive();
      assertThat(result.duckdbRowsPerSecond()).isPositive();
    }
  }
}
