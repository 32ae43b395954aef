package io.aurora.sql.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.DataType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's results for scalar functions and casts where DuckDB, the differential tests' oracle,
 * differs from PostgreSQL; expected values are PostgreSQL's documented or observed ones.
 */
class TestPostgresScalarFunctions {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  /** The single row of {@code SELECT expressions}, each cast to text as PostgreSQL prints it. */
  private List<Object> text(String... expressions) {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < expressions.length; i++) {
      sql.append(i == 0 ? "" : ", ").append("CAST(").append(expressions[i]).append(" AS VARCHAR)");
    }
    List<List<Object>> rows = ((QueryResult) engine.execute(sql.toString())).rows();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  private void assertError(String expression, ErrorCode code, String message) {
    assertThatThrownBy(() -> ((QueryResult) engine.execute("SELECT " + expression)).rows())
        .isInstanceOf(AuroraException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((AuroraException) e).errorCode())
        .isEqualTo(code);
  }

  @Test
  void roundAndTruncHaveTheScaleOfTheirDigits() {
    assertThat(text("round(10.0, 2)", "round(2.345, 2)", "round(-2.5)", "round(1234.5, -2)"))
        .containsExactly("10.00", "2.35", "-3", "1200");
    assertThat(text("trunc(10.0, 2)", "trunc(2.349, 2)", "trunc(-2.5)", "trunc(1299.5, -2)"))
        .containsExactly("10.00", "2.34", "-2", "1200");
    assertThat(text("round(CAST(10 AS DECIMAL(10, 6)) / 3, 2)", "round(7, 1)"))
        .containsExactly("3.33", "7.0");
    assertThat(text("trunc(CAST(-2.7 AS DOUBLE))", "round(CAST(2.5 AS DOUBLE))"))
        .containsExactly("-2", "2");
    QueryResult result = (QueryResult) engine.execute("SELECT round(10.0, 2), trunc(5.678, 1)");
    assertThat(result.types()).containsExactly(DataType.decimal(5, 2), DataType.decimal(2, 1));
  }

  @Test
  void castsOfConstantsPrintAsPostgresql() {
    assertThat(text("true", "false", "-0.05", "12.50", "CAST(1.5 AS DECIMAL(6, 3))"))
        .containsExactly("true", "false", "-0.05", "12.50", "1.500");
    assertThat(
            text(
                "TIMESTAMP '2025-01-01 10:11:12.5'",
                "CAST('2024-02-29 23:59:59.123456' AS TIMESTAMP)",
                "TIMESTAMP '2025-01-01 00:00:00.000001'"))
        .containsExactly(
            "2025-01-01 10:11:12.5", "2024-02-29 23:59:59.123456", "2025-01-01 00:00:00.000001");
  }

  @Test
  void booleansAndIntegersCastBothWays() {
    assertThat(text("CAST(true AS INTEGER)", "CAST(false AS BIGINT)", "CAST(7 AS BOOLEAN)"))
        .containsExactly("1", "0", "true");
    assertThat(text("CAST(CAST(0 AS BOOLEAN) AS INTEGER)")).containsExactly("0");
  }

  @Test
  void splitPartFollowsPostgresql14() {
    assertThat(
            text(
                "split_part('a,b,c', ',', -1)",
                "split_part('a,b,c', ',', -3)",
                "split_part('a,b,c', ',', -4)",
                "split_part('abc', '', 1)",
                "split_part('abc', '', -1)",
                "split_part('abc', '', 2)"))
        .containsExactly("c", "a", "", "abc", "abc", "");
    assertError(
        "split_part('a,b', ',', 0)",
        ErrorCode.INVALID_PARAMETER_VALUE,
        "field position must not be zero");
  }

  @Test
  void paddingWithAnEmptyFillOnlyTruncates() {
    assertThat(text("lpad('abc', 5, '')", "rpad('abc', 2, '')", "lpad('日本語', 2)", "rpad('a', 4)"))
        .containsExactly("abc", "ab", "日本", "a   ");
    assertError(
        "lpad('a', 2000000000, 'x')",
        ErrorCode.PROGRAM_LIMIT_EXCEEDED,
        "requested length too large");
  }

  @Test
  void chrRejectsWhatPostgresqlRejects() {
    assertThat(text("chr(8364)", "ascii('€uro')")).containsExactly("€", "8364");
    assertError("chr(0)", ErrorCode.PROGRAM_LIMIT_EXCEEDED, "null character not permitted");
    assertError("chr(-1)", ErrorCode.PROGRAM_LIMIT_EXCEEDED, "character number must be positive");
    assertError(
        "chr(1114112)",
        ErrorCode.PROGRAM_LIMIT_EXCEEDED,
        "requested character too large for encoding: 1114112");
    assertError(
        "chr(55296)",
        ErrorCode.PROGRAM_LIMIT_EXCEEDED,
        "requested character not valid for encoding: 55296");
  }

  @Test
  void initcapAndTranslate() {
    assertThat(
            text(
                "initcap('hello wORLD-foo bar2baz übel ÄRGER')",
                "translate('12345', '143', 'ax')",
                "translate('日本語', '本', 'x')"))
        .containsExactly("Hello World-Foo Bar2baz Übel Ärger", "a2x5", "日x語");
  }

  @Test
  void concatSkipsNulls() {
    assertThat(
            text(
                "concat_ws(',', 'a', NULL, 'b')",
                "concat_ws(',', NULL, NULL)",
                "concat('a', NULL, 1)",
                "md5('abc')"))
        .containsExactly("a,b", "", "a1", "900150983cd24fb0d6963f7d28e17f72");
    assertThat(text("concat_ws(NULL, 'a', 'b')")).containsExactly((Object) null);
  }
}
