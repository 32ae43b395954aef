package io.aurora.sql.expression;

import static io.aurora.sql.expression.ExpressionTester.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class TestCastsAndStrings {
  @Test
  void textToNumbersAndBack() {
    ExpressionTester t = new ExpressionTester();
    RexNode s = t.column(SqlTypeName.VARCHAR, " 42 ", "-7", null);
    assertThat(t.evaluate(t.rex.makeCast(t.type(SqlTypeName.INTEGER), s)))
        .isEqualTo(list(42, -7, null));
    RexNode d = t.column(SqlTypeName.DOUBLE, 1.5, 1e20, 0.0001);
    assertThat(t.evaluate(t.rex.makeCast(t.type(SqlTypeName.VARCHAR), d)))
        .isEqualTo(list("1.5", "1e+20", "0.0001"));
    RexNode n = t.column(t.decimal(5, 2), new BigDecimal("1.50"), new BigDecimal("-0.05"), null);
    assertThat(t.evaluate(t.rex.makeCast(t.type(SqlTypeName.VARCHAR), n)))
        .isEqualTo(list("1.50", "-0.05", null));
  }

  @Test
  void badTextRaisesInvalidTextRepresentation() {
    ExpressionTester t = new ExpressionTester();
    RexNode s = t.column(SqlTypeName.VARCHAR, "abc");
    assertThatThrownBy(() -> t.evaluate(t.rex.makeCast(t.type(SqlTypeName.INTEGER), s)))
        .hasMessage("invalid input syntax for type integer: \"abc\"")
        .extracting(e -> ((AuroraException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_TEXT_REPRESENTATION);
  }

  @Test
  void numericCastsRoundAndCheckRange() {
    ExpressionTester t = new ExpressionTester();
    RexNode d = t.column(SqlTypeName.DOUBLE, 2.5, 3.5, -2.5);
    assertThat(t.evaluate(t.rex.makeCast(t.type(SqlTypeName.INTEGER), d)))
        .isEqualTo(list(2, 4, -2));
    RexNode n = t.column(t.decimal(5, 1), new BigDecimal("2.5"), new BigDecimal("-2.5"), null);
    assertThat(t.evaluate(t.rex.makeCast(t.type(SqlTypeName.INTEGER), n)))
        .isEqualTo(list(3, -3, null));
    RexNode big = t.column(SqlTypeName.BIGINT, 1L << 40, 1L, 2L);
    assertThatThrownBy(() -> t.evaluate(t.rex.makeCast(t.type(SqlTypeName.INTEGER), big)))
        .hasMessage("integer out of range");
  }

  @Test
  void likePatterns() {
    ExpressionTester t = new ExpressionTester();
    RexNode s = t.column(SqlTypeName.VARCHAR, "abc", "aXc", "ac", "héllo", "50%", null);
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.LIKE, s, t.string("a_c"))))
        .isEqualTo(list(true, true, false, false, false, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.LIKE, s, t.string("h_llo"))))
        .isEqualTo(list(false, false, false, true, false, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.LIKE, s, t.string("%c"))))
        .isEqualTo(list(true, true, true, false, false, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.LIKE, s, t.string("%\\%"))))
        .isEqualTo(list(false, false, false, false, true, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.LIKE, s, t.string("5_!%"), t.string("!"))))
        .isEqualTo(list(false, false, false, false, true, null));
    assertThat(
            t.evaluate(
                t.call(
                    SqlStdOperatorTable.NOT, t.call(SqlStdOperatorTable.LIKE, s, t.string("a%")))))
        .isEqualTo(list(false, false, false, true, true, null));
    assertThat(t.evaluate(t.call(SqlLibraryOperators.ILIKE, s, t.string("AX%"))))
        .isEqualTo(list(false, true, false, false, false, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.LIKE, s, t.string("%l%o"))))
        .isEqualTo(list(false, false, false, true, false, null));
  }

  @Test
  void stringFunctionsUseCharacters() {
    ExpressionTester t = new ExpressionTester();
    RexNode s = t.column(SqlTypeName.VARCHAR, "Héllo", "  ab  ", null);
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.CHAR_LENGTH, s))).isEqualTo(list(5, 6, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.UPPER, s)))
        .isEqualTo(list("HÉLLO", "  AB  ", null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.SUBSTRING, s, t.integer(2), t.integer(3))))
        .isEqualTo(list("éll", " ab", null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.SUBSTRING, s, t.integer(-1), t.integer(3))))
        .isEqualTo(list("H", " ", null));
    RexNode trim =
        t.call(
            SqlStdOperatorTable.TRIM,
            t.rex.makeFlag(org.apache.calcite.sql.fun.SqlTrimFunction.Flag.BOTH),
            t.string(" "),
            s);
    assertThat(t.evaluate(trim)).isEqualTo(list("Héllo", "ab", null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.CONCAT, s, t.string("!"))))
        .isEqualTo(list("Héllo!", "  ab  !", null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.POSITION, t.string("l"), s)))
        .isEqualTo(list(3, 0, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.REPLACE, s, t.string("l"), t.string("L"))))
        .isEqualTo(list("HéLLo", "  ab  ", null));
  }

  @Test
  void dictionaryInputKeepsIds() {
    ExpressionTester t = new ExpressionTester();
    VarcharBlock dictionary = VarcharBlock.of("abc", "xyz");
    RexNode s =
        t.column(
            t.type(SqlTypeName.VARCHAR),
            new DictionaryBlock(3, new int[] {1, 0, 1}, dictionary, true, null));
    Expression upper = t.compile(t.call(SqlStdOperatorTable.UPPER, s));
    var block = upper.evaluate(t.page());
    assertThat(block).isInstanceOf(DictionaryBlock.class);
    assertThat(ExpressionTester.values(upper, t.page())).isEqualTo(list("XYZ", "ABC", "XYZ"));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.LIKE, s, t.string("x%"))))
        .isEqualTo(list(true, false, true));
  }

  @Test
  void floatFormatting() {
    assertThat(TextFormats.formatDouble(100000000000000.0)).isEqualTo("100000000000000");
    assertThat(TextFormats.formatDouble(1e15)).isEqualTo("1e+15");
    assertThat(TextFormats.formatDouble(0.00001)).isEqualTo("1e-05");
    assertThat(TextFormats.formatDouble(-123.456)).isEqualTo("-123.456");
    assertThat(TextFormats.formatDouble(Double.NaN)).isEqualTo("NaN");
    assertThat(TextFormats.formatReal(1000000f)).isEqualTo("1e+06");
  }

  /** A timestamp without time zone ignores a zone in its input, as PostgreSQL's does. */
  @Test
  void timestampInputIgnoresAZone() {
    long expected = TextFormats.parseTimestamp("2026-01-02 10:00:00.5");
    for (String text :
        List.of(
            "2026-01-02 10:00:00.5+00",
            "2026-01-02 10:00:00.5-05:30",
            "2026-01-02T10:00:00.5Z",
            " 2026-01-02 10:00:00.5 +02 ")) {
      assertThat(TextFormats.parseTimestamp(text)).as(text).isEqualTo(expected);
    }
    assertThatThrownBy(() -> TextFormats.parseTimestamp("2026-01-02 10:00:00+"))
        .isInstanceOf(AuroraException.class);
  }

  /** PostgreSQL rounds fractional seconds beyond microseconds rather than dropping them. */
  @Test
  void timestampInputRoundsToMicroseconds() {
    assertThat(TextFormats.parseTimestamp("2024-02-29 23:59:59.1234567"))
        .isEqualTo(TextFormats.parseTimestamp("2024-02-29 23:59:59.123457"));
    assertThat(TextFormats.parseTimestamp("2024-02-29 23:59:59.9999996"))
        .isEqualTo(TextFormats.parseTimestamp("2024-03-01 00:00:00"));
    assertThat(
            TextFormats.formatTimestamp(TextFormats.parseTimestamp("2024-02-29 10:00:00.1234564")))
        .isEqualTo("2024-02-29 10:00:00.123456");
  }

  /**
   * The fast path for {@code yyyy-mm-dd hh:mm:ss[.ffffff]} reads what the general path reads, and
   * leaves every text it does not take (or that is invalid) to it: random instants over four
   * centuries in each precision, with both separators, and near misses.
   */
  @Test
  void commonTimestampFormReadsAsTheGeneralPath() {
    java.util.Random random = new java.util.Random(20261207);
    for (int i = 0; i < 20_000; i++) {
      long seconds = random.nextLong(-11_000_000_000L, 7_000_000_000L);
      java.time.LocalDateTime instant =
          java.time.LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC);
      int digits = random.nextInt(7);
      StringBuilder text =
          new StringBuilder(
              String.format(
                  java.util.Locale.ROOT,
                  "%04d-%02d-%02d%c%02d:%02d:%02d",
                  instant.getYear(),
                  instant.getMonthValue(),
                  instant.getDayOfMonth(),
                  random.nextBoolean() ? ' ' : 'T',
                  instant.getHour(),
                  instant.getMinute(),
                  instant.getSecond()));
      if (digits > 0) {
        text.append('.');
        for (int d = 0; d < digits; d++) {
          text.append((char) ('0' + random.nextInt(10)));
        }
      }
      String value = text.toString();
      assertThat(TextFormats.parseTimestamp(value))
          .as(value)
          .isEqualTo(TextFormats.parseTimestampGeneral(value));
      String date = value.substring(0, 10);
      assertThat(TextFormats.parseDate(date))
          .as(date)
          .isEqualTo(TextFormats.parseTimestampGeneral(date) / 86_400_000_000L);
    }
    for (String invalid :
        List.of(
            "2026-02-30 10:00:00",
            "2026-13-01 10:00:00",
            "2026-01-01 24:00:00",
            "2026-01-01 10:60:00",
            "2026-01-01 10:00:0x",
            "2026-01-01_10:00:00")) {
      assertThatThrownBy(() -> TextFormats.parseTimestamp(invalid))
          .as(invalid)
          .isInstanceOf(AuroraException.class)
          .extracting(e -> ((AuroraException) e).errorCode())
          .isEqualTo(ErrorCode.INVALID_TEXT_REPRESENTATION);
    }
    assertThatThrownBy(() -> TextFormats.parseDate("2026-02-30"))
        .isInstanceOf(AuroraException.class);
  }
}
