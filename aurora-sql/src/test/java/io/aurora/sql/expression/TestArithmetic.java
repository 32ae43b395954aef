package io.aurora.sql.expression;

import static io.aurora.sql.expression.ExpressionTester.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.math.BigDecimal;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class TestArithmetic {
  @Test
  void integerOperatorsWithNulls() {
    ExpressionTester t = new ExpressionTester();
    RexNode a = t.column(SqlTypeName.INTEGER, 7, -7, null, 10);
    RexNode b = t.column(SqlTypeName.INTEGER, 2, 2, 3, null);
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.PLUS, a, b)))
        .isEqualTo(list(9, -5, null, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.MINUS, a, b)))
        .isEqualTo(list(5, -9, null, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.MULTIPLY, a, b)))
        .isEqualTo(list(14, -14, null, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.DIVIDE, a, b)))
        .isEqualTo(list(3, -3, null, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.MOD, a, b)))
        .isEqualTo(list(1, -1, null, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.UNARY_MINUS, a)))
        .isEqualTo(list(-7, 7, null, -10));
  }

  @Test
  void constantRightOperand() {
    ExpressionTester t = new ExpressionTester();
    RexNode a = t.column(SqlTypeName.BIGINT, 1L, 2L, null);
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.MULTIPLY, a, t.integer(10))))
        .isEqualTo(list(10L, 20L, null));
  }

  @Test
  void integerOverflowRaisesOutOfRange() {
    ExpressionTester t = new ExpressionTester();
    RexNode a = t.column(SqlTypeName.INTEGER, Integer.MAX_VALUE);
    assertThatThrownBy(() -> t.evaluate(t.call(SqlStdOperatorTable.PLUS, a, t.integer(1))))
        .isInstanceOf(AuroraException.class)
        .hasMessage("integer out of range")
        .extracting(e -> ((AuroraException) e).errorCode())
        .isEqualTo(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE);
    ExpressionTester l = new ExpressionTester();
    RexNode big = l.column(SqlTypeName.BIGINT, Long.MAX_VALUE);
    RexNode two = l.column(SqlTypeName.BIGINT, 2L);
    assertThatThrownBy(() -> l.evaluate(l.call(SqlStdOperatorTable.MULTIPLY, big, two)))
        .hasMessage("bigint out of range");
  }

  @Test
  void divisionByZeroOnlyForSelectedNonNullRows() {
    ExpressionTester t = new ExpressionTester();
    RexNode a = t.column(SqlTypeName.INTEGER, 10, 10, 10);
    RexNode b = t.column(SqlTypeName.INTEGER, 2, 0, null);
    RexNode divide = t.call(SqlStdOperatorTable.DIVIDE, a, b);
    assertThat(t.evaluate(divide, 0, 2)).isEqualTo(list(5, null));
    assertThatThrownBy(() -> t.evaluate(divide))
        .extracting(e -> ((AuroraException) e).errorCode())
        .isEqualTo(ErrorCode.DIVISION_BY_ZERO);
  }

  @Test
  void floatingPointDivisionByZero() {
    ExpressionTester t = new ExpressionTester();
    RexNode a = t.column(SqlTypeName.DOUBLE, 1.0, 3.0);
    RexNode b = t.column(SqlTypeName.DOUBLE, 4.0, 0.0);
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.DIVIDE, a, b), 0)).isEqualTo(list(0.25));
    assertThatThrownBy(() -> t.evaluate(t.call(SqlStdOperatorTable.DIVIDE, a, b)))
        .hasMessage("division by zero");
  }

  @Test
  void decimalArithmeticAlignsScales() {
    ExpressionTester t = new ExpressionTester();
    RexNode a = t.column(t.decimal(10, 2), new BigDecimal("1.25"), new BigDecimal("-3.10"));
    RexNode b = t.column(t.decimal(10, 1), new BigDecimal("2.5"), new BigDecimal("0.5"));
    RexNode sum = t.call(SqlStdOperatorTable.PLUS, a, b);
    Expression compiled = t.compile(sum);
    assertThat(compiled.type().scale()).isEqualTo(2);
    assertThat(t.evaluate(sum)).isEqualTo(list(375L, -260L));
    RexNode product = t.call(SqlStdOperatorTable.MULTIPLY, a, b);
    assertThat(t.evaluate(product)).isEqualTo(list(3125L, -1550L));
    RexNode quotient = t.call(SqlStdOperatorTable.DIVIDE, a, b);
    int scale = t.compile(quotient).type().scale();
    assertThat(t.evaluate(quotient))
        .isEqualTo(
            list(
                new BigDecimal("0.5").movePointRight(scale).longValueExact(),
                new BigDecimal("-6.2").movePointRight(scale).longValueExact()));
  }

  @Test
  void decimalRoundingHalfUp() {
    assertThat(Decimals.rescale(125, 2, 1)).isEqualTo(13);
    assertThat(Decimals.rescale(-125, 2, 1)).isEqualTo(-13);
    assertThat(Decimals.divide(2, 0, 3, 0, 2)).isEqualTo(67);
    assertThat(Decimals.divide(-1, 0, 8, 0, 2)).isEqualTo(-13);
    assertThatThrownBy(() -> Decimals.checkPrecision(1000, 3)).hasMessage("numeric field overflow");
  }
}
