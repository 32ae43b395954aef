package io.aurora.sql.datasets;

import org.junit.jupiter.api.Tag;

/**
 * The ClickBench comparison of {@link TestClickBenchQueries} over five times the rows, where groups
 * and sorts span many pages; a few minutes, so only with {@code -Dtest.groups.excluded=}.
 */
@Tag("slow")
class TestClickBenchQueriesLarge extends TestClickBenchQueries {
  @Override
  int rowCount() {
    return 500_000;
  }
}
