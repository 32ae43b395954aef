package io.aurora.benchmarks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.storage.compression.Codec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Runs each {@link BenchmarkSegmentWrite} method once on a few pages. */
final class TestBenchmarkSegmentWrite {
  @Test
  void verify() throws IOException {
    BenchmarkSegmentWrite benchmark = new BenchmarkSegmentWrite();
    benchmark.codec = Codec.ZSTD;
    benchmark.rowCount = 3 * EventTableGenerator.PAGE_ROWS + 100;
    benchmark.generate();

    benchmark.createDirectory();
    assertThat(benchmark.shardAppendAndSeal()).isEqualTo(benchmark.rowCount);
    try (Stream<Path> files = Files.walk(benchmark.directory())) {
      assertThat(files.filter(path -> path.toString().endsWith(".aseg")).count())
          .as("sealed segment files")
          .isEqualTo(1);
    }
    benchmark.deleteDirectory();
    assertThat(benchmark.directory()).doesNotExist();

    benchmark.createDirectory();
    assertThat(benchmark.segmentWrite()).isEqualTo(benchmark.rowCount);
    benchmark.deleteDirectory();
  }
}
