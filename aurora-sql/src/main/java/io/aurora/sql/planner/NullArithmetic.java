package io.aurora.sql.planner;

import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.hint.RelHint;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.tools.RelBuilderFactory;

/**
 * Folds arithmetic on a NULL constant to a NULL of the operation's type while SQL becomes
 * relational algebra, as PostgreSQL's arithmetic operators are strict: {@code 37 / -CAST(NULL AS
 * INTEGER) * 33} is a NULL integer.
 *
 * <p>Calcite cannot build a projection of such an expression otherwise: it derives each projected
 * expression's monotonicity, calls a division by a NULL literal constant, and then fails with "not
 * a literal" when the multiplication above asks for that constant's value. Folding before the
 * projection is built avoids the question, and the value is the one the executor would compute.
 */
final class NullArithmetic {
  /** The relational builders of SQL-to-relational conversion, with the folding in projections. */
  static final RelBuilderFactory RELATIONAL_BUILDERS =
      RelBuilder.proto(Contexts.of((RelFactories.ProjectFactory) NullArithmetic::createProject));

  private NullArithmetic() {}

  private static RelNode createProject(
      RelNode input,
      List<RelHint> hints,
      List<? extends RexNode> expressions,
      List<? extends String> names,
      Set<CorrelationId> variables) {
    RexShuttle folding = new Folding(input.getCluster().getRexBuilder());
    return RelFactories.DEFAULT_PROJECT_FACTORY.createProject(
        input, hints, folding.apply(expressions), names, variables);
  }

  private static final class Folding extends RexShuttle {
    private final RexBuilder rexBuilder;

    Folding(RexBuilder rexBuilder) {
      this.rexBuilder = rexBuilder;
    }

    @Override
    public RexNode visitCall(RexCall call) {
      RexNode visited = super.visitCall(call);
      if (visited instanceof RexCall folded && isStrictArithmetic(folded)) {
        for (RexNode operand : folded.getOperands()) {
          if (RexUtil.isNullLiteral(operand, true)) {
            return rexBuilder.makeNullLiteral(folded.getType());
          }
        }
      }
      return visited;
    }

    private static boolean isStrictArithmetic(RexCall call) {
      return switch (call.getKind()) {
        case PLUS, MINUS, TIMES, DIVIDE, MOD, MINUS_PREFIX, PLUS_PREFIX -> true;
        default -> false;
      };
    }
  }
}
