package io.aurora.sql.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.testing.DifferentialHarness;
import io.aurora.sql.testing.DifferentialQueries;
import io.aurora.sql.testing.DifferentialQueries.Query;
import io.aurora.sql.testing.TestingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every query of {@code differential/queries.sql} on Aurora and on DuckDB over the same data
 * and compares the results: exactly for integers, decimals and strings, within a relative 1e-9 for
 * floating point, and in order only for queries marked {@code ordered:}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDifferentialQueries {
  private static final long SEED = 20_261_126L;

  @TempDir static Path directory;
  private DifferentialHarness harness;

  @BeforeAll
  void load() throws Exception {
    harness = new DifferentialHarness(directory, TestingData.tables(SEED));
  }

  @AfterAll
  void close() throws Exception {
    harness.close();
  }

  static List<Query> queries() throws IOException {
    return DifferentialQueries.queries();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void auroraMatchesDuckDb(Query query) throws Exception {
    assertThat(harness.difference(query.sql(), query.isOrdered())).as(query.sql()).isNull();
  }
}
