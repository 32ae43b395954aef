package io.aurora.benchmarks.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Runs every {@link BenchmarkJoinProbe} method once on a few probe pages and checks that the join
 * table, the join operator and the primitive baseline match the same rows, about half of them.
 */
final class TestBenchmarkJoinProbe {
  private static final int PROBE_ROWS = 3 * 8_192 + 17;

  @Test
  void verify() {
    for (int buildRows : new int[] {1_000, 10_000}) {
      BenchmarkJoinProbe benchmark = new BenchmarkJoinProbe();
      benchmark.buildRows = buildRows;
      benchmark.probeRowCount = PROBE_ROWS;
      benchmark.setup();
      try {
        long expected = benchmark.primitiveProbe();
        int[] expectedRows = benchmark.lastPageBuildRows();
        assertThat(expected)
            .as("build rows %s", buildRows)
            .isBetween(PROBE_ROWS * 45L / 100, PROBE_ROWS * 55L / 100);

        assertThat(benchmark.findChains()).as("build rows %s", buildRows).isEqualTo(expected);
        assertThat(benchmark.lastPageBuildRows())
            .as("build rows %s", buildRows)
            .isEqualTo(expectedRows);
        assertThat(benchmark.lookupJoin()).as("build rows %s", buildRows).isEqualTo(expected);
        assertThat(benchmark.lookupJoin())
            .as("build rows %s, again", buildRows)
            .isEqualTo(expected);
      } finally {
        benchmark.tearDown();
      }
    }
  }
}
