package io.aurora.sql.planner;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.jspecify.annotations.Nullable;

/**
 * Rewrites sums of an integer expression shifted by constants, {@code sum(x + k)}, into {@code
 * sum(x) + k * count(x)}, so that an aggregation with many such sums (ClickBench's Q30 has 90)
 * evaluates and sums {@code x} once instead of once per constant. Both forms are NULL exactly when
 * no row has a non-null {@code x}, and integer arithmetic wraps the same way in both, so the answer
 * is the same.
 *
 * <p>Applies to SUM (and Calcite's {@code $SUM0}) without DISTINCT or FILTER, over {@code x + k},
 * {@code k + x} or {@code x - k} with an integer constant {@code k} and an integer result, in an
 * aggregation of plain GROUP BY (no grouping sets), and only when it removes work: at least two
 * such sums in the aggregation.
 */
final class ShiftedSums {
  private ShiftedSums() {}

  static RelNode rewrite(RelNode root) {
    return AggregateInputs.rewriteOverProjections(root, ShiftedSums::rewrite);
  }

  /** {@code base + shift}: the summed expression of a shifted sum. */
  private record Shifted(RexNode base, long shift) {}

  private static @Nullable RelNode rewrite(Aggregate aggregate, Project project) {
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      return null;
    }
    List<AggregateCall> calls = aggregate.getAggCallList();
    Shifted[] shifted = new Shifted[calls.size()];
    int shiftedCount = 0;
    for (int i = 0; i < calls.size(); i++) {
      shifted[i] = shifted(calls.get(i), project);
      shiftedCount += shifted[i] == null ? 0 : 1;
    }
    if (shiftedCount < 2) {
      return null;
    }
    RexBuilder rexBuilder = aggregate.getCluster().getRexBuilder();
    RelDataType bigint = aggregate.getCluster().getTypeFactory().createSqlType(SqlTypeName.BIGINT);
    List<RexNode> projections = new ArrayList<>(project.getProjects());
    List<AggregateCall> newCalls = new ArrayList<>();
    // Per summed base (by its digest and result type): the positions of its sum and count.
    Map<String, int[]> sumAndCount = new HashMap<>();
    int[] callOutput = new int[calls.size()];
    int[][] positionsOf = new int[calls.size()][];
    int groupCount = aggregate.getGroupCount();
    for (int i = 0; i < calls.size(); i++) {
      AggregateCall call = calls.get(i);
      Shifted shift = shifted[i];
      if (shift == null) {
        callOutput[i] = groupCount + newCalls.size();
        newCalls.add(call);
        continue;
      }
      String key = shift.base().toString() + ':' + call.getType().getFullTypeString();
      int[] positions = sumAndCount.get(key);
      if (positions == null) {
        RexNode base = shift.base();
        RelDataType summedType = project.getProjects().get(call.getArgList().get(0)).getType();
        if (!base.getType().equals(summedType)) {
          base = rexBuilder.makeCast(summedType, base, true, false);
        }
        int channel = projections.size();
        projections.add(base);
        positions = new int[] {groupCount + newCalls.size(), groupCount + newCalls.size() + 1};
        newCalls.add(aggregateCall(call, call.getAggregation(), channel, call.getType()));
        newCalls.add(
            aggregateCall(
                call,
                SqlStdOperatorTable.COUNT,
                channel,
                aggregate.getCluster().getTypeFactory().createTypeWithNullability(bigint, false)));
        sumAndCount.put(key, positions);
      }
      positionsOf[i] = positions;
    }
    // Only the projections the new aggregation reads stay: the shifted expressions are gone.
    Aggregate newAggregate =
        AggregateInputs.overUsedProjections(
            aggregate, project.getInput(), projections, aggregate.getGroupSet(), newCalls);
    List<RexNode> outputs = new ArrayList<>();
    for (int g = 0; g < groupCount; g++) {
      outputs.add(rexBuilder.makeInputRef(newAggregate, g));
    }
    for (int i = 0; i < calls.size(); i++) {
      AggregateCall call = calls.get(i);
      if (shifted[i] == null) {
        outputs.add(rexBuilder.makeInputRef(newAggregate, callOutput[i]));
        continue;
      }
      int[] positions = positionsOf[i];
      RexNode sum = rexBuilder.makeInputRef(newAggregate, positions[0]);
      RexNode count = rexBuilder.makeInputRef(newAggregate, positions[1]);
      RexNode shiftTimesCount =
          rexBuilder.makeCall(
              SqlStdOperatorTable.MULTIPLY,
              rexBuilder.makeExactLiteral(BigDecimal.valueOf(shifted[i].shift()), bigint),
              count);
      RexNode total =
          rexBuilder.makeCall(
              SqlStdOperatorTable.PLUS,
              rexBuilder.makeCast(bigint, sum, true, false),
              shiftTimesCount);
      outputs.add(rexBuilder.makeCast(call.getType(), total, true, false));
    }
    return LogicalProject.create(
        newAggregate, List.of(), outputs, aggregate.getRowType().getFieldNames(), Set.of());
  }

  private static AggregateCall aggregateCall(
      AggregateCall like, SqlAggFunction function, int channel, RelDataType type) {
    return AggregateCall.create(
        like.getParserPosition(),
        function,
        false,
        false,
        false,
        List.of(),
        List.of(channel),
        -1,
        null,
        RelCollations.EMPTY,
        type,
        null);
  }

  private static @Nullable Shifted shifted(AggregateCall call, Project project) {
    SqlKind kind = call.getAggregation().getKind();
    if ((kind != SqlKind.SUM && kind != SqlKind.SUM0)
        || call.isDistinct()
        || call.filterArg >= 0
        || call.getArgList().size() != 1
        || !isInteger(call.getType())) {
      return null;
    }
    RexNode summed = project.getProjects().get(call.getArgList().get(0));
    if (!(summed instanceof RexCall arithmetic)
        || !isInteger(summed.getType())
        || (summed.getKind() != SqlKind.PLUS && summed.getKind() != SqlKind.MINUS)) {
      return null;
    }
    RexNode left = arithmetic.getOperands().get(0);
    RexNode right = arithmetic.getOperands().get(1);
    Long rightConstant = integerConstant(right);
    if (rightConstant != null && integerConstant(left) == null && isInteger(left.getType())) {
      long shift = summed.getKind() == SqlKind.PLUS ? rightConstant : -rightConstant;
      return new Shifted(left, shift);
    }
    Long leftConstant = integerConstant(left);
    if (summed.getKind() == SqlKind.PLUS
        && leftConstant != null
        && rightConstant == null
        && isInteger(right.getType())) {
      return new Shifted(right, leftConstant);
    }
    return null;
  }

  private static @Nullable Long integerConstant(RexNode node) {
    RexNode stripped = node;
    while (stripped.getKind() == SqlKind.CAST) {
      stripped = ((RexCall) stripped).getOperands().get(0);
    }
    if (!(stripped instanceof RexLiteral literal) || !isInteger(literal.getType())) {
      return null;
    }
    BigDecimal value = literal.getValueAs(BigDecimal.class);
    if (value == null || value.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      return null;
    }
    return value.longValueExact();
  }

  private static boolean isInteger(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case TINYINT, SMALLINT, INTEGER, BIGINT -> true;
      default -> false;
    };
  }
}
