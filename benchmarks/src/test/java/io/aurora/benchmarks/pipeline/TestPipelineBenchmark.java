package io.aurora.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.kafka.TestingKafka;
import io.aurora.server.AuroraNode;
import io.aurora.server.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline benchmark, small: every record arrives, and the numbers are measured at all. */
@Timeout(180)
class TestPipelineBenchmark {
  @TempDir Path directory;

  @Test
  void smallRunLoadsEveryRecordAndMeasuresFreshness() throws Exception {
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
    try (TestingKafka kafka = TestingKafka.start();
        AuroraNode node = AuroraNode.start(config)) {
      String url = "jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/aurora?user=aurora";
      PipelineBenchmark benchmark = new PipelineBenchmark(kafka.bootstrapServers(), url);
      PipelineBenchmark.Throughput throughput = benchmark.throughput(20_000, 1);
      assertThat(throughput.bareRecordsPerSecond()).isPositive();
      assertThat(throughput.pipelineRecordsPerSecond()).isPositive();
      PipelineBenchmark.Freshness freshness = benchmark.freshness(500, Duration.ofSeconds(3));
      // The first two seconds are warmup: one second of records is measured.
      assertThat(freshness.records()).isEqualTo(500);
      assertThat(freshness.p99Millis()).isGreaterThanOrEqualTo(freshness.p50Millis());
    }
  }
}
