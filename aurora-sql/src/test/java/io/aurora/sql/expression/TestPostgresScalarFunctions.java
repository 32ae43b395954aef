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
  void jsonExtractPathReadsJsonKeptAsText() {
    String doc =
        "'{\"a\": {\"b\": [10, \"x\", {\"c\": null}]}, \"s\": \"t\\\"q\", \"k\": 1, \"k\": 2}'";
    assertThat(
            text(
                "json_extract_path_text(" + doc + ", 'a', 'b', '1')",
                "json_extract_path_text(" + doc + ", 'a', 'b', '0')",
                "json_extract_path(" + doc + ", 'a', 'b')",
                "json_extract_path(" + doc + ", 'a', 'b', '2', 'c')",
                "json_extract_path_text(" + doc + ", 's')",
                "json_extract_path(" + doc + ", 's')",
                "json_extract_path_text(" + doc + ", 'k')",
                "jsonb_extract_path_text(CAST(" + doc + " AS jsonb), 'a', 'b', '0')"))
        .containsExactly(
            "x", "10", "[10, \"x\", {\"c\": null}]", "null", "t\"q", "\"t\\\"q\"", "2", "10");
    assertThat(
            text(
                "json_extract_path_text(" + doc + ", 'a', 'b', '2', 'c')",
                "json_extract_path_text(" + doc + ", 'nope')",
                "json_extract_path_text(" + doc + ", 'a', 'b', 'x')",
                "json_extract_path_text(" + doc + ", 's', 'deeper')"))
        .containsExactly(null, null, null, null);
    assertError(
        "json_extract_path_text('{\"a\": ', 'a')",
        ErrorCode.INVALID_TEXT_REPRESENTATION,
        "invalid input syntax for type json");

    // Per row over a table, as a dead-letter table's payloads are read back.
    engine.execute("CREATE TABLE errors (id BIGINT, payload VARCHAR)");
    engine.execute(
        "INSERT INTO errors VALUES (1, '{\"user\": {\"id\": 7}, \"price\": \"2.50\"}'),"
            + " (2, '{\"user\": {}}'), (3, NULL)");
    assertThat(
            ((QueryResult)
                    engine.execute(
                        "SELECT id, CAST(json_extract_path_text(payload, 'user', 'id') AS BIGINT),"
                            + " json_extract_path_text(payload::json, 'price') FROM errors"
                            + " ORDER BY id"))
                .rows())
        .containsExactly(
            java.util.Arrays.asList(1L, 7L, "2.50"),
            java.util.Arrays.asList(2L, null, null),
            java.util.Arrays.asList(3L, null, null));
    // PostgreSQL's operators read the same.
    assertThat(
            ((QueryResult)
                    engine.execute(
                        "SELECT id, CAST(payload::json -> 'user' ->> 'id' AS BIGINT),"
                            + " payload -> 'user', payload::jsonb ->> 'price' FROM errors"
                            + " WHERE payload ->> 'price' = '2.50'"))
                .rows())
        .containsExactly(java.util.Arrays.asList(1L, 7L, "{\"id\": 7}", "2.50"));
  }

  /** log(x) is base 10; log(b, x) takes the base first, as in PostgreSQL. */
  @Test
  void logarithmsTakePostgresqlsArguments() {
    assertThat(text("log(1000)", "log(2, 8)", "log(10, 0.01)", "ln(1)"))
        .containsExactly("3", "3", "-2", "0");
    for (String bad : List.of("log(0)", "log(-1)", "log(2, 0)", "log(-2, 8)")) {
      assertThatThrownBy(() -> text(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT_FOR_LOGARITHM));
    }
    assertThatThrownBy(() -> text("log(1, 8)"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DIVISION_BY_ZERO));
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
    assertError(
        "CAST('abc' AS INTEGER)",
        ErrorCode.INVALID_TEXT_REPRESENTATION,
        "invalid input syntax for type integer: \"abc\"");
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

  /** Results from PostgreSQL's documentation of to_char (Table 9.27 and its examples). */
  @Test
  void toCharOfTimestamps() {
    String moment = "TIMESTAMP '2002-04-20 17:31:12.66'";
    assertThat(
            text(
                "to_char(" + moment + ", 'HH12:MI:SS')",
                "to_char(" + moment + ", 'Day, DD  HH12:MI:SS')",
                "to_char(" + moment + ", 'FMDay, FMDD  HH12:MI:SS')",
                "to_char(" + moment + ", 'YYYY-MM-DD\"T\"HH24:MI:SS.US')",
                "to_char(" + moment + ", 'Mon DD, YYYY AM')",
                "to_char(" + moment + ", 'MONTH month FMMonth! dy DY')",
                "to_char(" + moment + ", 'MS FF2 Q DDD D ID IW WW CC J SSSS yy')",
                "to_char(" + moment + ", 'hh24 \\H\\H a.m. pm')"))
        .containsExactly(
            "05:31:12",
            "Saturday , 20  05:31:12",
            "Saturday, 20  05:31:12",
            "2002-04-20T17:31:12.660000",
            "Apr 20, 2002 PM",
            "APRIL     april     April! sat SAT",
            "660 66 2 110 7 6 16 16 21 2452385 63072 02",
            "17 HH p.m. pm");
    assertThat(
            text(
                "to_char(DATE '2025-01-05', 'FMDD.FMMM.YYYY')",
                "to_char(TIMESTAMP '0099-12-31 00:00:00', 'YYYY HH12 AM')"))
        .containsExactly("5.1.2025", "0099 12 AM");
    assertThat(
            text(
                "to_char(DATE '2025-01-01', 'FMDDth \"of\" FMMonth')",
                "to_char(DATE '2025-01-02', 'DDTH')",
                "to_char(DATE '2025-01-11', 'DDth')",
                "to_char(DATE '2025-01-22', 'DDth')",
                "to_char(DATE '2025-01-13', 'DDth')",
                "to_char(DATE '2025-01-23', 'FMDDth')"))
        .containsExactly("1st of January", "02ND", "11th", "22nd", "13th", "23rd");
  }

  /** Results from PostgreSQL's documentation of to_char for numbers. */
  @Test
  void toCharOfNumbers() {
    assertThat(
            text(
                "to_char(-0.1, '99.99')",
                "to_char(-0.1, 'FM9.99')",
                "to_char(-0.1, 'FM90.99')",
                "to_char(0.1, '0.9')",
                "to_char(12, '9990999.9')",
                "to_char(12, 'FM9990999.9')",
                "to_char(485, '999')",
                "to_char(-485, '999')",
                "to_char(1485, '9,999')",
                "to_char(148.5, '999.999')",
                "to_char(148.5, 'FM999.999')",
                "to_char(148.5, 'FM999.990')",
                "to_char(3148.5, '9G999D999')",
                "to_char(CAST(2.5 AS DOUBLE), '9')",
                "to_char(12345, '999')"))
        .containsExactly(
            "  -.10",
            "-.1",
            "-0.1",
            " 0.1",
            "    0012.0",
            "0012.",
            " 485",
            "-485",
            " 1,485",
            " 148.500",
            "148.5",
            "148.500",
            " 3,148.500",
            " 3",
            " ###");
    assertError("to_char(1, '9999PR')", ErrorCode.FEATURE_NOT_SUPPORTED, "Number pattern[P]");
  }

  @Test
  void toTimestampReadsPatternsAndEpochSeconds() {
    assertThat(
            text(
                "to_timestamp('2024-03-05 14:07:09.25', 'YYYY-MM-DD HH24:MI:SS.US')",
                "to_timestamp('05 Mar 2024 02:07 PM', 'DD Mon YYYY HH12:MI AM')",
                "to_timestamp('20240305', 'YYYYMMDD')",
                "to_timestamp('12 am', 'HH12 am')",
                "to_date('March 5, 2024', 'Month DD, YYYY')",
                "to_timestamp(1700000000.5)",
                "to_timestamp(-1)"))
        .containsExactly(
            "2024-03-05 14:07:09.25",
            "2024-03-05 14:07:00",
            "2024-03-05 00:00:00",
            "0001-01-01 00:00:00",
            "2024-03-05",
            "2023-11-14 22:13:20.5",
            "1969-12-31 23:59:59");
    assertError(
        "to_timestamp('2024-13-01', 'YYYY-MM-DD')",
        ErrorCode.INVALID_TEXT_REPRESENTATION,
        "date/time field value out of range");
    assertError(
        "to_timestamp('x', 'YYYY')", ErrorCode.INVALID_TEXT_REPRESENTATION, "invalid value");
  }
}
