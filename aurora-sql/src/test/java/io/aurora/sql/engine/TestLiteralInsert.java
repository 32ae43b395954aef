package io.aurora.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.StorageConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * INSERT ... VALUES of literals skips planning; it must store exactly what the planned path stores.
 * Each case inserts the same rows twice: as VALUES (the literal path) and as {@code INSERT ...
 * SELECT * FROM (VALUES ...)} (always planned), and compares the tables.
 */
class TestLiteralInsert {
  private static final String COLUMNS =
      "(b BOOLEAN, s SMALLINT, i INTEGER, l BIGINT NOT NULL, r REAL, d DOUBLE,"
          + " m DECIMAL(10, 2), v VARCHAR, dt DATE, ts TIMESTAMP)";

  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    engine.execute("CREATE TABLE literal " + COLUMNS);
    engine.execute("CREATE TABLE planned " + COLUMNS);
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  @Test
  void literalRowsEqualPlannedRows() {
    assertSameRows(
        "(TRUE, 1, 2, 3, 1.5, 2.25, 12.34, 'a', DATE '2026-11-26', TIMESTAMP '2026-11-26 10:00:00')",
        "(FALSE, -32768, -2147483648, -9223372036854775807, -0.5, -1000.5, -0.01, '', DATE"
            + " '1970-01-01', TIMESTAMP '1969-12-31 23:59:59')",
        "(NULL, NULL, NULL, 7, NULL, NULL, NULL, NULL, NULL, NULL)",
        "(TRUE, 32767, 2147483647, 9223372036854775807, 3, 4, 5.555, 'it''s', DATE '2026-01-02',"
            + " TIMESTAMP '2026-01-02 03:04:05')");
  }

  @Test
  void isoStringsConvertToDatesAndTimestamps() {
    engine.execute(
        "INSERT INTO literal (l, dt, ts) VALUES (1, '2026-01-02', '2026-01-02 03:04:05')");
    engine.execute(
        "INSERT INTO planned (l, dt, ts) VALUES (1, DATE '2026-01-02', TIMESTAMP '2026-01-02"
            + " 03:04:05')");
    assertThat(rows("literal")).isEqualTo(rows("planned")).hasSize(1);
  }

  @Test
  void valuesThatNeedCastsTakeThePlannedPath() {
    // An expression and an integer for a real column: the planner decides.
    assertSameRows(
        "(TRUE, 1 + 1, 2, 3, 1.5, 2.25, 1, 'b', DATE '2026-11-26', TIMESTAMP '2026-11-26"
            + " 10:00:00')");
  }

  @Test
  void columnListFillsTheRestWithNull() {
    engine.execute(
        "INSERT INTO literal (ts, l, v) VALUES (TIMESTAMP '2026-11-26 10:00:00', 5, 'x')");
    engine.execute(
        "INSERT INTO planned (ts, l, v) SELECT * FROM (VALUES (TIMESTAMP '2026-11-26 10:00:00', 5,"
            + " 'x')) AS t");
    assertThat(rows("literal")).isEqualTo(rows("planned")).hasSize(1);
    assertThat(rows("literal").get(0).get(0)).isNull();
  }

  @Test
  void nullForNotNullColumnIsRejected() {
    AuroraException error =
        catchAurora(
            () ->
                engine.execute(
                    "INSERT INTO literal VALUES (TRUE, 1, 2, NULL, 1, 2, 3, 'a', NULL, NULL)"));
    assertThat(error.errorCode()).isEqualTo(ErrorCode.NOT_NULL_VIOLATION);
    assertThat(rows("literal")).isEmpty();
  }

  @Test
  void approximateNumbersFillFloatingPointColumns() {
    engine.execute("INSERT INTO literal (l, r, d) VALUES (1, 2.5e0, -1e3)");
    assertThat(((QueryResult) engine.execute("SELECT r, d FROM literal")).rows())
        .containsExactly(List.of(2.5f, -1000.0));
  }

  /** PostgreSQL reads strings into float columns, so 'NaN' may stand beside numbers in VALUES. */
  @Test
  void stringsFillFloatingPointColumnsAsPostgresqlReadsThem() {
    engine.execute(
        "INSERT INTO literal (l, d) VALUES (1, 0.25), (2, 'NaN'), (3, ' -Infinity '), (4, 'inf'),"
            + " (5, '1.5e3'), (6, '+.5')");
    assertThat(((QueryResult) engine.execute("SELECT d FROM literal ORDER BY l")).rows())
        .containsExactly(
            List.of(0.25),
            List.of(Double.NaN),
            List.of(Double.NEGATIVE_INFINITY),
            List.of(Double.POSITIVE_INFINITY),
            List.of(1500.0),
            List.of(0.5));
    // Text that is not a number takes the planned path, which reports it.
    AuroraException error =
        catchAurora(() -> engine.execute("INSERT INTO literal (l, d) VALUES (7, '0x10')"));
    assertThat(error.errorCode().sqlState()).isEqualTo("22P02");
    assertThat(rows("literal")).hasSize(6);
  }

  @Test
  void timestampKeepsMicroseconds() {
    engine.execute(
        "INSERT INTO literal (l, ts) VALUES (1, TIMESTAMP '2026-11-26 10:00:00.123456')");
    assertThat(((QueryResult) engine.execute("SELECT CAST(ts AS VARCHAR) FROM literal")).rows())
        .containsExactly(List.of("2026-11-26 10:00:00.123456"));
  }

  private void assertSameRows(String... rows) {
    String values = String.join(", ", rows);
    CommandResult literal = (CommandResult) engine.execute("INSERT INTO literal VALUES " + values);
    engine.execute("INSERT INTO planned SELECT * FROM (VALUES " + values + ") AS t");
    assertThat(literal.commandTag()).isEqualTo("INSERT 0 " + rows.length);
    assertThat(rows("literal")).isEqualTo(rows("planned")).hasSize(rows.length);
  }

  private List<List<Object>> rows(String table) {
    return ((QueryResult) engine.execute("SELECT * FROM " + table + " ORDER BY l")).rows();
  }

  private static AuroraException catchAurora(Runnable statement) {
    try {
      statement.run();
    } catch (AuroraException e) {
      return e;
    }
    throw new AssertionError("no error");
  }
}
