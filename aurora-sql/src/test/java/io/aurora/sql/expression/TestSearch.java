package io.aurora.sql.expression;

import static io.aurora.sql.expression.ExpressionTester.list;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.junit.jupiter.api.Test;

class TestSearch {
  @Test
  void inListOfIntegers() {
    ExpressionTester t = new ExpressionTester();
    RexNode x = t.column(SqlTypeName.INTEGER, 1, 2, 3, 4, null);
    RexNode in = t.rex.makeIn(x, List.of(t.integer(2), t.integer(4), t.integer(9)));
    assertThat(in.getKind()).isEqualTo(SqlKind.SEARCH);
    assertThat(t.compile(in)).isInstanceOf(SearchExpression.class);
    assertThat(t.evaluate(in)).isEqualTo(list(false, true, false, true, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.NOT, in)))
        .isEqualTo(list(true, false, true, false, null));
  }

  @Test
  void betweenAndOpenRanges() {
    ExpressionTester t = new ExpressionTester();
    RexNode x = t.column(SqlTypeName.BIGINT, 0L, 1L, 3L, 5L, 6L);
    RexNode between = t.rex.makeBetween(x, t.integer(1), t.integer(5));
    assertThat(t.evaluate(between)).isEqualTo(list(false, true, true, true, false));
    com.google.common.collect.RangeSet<BigDecimal> ranges =
        com.google.common.collect.TreeRangeSet.create();
    ranges.add(com.google.common.collect.Range.lessThan(BigDecimal.ONE));
    ranges.add(com.google.common.collect.Range.greaterThan(BigDecimal.valueOf(5)));
    RexNode search =
        t.rex.makeCall(
            SqlStdOperatorTable.SEARCH,
            x,
            t.rex.makeSearchArgumentLiteral(
                org.apache.calcite.util.Sarg.of(
                    org.apache.calcite.rex.RexUnknownAs.UNKNOWN, ranges),
                x.getType()));
    assertThat(t.evaluate(search)).isEqualTo(list(true, false, false, false, true));
  }

  @Test
  void decimalBoundsBetweenValues() {
    ExpressionTester t = new ExpressionTester();
    RexNode x = t.column(SqlTypeName.INTEGER, 1, 2, 3);
    RexNode in =
        t.rex.makeBetween(
            x,
            t.rex.makeExactLiteral(new BigDecimal("1.5")),
            t.rex.makeExactLiteral(new BigDecimal("3.0")));
    assertThat(t.evaluate(in)).isEqualTo(list(false, true, true));
  }

  @Test
  void stringsAndDates() {
    ExpressionTester t = new ExpressionTester();
    RexNode s = t.column(SqlTypeName.VARCHAR, "a", "b", "é", null);
    RexNode in = t.rex.makeIn(s, List.of(t.string("b"), t.string("é")));
    assertThat(t.evaluate(in)).isEqualTo(list(false, true, true, null));
    RexNode d =
        t.column(SqlTypeName.DATE, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 1), null, null);
    RexNode dateIn = t.rex.makeIn(d, List.of(t.rex.makeDateLiteral(new DateString(2024, 2, 1))));
    assertThat(t.evaluate(dateIn)).isEqualTo(list(false, true, null, null));
  }
}
