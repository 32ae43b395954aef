package io.aurora.benchmarks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Runs every {@link BenchmarkScanFilter} method once on a one-block segment and checks results. */
final class TestBenchmarkScanFilter {
  @Test
  void verify() throws IOException {
    for (BenchmarkScanFilter.ColumnCase columnCase : BenchmarkScanFilter.ColumnCase.values()) {
      BenchmarkScanFilter benchmark = new BenchmarkScanFilter();
      benchmark.columnCase = columnCase;
      benchmark.blockCount = 1;
      benchmark.setup();
      try {
        long expected = benchmark.primitiveLoop();
        assertThat(expected).as(columnCase.name()).isPositive().isLessThan(65_536 / 5);
        assertThat(benchmark.scanAndFilter()).as(columnCase.name()).isEqualTo(expected);
        assertThat(benchmark.scanAndFilterCached()).as(columnCase.name()).isEqualTo(expected);
        assertThat(benchmark.scanAndFilterCached()).as(columnCase.name()).isEqualTo(expected);
        assertThat(benchmark.filterDecoded()).as(columnCase.name()).isEqualTo(expected);
        assertThat(benchmark.decodeOnly()).as(columnCase.name()).isEqualTo(65_536);
      } finally {
        benchmark.tearDown();
      }
    }
  }
}
