package io.aurora.sql.planner;

import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@code [NOT] EXISTS (SELECT ... FROM r WHERE condition)} in a WHERE clause, where the
 * condition refers to the outer row, into a SEMI (ANTI) join of the outer rows with {@code r} on
 * that condition, before Calcite's subquery removal sees it.
 *
 * <p>Calcite decorrelates such a subquery by computing the distinct outer values the condition
 * reads, joining them with {@code r} and joining the result back: for TPC-H Q21, whose conditions
 * are {@code l2.l_orderkey = l1.l_orderkey AND l2.l_suppkey <> l1.l_suppkey}, the outer join graph
 * was planned four times over. A semi join evaluates the condition once per candidate pair: the
 * equalities become its hash keys and the rest its residual filter. NOT EXISTS is an ANTI join,
 * whose semantics are NOT EXISTS's (a pair whose condition is NULL does not match).
 *
 * <p>Only a subquery that is a filter over an uncorrelated input (under projections, which EXISTS
 * ignores) is rewritten, and only when it refers to the filter's own row; anything else is left to
 * Calcite.
 */
final class ExistsToSemiJoin {
  private ExistsToSemiJoin() {}

  static RelNode rewrite(RelNode plan) {
    return plan.accept(
        new RelHomogeneousShuttle() {
          @Override
          public RelNode visit(RelNode other) {
            RelNode visited = super.visit(other);
            return visited instanceof LogicalFilter filter ? rewrite(filter) : visited;
          }
        });
  }

  private static RelNode rewrite(LogicalFilter filter) {
    RelNode input = filter.getInput();
    List<RexNode> remaining = new ArrayList<>();
    boolean changed = false;
    for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
      boolean negated = conjunct.isA(SqlKind.NOT);
      RexNode operand = negated ? ((RexCall) conjunct).getOperands().get(0) : conjunct;
      RelNode joined =
          operand instanceof RexSubQuery subQuery && subQuery.getKind() == SqlKind.EXISTS
              ? semiJoin(filter, input, subQuery, negated)
              : null;
      if (joined == null) {
        remaining.add(conjunct);
      } else {
        input = joined;
        changed = true;
      }
    }
    if (!changed) {
      return filter;
    }
    if (remaining.isEmpty()) {
      return input;
    }
    RexBuilder rexBuilder = filter.getCluster().getRexBuilder();
    return LogicalFilter.create(
        input,
        RexUtil.composeConjunction(rexBuilder, remaining),
        ImmutableSet.copyOf(filter.getVariablesSet()));
  }

  /** The join, or null when the subquery does not have the shape this rewrite handles. */
  private static @Nullable RelNode semiJoin(
      LogicalFilter filter, RelNode outer, RexSubQuery subQuery, boolean negated) {
    RelNode body = subQuery.rel;
    while (body instanceof Project project) {
      body = project.getInput();
    }
    if (!(body instanceof Filter inner)
        || !RelOptUtil.getVariablesUsed(inner.getInput()).isEmpty()) {
      return null;
    }
    Set<CorrelationId> used = new HashSet<>();
    boolean[] hasSubQuery = {false};
    int outerWidth = outer.getRowType().getFieldCount();
    RexNode condition =
        inner
            .getCondition()
            .accept(
                new RexShuttle() {
                  @Override
                  public RexNode visitInputRef(RexInputRef ref) {
                    return new RexInputRef(outerWidth + ref.getIndex(), ref.getType());
                  }

                  @Override
                  public RexNode visitFieldAccess(RexFieldAccess access) {
                    if (access.getReferenceExpr() instanceof RexCorrelVariable variable) {
                      used.add(variable.id);
                      return new RexInputRef(access.getField().getIndex(), access.getType());
                    }
                    return super.visitFieldAccess(access);
                  }

                  @Override
                  public RexNode visitSubQuery(RexSubQuery nested) {
                    hasSubQuery[0] = true;
                    return nested;
                  }
                });
    if (used.isEmpty()
        || hasSubQuery[0]
        || !filter.getVariablesSet().containsAll(used)
        || RexUtil.containsCorrelation(condition)) {
      return null;
    }
    return LogicalJoin.create(
        outer,
        inner.getInput(),
        List.of(),
        condition,
        Set.of(),
        negated ? JoinRelType.ANTI : JoinRelType.SEMI);
  }
}
