package io.aurora.sql.expression;

import static io.aurora.sql.expression.ExpressionTester.list;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class TestDateTime {
  private static final LocalDateTime MOMENT =
      LocalDateTime.of(2024, 1, 31, 13, 45, 30, 250_000_000);

  private static Instant instant(LocalDateTime dateTime) {
    return dateTime.toInstant(ZoneOffset.UTC);
  }

  private static long micros(LocalDateTime dateTime) {
    return dateTime.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + dateTime.getNano() / 1000;
  }

  @Test
  void extractFields() {
    ExpressionTester t = new ExpressionTester();
    RexNode ts = t.column(SqlTypeName.TIMESTAMP, instant(MOMENT), null);
    assertThat(extract(t, TimeUnitRange.YEAR, ts)).isEqualTo(list(2024L, null));
    assertThat(extract(t, TimeUnitRange.MONTH, ts)).isEqualTo(list(1L, null));
    assertThat(extract(t, TimeUnitRange.HOUR, ts)).isEqualTo(list(13L, null));
    assertThat(extract(t, TimeUnitRange.DOW, ts))
        .isEqualTo(list((long) (MOMENT.getDayOfWeek().getValue() % 7), null));
    assertThat(extract(t, TimeUnitRange.WEEK, ts))
        .isEqualTo(list((long) MOMENT.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), null));
    assertThat(extract(t, TimeUnitRange.QUARTER, ts)).isEqualTo(list(1L, null));
  }

  private static Object extract(ExpressionTester t, TimeUnitRange unit, RexNode value) {
    return t.evaluate(t.call(SqlStdOperatorTable.EXTRACT, t.rex.makeFlag(unit), value));
  }

  @Test
  void floorAndCeilToUnits() {
    ExpressionTester t = new ExpressionTester();
    RexNode ts = t.column(SqlTypeName.TIMESTAMP, instant(MOMENT));
    assertThat(
            t.evaluate(t.call(SqlStdOperatorTable.FLOOR, ts, t.rex.makeFlag(TimeUnitRange.MONTH))))
        .isEqualTo(list(micros(LocalDateTime.of(2024, 1, 1, 0, 0))));
    assertThat(
            t.evaluate(t.call(SqlStdOperatorTable.FLOOR, ts, t.rex.makeFlag(TimeUnitRange.WEEK))))
        .isEqualTo(list(micros(LocalDateTime.of(2024, 1, 29, 0, 0))));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.CEIL, ts, t.rex.makeFlag(TimeUnitRange.HOUR))))
        .isEqualTo(list(micros(LocalDateTime.of(2024, 1, 31, 14, 0))));
  }

  @Test
  void intervalArithmeticClampsMonthEnd() {
    ExpressionTester t = new ExpressionTester();
    RexNode ts = t.column(SqlTypeName.TIMESTAMP, instant(MOMENT));
    RexNode oneMonth =
        t.rex.makeIntervalLiteral(
            BigDecimal.ONE, new SqlIntervalQualifier(TimeUnit.MONTH, null, SqlParserPos.ZERO));
    RexNode plus = t.call(SqlStdOperatorTable.DATETIME_PLUS, ts, oneMonth);
    assertThat(t.evaluate(plus)).isEqualTo(list(micros(MOMENT.plusMonths(1))));
    assertThat(MOMENT.plusMonths(1).getDayOfMonth()).isEqualTo(29);
    RexNode twoHours =
        t.rex.makeIntervalLiteral(
            BigDecimal.valueOf(2 * 3_600_000L),
            new SqlIntervalQualifier(TimeUnit.HOUR, null, SqlParserPos.ZERO));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.DATETIME_PLUS, ts, twoHours)))
        .isEqualTo(list(micros(MOMENT.plusHours(2))));
  }

  @Test
  void dateMinusDateIsDays() {
    ExpressionTester t = new ExpressionTester();
    RexNode a = t.column(SqlTypeName.DATE, LocalDate.of(2024, 3, 1));
    RexNode b = t.column(SqlTypeName.DATE, LocalDate.of(2024, 2, 1));
    RexNode minus =
        t.rex.makeCall(
            t.type(SqlTypeName.INTEGER), SqlStdOperatorTable.MINUS_DATE, java.util.List.of(a, b));
    assertThat(t.evaluate(minus)).isEqualTo(list(29));
  }

  @Test
  void currentTimestampIsTheQueryStart() {
    ExpressionTester t = new ExpressionTester();
    t.column(SqlTypeName.INTEGER, 1, 2);
    assertThat(t.evaluate(t.rex.makeCall(SqlStdOperatorTable.CURRENT_TIMESTAMP)))
        .isEqualTo(list(ExpressionTester.QUERY_START, ExpressionTester.QUERY_START));
  }
}
