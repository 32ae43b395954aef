package io.aurora.sql.planner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mappings;
import org.jspecify.annotations.Nullable;

/**
 * Rewrites of aggregations over projections: the walk that applies one to every such pair of a
 * plan, and the aggregation over a projection that keeps only the expressions it reads.
 */
final class AggregateInputs {
  private AggregateInputs() {}

  /**
   * {@code root} with every aggregation directly over a projection replaced by what {@code rewrite}
   * returns for it, bottom up; a null answer keeps the aggregation.
   */
  static RelNode rewriteOverProjections(
      RelNode root, BiFunction<Aggregate, Project, @Nullable RelNode> rewrite) {
    return root.accept(
        new RelHomogeneousShuttle() {
          @Override
          public RelNode visit(RelNode other) {
            RelNode visited = super.visit(other);
            if (visited instanceof Aggregate aggregate
                && aggregate.getInput() instanceof Project project) {
              RelNode rewritten = rewrite.apply(aggregate, project);
              if (rewritten != null) {
                return rewritten;
              }
            }
            return visited;
          }
        });
  }

  /** The input fields an aggregation reads: its keys, arguments, filters and orderings. */
  static ImmutableBitSet usedFields(ImmutableBitSet groupSet, List<AggregateCall> calls) {
    ImmutableBitSet.Builder used = ImmutableBitSet.builder();
    used.addAll(groupSet);
    for (AggregateCall call : calls) {
      used.addAll(call.getArgList());
      if (call.filterArg >= 0) {
        used.set(call.filterArg);
      }
      used.addAll(RelCollations.ordinals(call.collation));
    }
    return used.build();
  }

  /**
   * An aggregation like {@code like} with the given group set and calls (which refer to positions
   * of {@code projections}), over a projection of {@code input} that keeps only the projections
   * they read, so that no dropped expression is evaluated per row.
   */
  static Aggregate overUsedProjections(
      Aggregate like,
      RelNode input,
      List<RexNode> projections,
      ImmutableBitSet groupSet,
      List<AggregateCall> calls) {
    List<RexNode> kept = new ArrayList<>();
    Map<Integer, Integer> mapping = new HashMap<>();
    for (int channel : usedFields(groupSet, calls)) {
      mapping.put(channel, kept.size());
      kept.add(projections.get(channel));
    }
    RelNode project =
        LogicalProject.create(input, List.of(), kept, (List<String>) null, java.util.Set.of());
    Mappings.TargetMapping target = Mappings.target(mapping, projections.size(), kept.size());
    List<AggregateCall> mappedCalls = new ArrayList<>();
    for (AggregateCall call : calls) {
      mappedCalls.add(call.transform(target));
    }
    return like.copy(like.getTraitSet(), project, groupSet.permute(mapping), null, mappedCalls);
  }
}
