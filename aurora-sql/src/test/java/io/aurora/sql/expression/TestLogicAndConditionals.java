package io.aurora.sql.expression;

import static io.aurora.sql.expression.ExpressionTester.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import java.util.List;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class TestLogicAndConditionals {
  @Test
  void threeValuedTruthTables() {
    ExpressionTester t = new ExpressionTester();
    RexNode a =
        t.column(SqlTypeName.BOOLEAN, true, true, true, false, false, false, null, null, null);
    RexNode b =
        t.column(SqlTypeName.BOOLEAN, true, false, null, true, false, null, true, false, null);
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.AND, a, b)))
        .isEqualTo(list(true, false, null, false, false, false, null, false, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.OR, a, b)))
        .isEqualTo(list(true, true, true, true, false, null, true, null, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.NOT, a)))
        .isEqualTo(list(false, false, false, true, true, true, null, null, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.IS_NOT_TRUE, a)))
        .isEqualTo(list(false, false, false, true, true, true, true, true, true));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.IS_FALSE, a)))
        .isEqualTo(list(false, false, false, true, true, true, false, false, false));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.IS_NULL, b)))
        .isEqualTo(list(false, false, true, false, false, true, false, false, true));
  }

  @Test
  void comparisonsAndDistinctness() {
    ExpressionTester t = new ExpressionTester();
    RexNode a = t.column(SqlTypeName.DOUBLE, 1.0, Double.NaN, -0.0, null, 2.0);
    RexNode b = t.column(SqlTypeName.DOUBLE, 2.0, Double.NaN, 0.0, null, null);
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.LESS_THAN, a, b)))
        .isEqualTo(list(true, false, false, null, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.EQUALS, a, b)))
        .isEqualTo(list(false, true, true, null, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.IS_DISTINCT_FROM, a, b)))
        .isEqualTo(list(true, false, false, false, true));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.IS_NOT_DISTINCT_FROM, a, b)))
        .isEqualTo(list(false, true, true, true, false));
  }

  @Test
  void mixedNumericTypesAreCast() {
    ExpressionTester t = new ExpressionTester();
    RexNode a = t.column(SqlTypeName.INTEGER, 1, 3);
    RexNode b = t.column(SqlTypeName.BIGINT, 2L, 3L);
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, a, b)))
        .isEqualTo(list(false, true));
  }

  @Test
  void stringsCompareByUnsignedBytesIncludingDictionaries() {
    ExpressionTester t = new ExpressionTester();
    VarcharBlock dictionary = VarcharBlock.of("apple", "zebra", "é");
    RexNode s =
        t.column(
            t.type(SqlTypeName.VARCHAR),
            new DictionaryBlock(
                4,
                new int[] {0, 1, 2, 0},
                dictionary,
                true,
                new boolean[] {false, false, false, true}));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.GREATER_THAN, s, t.string("m"))))
        .isEqualTo(list(false, true, true, null));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.LESS_THAN, t.string("b"), s)))
        .isEqualTo(list(false, true, true, null));
  }

  @Test
  void caseEvaluatesBranchesOnlyForTheirRows() {
    ExpressionTester t = new ExpressionTester();
    RexNode x = t.column(SqlTypeName.INTEGER, 5, 0, null, -2);
    RexNode condition = t.call(SqlStdOperatorTable.NOT_EQUALS, x, t.integer(0));
    RexNode divide = t.call(SqlStdOperatorTable.DIVIDE, t.integer(10), x);
    RexNode caseNode = t.call(SqlStdOperatorTable.CASE, condition, divide, t.integer(-1));
    assertThat(t.evaluate(caseNode)).isEqualTo(list(2, -1, -1, -5));
    RexNode and =
        t.call(
            SqlStdOperatorTable.AND,
            condition,
            t.call(SqlStdOperatorTable.GREATER_THAN, divide, t.integer(0)));
    assertThat(t.evaluate(and)).isEqualTo(list(true, false, null, false));
  }

  @Test
  void coalesceAndNullIf() {
    ExpressionTester t = new ExpressionTester();
    RexNode a = t.column(SqlTypeName.VARCHAR, "a", null, null);
    RexNode b = t.column(SqlTypeName.VARCHAR, "x", "b", null);
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.COALESCE, a, b, t.string("z"))))
        .isEqualTo(list("a", "b", "z"));
    assertThat(t.evaluate(t.call(SqlStdOperatorTable.NULLIF, b, t.string("b"))))
        .isEqualTo(list("x", null, null));
  }

  @Test
  void filterKeepsTrueRowsOfTheSelection() {
    ExpressionTester t = new ExpressionTester();
    RexNode x = t.column(SqlTypeName.INTEGER, 1, 5, null, 7, 9);
    Expression predicate = t.compile(t.call(SqlStdOperatorTable.GREATER_THAN, x, t.integer(4)));
    Page page = t.page().withSelection(new int[] {0, 2, 3, 4}, 4);
    int[] out = new int[5];
    int count = ExpressionCompiler.filter(predicate, page, out);
    assertThat(List.of(out[0], out[1])).isEqualTo(List.of(3, 4));
    assertThat(count).isEqualTo(2);
  }

  @Test
  void greatestAndLeastSkipNulls() {
    ExpressionTester t = new ExpressionTester();
    RexNode a = t.column(SqlTypeName.INTEGER, 1, null, null);
    RexNode b = t.column(SqlTypeName.INTEGER, 3, 2, null);
    assertThat(t.evaluate(t.call(org.apache.calcite.sql.fun.SqlLibraryOperators.GREATEST, a, b)))
        .isEqualTo(list(3, 2, null));
    assertThat(t.evaluate(t.call(org.apache.calcite.sql.fun.SqlLibraryOperators.LEAST, a, b)))
        .isEqualTo(list(1, 2, null));
  }
}
