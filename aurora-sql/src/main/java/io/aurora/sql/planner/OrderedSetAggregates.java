package io.aurora.sql.planner;

import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlShuttle;
import org.jspecify.annotations.Nullable;

/**
 * Passes the WITHIN GROUP column of PostgreSQL's ordered-set aggregates as an argument too, to
 * {@link AuroraOperatorTable}'s versions of them: {@code percentile_cont(f) WITHIN GROUP (ORDER BY
 * x)} becomes {@code percentile_cont(f, x) WITHIN GROUP (ORDER BY x)}, likewise {@code
 * percentile_disc}, and {@code mode() WITHIN GROUP (ORDER BY x)} becomes {@code mode(x) WITHIN
 * GROUP (ORDER BY x)}. Their result types then follow from their arguments (PostgreSQL's DOUBLE for
 * percentile_cont, x's type for the others, of any orderable type), where Calcite derives them from
 * the column only for its own percentile functions, which accept only numbers and datetimes. Runs
 * on the parsed statement, before validation.
 */
final class OrderedSetAggregates extends SqlShuttle {
  private OrderedSetAggregates() {}

  static SqlNode rewrite(SqlNode statement) {
    SqlNode rewritten = statement.accept(new OrderedSetAggregates());
    return rewritten == null ? statement : rewritten;
  }

  @Override
  public @Nullable SqlNode visit(SqlCall call) {
    SqlNode visited = super.visit(call);
    if (!(visited instanceof SqlCall withinGroup)
        || withinGroup.getKind() != SqlKind.WITHIN_GROUP
        || !(withinGroup.operand(0) instanceof SqlCall aggregate)
        || !(withinGroup.operand(1) instanceof SqlNodeList order)
        || order.size() != 1) {
      return visited;
    }
    SqlNode column = unwrapDirection(order.get(0));
    SqlCall rewritten =
        // the parser resolves the reserved words PERCENTILE_CONT and PERCENTILE_DISC to Calcite's
        // functions, and leaves MODE unresolved: match by name
        switch (aggregate.getOperator().getName().toUpperCase(Locale.ROOT)) {
          case "PERCENTILE_CONT" ->
              aggregate.operandCount() == 1
                  ? AuroraOperatorTable.PERCENTILE_CONT.createCall(
                      aggregate.getFunctionQuantifier(),
                      aggregate.getParserPosition(),
                      aggregate.operand(0),
                      column)
                  : null;
          case "PERCENTILE_DISC" ->
              aggregate.operandCount() == 1
                  ? AuroraOperatorTable.PERCENTILE_DISC.createCall(
                      aggregate.getFunctionQuantifier(),
                      aggregate.getParserPosition(),
                      aggregate.operand(0),
                      column)
                  : null;
          case "MODE" ->
              aggregate.operandCount() == 0
                  ? AuroraOperatorTable.MODE.createCall(
                      aggregate.getFunctionQuantifier(), aggregate.getParserPosition(), column)
                  : null;
          default -> null;
        };
    if (rewritten == null) {
      return visited;
    }
    return SqlStdOperatorTable.WITHIN_GROUP.createCall(
        withinGroup.getParserPosition(), rewritten, order);
  }

  /** The expression of an ORDER BY item, without its DESC and NULLS FIRST/LAST. */
  private static SqlNode unwrapDirection(SqlNode item) {
    SqlNode node = item;
    while (node instanceof SqlCall call
        && (call.getKind() == SqlKind.DESCENDING
            || call.getKind() == SqlKind.NULLS_FIRST
            || call.getKind() == SqlKind.NULLS_LAST)) {
      node = call.operand(0);
    }
    return node;
  }
}
