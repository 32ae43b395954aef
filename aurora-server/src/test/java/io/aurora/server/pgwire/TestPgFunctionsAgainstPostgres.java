package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.server.AuroraNode;
import io.aurora.server.TestNodes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scalar functions, window function arguments and their errors checked against a real PostgreSQL:
 * each statement runs on a throwaway PostgreSQL server ({@link LocalPostgres}) and on an Aurora
 * node, and the rows in PostgreSQL's text format, the command tag and the SQLSTATE of an error must
 * be the same. Skipped without the PostgreSQL server binaries, unless {@code
 * AURORA_REQUIRE_CLIENTS=1} (as in CI), in which case it fails ({@link
 * LocalPostgres#startRequired()}).
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestPgFunctionsAgainstPostgres {
  @TempDir static Path directory;
  private LocalPostgres postgres;
  private AuroraNode aurora;
  private WireSession onPostgres;
  private WireSession onAurora;

  static List<String> statements() {
    return List.of(
        // Logarithms: 2201E for zero and negative numbers; log(x) is base 10.
        "SELECT ln(0)",
        "SELECT ln(-1)",
        "SELECT log(0)",
        "SELECT log(-5)",
        "SELECT log(1000)",
        "SELECT log(x) FROM (VALUES (100.0::float8), (0.001::float8)) AS t(x)",
        "SELECT log10(0)",
        "SELECT log10(1000)",
        "SELECT ln(1)",
        // Powers and roots: 2201F.
        "SELECT power(0, -1)",
        "SELECT power(-8::float8, 0.5::float8)",
        "SELECT sqrt(-1::float8)",
        "SELECT sqrt(16::float8)",
        "SELECT power(2, 10)",
        // Window function arguments: 22014 for ntile, 22016 for nth_value.
        "SELECT ntile(0) OVER () FROM (VALUES (1)) AS t(x)",
        "SELECT nth_value(x, 0) OVER () FROM (VALUES (1)) AS t(x)",
        "SELECT ntile(2) OVER (ORDER BY x) FROM (VALUES (1), (2), (3)) AS t(x)",
        // Arithmetic errors.
        "SELECT 1 / 0",
        "SELECT 1 % 0",
        "SELECT 2147483647::int4 + 1",
        "SELECT '1e400'::float8",
        "SELECT 'abc'::int",
        "SELECT substr('abc', 1, -1)",
        // Rounding and formatting.
        "SELECT round(2.5), round(-2.5), round(2.5::float8), round(3.5::float8)",
        "SELECT round(1.2345, 2), trunc(-1.789, 1)",
        "SELECT to_char(1234.5, 'FM9,999.00'), to_char(-12, '000')",
        "SELECT true::text, CAST(false AS varchar)",
        "SELECT repeat('ab', 3), repeat('a', -1), left('abc', -1), lpad('7', 3, '0')",
        // Dates and intervals.
        "SELECT DATE '2026-12-01' + 1, DATE '2026-12-01' - DATE '2026-11-01'",
        "SELECT INTERVAL '1 day 12 hours', INTERVAL '36 hours', INTERVAL '14 months'",
        "SELECT extract(hour FROM INTERVAL '36 hours'), extract(month FROM INTERVAL '14 months')",
        "SELECT date_trunc('month', TIMESTAMP '2026-12-07 10:11:12')");
  }

  @BeforeAll
  void start() throws IOException {
    postgres = LocalPostgres.startRequired();
    aurora = AuroraNode.start(TestNodes.config(directory));
    onPostgres = new WireSession(postgres.port());
    onAurora = new WireSession(aurora.pgPort());
  }

  @AfterAll
  void stop() throws IOException {
    for (AutoCloseable resource : new AutoCloseable[] {onPostgres, onAurora, aurora, postgres}) {
      if (resource != null) {
        try {
          resource.close();
        } catch (Exception e) {
          throw new IOException("Closing " + resource + " failed", e);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("statements")
  void answersAsPostgresqlDoes(String sql) throws IOException {
    assertThat(onAurora.query(sql)).as(sql).isEqualTo(onPostgres.query(sql));
  }
}
