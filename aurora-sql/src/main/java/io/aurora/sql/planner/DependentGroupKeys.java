package io.aurora.sql.planner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.util.ImmutableBitSet;
import org.jspecify.annotations.Nullable;

/**
 * Drops from a GROUP BY the keys that are deterministic functions of other keys and computes them
 * after the aggregation: {@code GROUP BY ip, ip - 1, ip - 2} groups by {@code ip} alone and
 * evaluates {@code ip - 1} and {@code ip - 2} once per group (ClickHouse's {@code
 * optimize_group_by_function_keys}). The groups are the same, since equal {@code ip} give equal
 * {@code ip - 1}; hashing and comparing one key instead of several is what it saves.
 *
 * <p>A key qualifies when its expression reads only columns that are themselves plain keys and
 * calls only deterministic functions; it is evaluated on the same distinct values as before, so it
 * raises the same errors.
 */
final class DependentGroupKeys {
  private DependentGroupKeys() {}

  static RelNode rewrite(RelNode root) {
    return AggregateInputs.rewriteOverProjections(root, DependentGroupKeys::rewrite);
  }

  private static @Nullable RelNode rewrite(Aggregate aggregate, Project project) {
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE || aggregate.getGroupCount() < 2) {
      return null;
    }
    List<RexNode> projections = project.getProjects();
    List<Integer> keys = aggregate.getGroupSet().asList();
    // Input column -> the project output that is exactly that column and a key.
    Map<Integer, Integer> plainKeyOf = new HashMap<>();
    for (int key : keys) {
      if (projections.get(key) instanceof RexInputRef reference) {
        plainKeyOf.putIfAbsent(reference.getIndex(), key);
      }
    }
    if (plainKeyOf.isEmpty()) {
      return null;
    }
    List<Integer> dependent = new ArrayList<>();
    for (int key : keys) {
      RexNode expression = projections.get(key);
      if (expression instanceof RexCall
          && RexUtil.isDeterministic(expression)
          && readsOnly(expression, plainKeyOf.keySet())) {
        dependent.add(key);
      }
    }
    if (dependent.isEmpty()) {
      return null;
    }
    ImmutableBitSet remaining = aggregate.getGroupSet().except(ImmutableBitSet.of(dependent));
    Aggregate narrowed =
        AggregateInputs.overUsedProjections(
            aggregate, project.getInput(), projections, remaining, aggregate.getAggCallList());
    // Output positions of the narrowed aggregation: its keys in order, then the calls.
    Map<Integer, Integer> keyPosition = new HashMap<>();
    for (int key : remaining) {
      keyPosition.put(key, keyPosition.size());
    }
    RexBuilder rexBuilder = aggregate.getCluster().getRexBuilder();
    List<RexNode> outputs = new ArrayList<>();
    for (int key : keys) {
      Integer position = keyPosition.get(key);
      if (position != null) {
        outputs.add(rexBuilder.makeInputRef(narrowed, position));
        continue;
      }
      outputs.add(
          projections
              .get(key)
              .accept(
                  new RexShuttle() {
                    @Override
                    public RexNode visitInputRef(RexInputRef reference) {
                      int plainKey = plainKeyOf.get(reference.getIndex());
                      return rexBuilder.makeInputRef(narrowed, keyPosition.get(plainKey));
                    }
                  }));
    }
    List<AggregateCall> calls = aggregate.getAggCallList();
    for (int i = 0; i < calls.size(); i++) {
      outputs.add(rexBuilder.makeInputRef(narrowed, remaining.cardinality() + i));
    }
    return LogicalProject.create(
        narrowed, List.of(), outputs, aggregate.getRowType().getFieldNames(), Set.of());
  }

  private static boolean readsOnly(RexNode expression, Set<Integer> columns) {
    Boolean reads =
        expression.accept(
            new RexVisitorImpl<Boolean>(true) {
              @Override
              public Boolean visitInputRef(RexInputRef reference) {
                return columns.contains(reference.getIndex());
              }

              @Override
              public Boolean visitLiteral(RexLiteral literal) {
                return true;
              }

              @Override
              public Boolean visitCall(RexCall call) {
                for (RexNode operand : call.getOperands()) {
                  if (!Boolean.TRUE.equals(operand.accept(this))) {
                    return false;
                  }
                }
                return true;
              }
            });
    // Field accesses, correlations, parameters and windows answer null: not a key function.
    return Boolean.TRUE.equals(reads);
  }
}
