package io.aurora.sql.planner;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Rewrites Aurora's PostgreSQL-style functions into the standard forms the executor implements:
 * {@code date_trunc('unit', x)} becomes {@code FLOOR(x TO unit)} (a DATE argument is first cast to
 * TIMESTAMP, as PostgreSQL does) and {@code now()} becomes {@code CURRENT_TIMESTAMP}.
 */
final class PlanRewriter extends RexShuttle {
  private final RexBuilder rexBuilder;

  private PlanRewriter(RexBuilder rexBuilder) {
    this.rexBuilder = rexBuilder;
  }

  static RelNode rewrite(RelNode root) {
    PlanRewriter rewriter = new PlanRewriter(root.getCluster().getRexBuilder());
    return root.accept(
        new RelHomogeneousShuttle() {
          @Override
          public RelNode visit(RelNode other) {
            return super.visit(other).accept(rewriter);
          }
        });
  }

  @Override
  public RexNode visitCall(RexCall call) {
    RexCall visited = (RexCall) super.visitCall(call);
    if (visited.getOperator() == AuroraOperatorTable.NOW) {
      return rexBuilder.makeCall(SqlStdOperatorTable.CURRENT_TIMESTAMP);
    }
    if (visited.getOperator() == AuroraOperatorTable.DATE_TRUNC) {
      return dateTrunc(visited);
    }
    return visited;
  }

  private RexNode dateTrunc(RexCall call) {
    List<RexNode> operands = call.getOperands();
    if (!(operands.get(0) instanceof RexLiteral literal)) {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED, "date_trunc needs a constant unit such as 'day'");
    }
    String unit = String.valueOf(literal.getValueAs(String.class)).trim().toLowerCase(Locale.ROOT);
    // PostgreSQL accepts every unit in the singular and the plural ('millisecond', 'hours').
    String singular = unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
    TimeUnitRange range =
        switch (singular) {
          case "microsecond" -> TimeUnitRange.MICROSECOND;
          case "millisecond" -> TimeUnitRange.MILLISECOND;
          case "second" -> TimeUnitRange.SECOND;
          case "minute" -> TimeUnitRange.MINUTE;
          case "hour" -> TimeUnitRange.HOUR;
          case "day" -> TimeUnitRange.DAY;
          case "week" -> TimeUnitRange.WEEK;
          case "month" -> TimeUnitRange.MONTH;
          case "quarter" -> TimeUnitRange.QUARTER;
          case "year" -> TimeUnitRange.YEAR;
          case "decade" -> TimeUnitRange.DECADE;
          case "century" -> TimeUnitRange.CENTURY;
          case "millennium" -> TimeUnitRange.MILLENNIUM;
          default ->
              throw new AuroraException(
                  ErrorCode.INVALID_PARAMETER_VALUE,
                  "date_trunc unit[" + unit + "] is not recognized");
        };
    RexNode value = operands.get(1);
    RelDataType timestamp =
        rexBuilder
            .getTypeFactory()
            .createTypeWithNullability(
                rexBuilder.getTypeFactory().createSqlType(SqlTypeName.TIMESTAMP, 6),
                value.getType().isNullable());
    if (value.getType().getSqlTypeName() != SqlTypeName.TIMESTAMP) {
      value = rexBuilder.makeCast(timestamp, value);
    }
    return rexBuilder.makeCall(
        timestamp, SqlStdOperatorTable.FLOOR, List.of(value, rexBuilder.makeFlag(range)));
  }
}
