package io.aurora.sql.execution;

import io.aurora.sql.execution.LocalExecutionPlanner.Node;
import io.aurora.sql.expression.Expression;
import io.aurora.sql.expression.ExpressionCompiler;
import io.aurora.sql.operator.JoinType;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.operator.join.HashBuilderOperator;
import io.aurora.sql.operator.join.JoinBridge;
import io.aurora.sql.operator.join.LookupJoinOperator;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.jspecify.annotations.Nullable;

/**
 * Plans a hash join: the right input is the build side, drained into a hash table before the first
 * probe page; the left input probes it. Equality keys of different types are cast to their common
 * type on each side first; conditions other than key equality become the residual filter.
 */
final class JoinPlanner {
  private final LocalExecutionPlanner planner;
  private final OperatorContext context;

  JoinPlanner(LocalExecutionPlanner planner, OperatorContext context) {
    this.planner = planner;
    this.context = context;
  }

  Node join(Join join) {
    JoinType type =
        switch (join.getJoinType()) {
          case INNER -> JoinType.INNER;
          case LEFT -> JoinType.LEFT;
          case RIGHT -> JoinType.RIGHT;
          case FULL -> JoinType.FULL;
          case SEMI -> JoinType.SEMI;
          case ANTI -> JoinType.ANTI;
          default ->
              throw new AuroraException(
                  ErrorCode.FEATURE_NOT_SUPPORTED,
                  "Join type[" + join.getJoinType() + "] is not supported yet");
        };
    JoinInfo info = join.analyzeCondition();
    RexBuilder rexBuilder = join.getCluster().getRexBuilder();
    RelDataTypeFactory typeFactory = rexBuilder.getTypeFactory();
    Node left = planner.visit(join.getLeft());
    Node right = planner.visit(join.getRight());
    int leftWidth = left.types().size();
    int rightWidth = right.types().size();

    List<Integer> leftKeys = new ArrayList<>(info.leftKeys);
    List<Integer> rightKeys = new ArrayList<>(info.rightKeys);
    List<RelDataType> keyTypes = new ArrayList<>();
    boolean isLeftCast = false;
    boolean isRightCast = false;
    for (int i = 0; i < leftKeys.size(); i++) {
      RelDataType leftType =
          join.getLeft().getRowType().getFieldList().get(leftKeys.get(i)).getType();
      RelDataType rightType =
          join.getRight().getRowType().getFieldList().get(rightKeys.get(i)).getType();
      RelDataType common = typeFactory.leastRestrictive(List.of(leftType, rightType));
      if (common == null) {
        throw new AuroraException(
            ErrorCode.DATATYPE_MISMATCH,
            "Join keys of types " + leftType + " and " + rightType + " cannot be compared");
      }
      keyTypes.add(common);
      DataType target = ExpressionCompiler.toDataType(common);
      isLeftCast |= !left.types().get(leftKeys.get(i)).equals(target);
      isRightCast |= !right.types().get(rightKeys.get(i)).equals(target);
    }
    if (isLeftCast) {
      left = castKeys(left, join.getLeft(), leftKeys, keyTypes, rexBuilder);
    }
    if (isRightCast) {
      right = castKeys(right, join.getRight(), rightKeys, keyTypes, rexBuilder);
    }

    List<Integer> leftOutput = range(leftWidth);
    List<Integer> rightOutput = range(rightWidth);
    List<DataType> leftTypes = left.types().subList(0, leftWidth);
    List<DataType> rightTypes = right.types().subList(0, rightWidth);
    List<DataType> filterTypes = new ArrayList<>(leftTypes);
    filterTypes.addAll(rightTypes);
    Expression residual = null;
    RexNode remaining = RexUtil.composeConjunction(rexBuilder, info.nonEquiConditions);
    if (!remaining.isAlwaysTrue()) {
      residual = ExpressionCompiler.compile(remaining, filterTypes);
    }
    boolean isSemi = type == JoinType.SEMI || type == JoinType.ANTI;
    List<DataType> outputTypes = isSemi ? List.copyOf(leftTypes) : filterTypes;

    JoinBridge bridge = new JoinBridge();
    HashBuilderOperator builder =
        new HashBuilderOperator(context, bridge, type, right.types(), rightKeys, rightOutput);
    LookupJoinOperator lookup =
        new LookupJoinOperator(
            context,
            type,
            bridge,
            leftKeys,
            leftOutput,
            leftTypes,
            rightOutput,
            rightTypes,
            residual);
    PageStream build = new OperatorStream(right.stream(), builder, context);
    PageStream probe = new OperatorStream(left.stream(), lookup, context);
    String details =
        type
            + ", keys="
            + info.leftKeys
            + "="
            + info.rightKeys
            + (residual == null ? "" : ", filter=" + remaining);
    return planner.instrument(
        new JoinStream(build, probe), "HashJoin", details, outputTypes, left, right);
  }

  private Node castKeys(
      Node side,
      RelNode rel,
      List<Integer> keys,
      List<RelDataType> keyTypes,
      RexBuilder rexBuilder) {
    List<Expression> expressions = new ArrayList<>();
    List<DataType> types = new ArrayList<>(side.types());
    int width = side.types().size();
    for (int i = 0; i < width; i++) {
      expressions.add(ExpressionCompiler.compile(rexBuilder.makeInputRef(rel, i), side.types()));
    }
    for (int i = 0; i < keys.size(); i++) {
      RexNode cast =
          rexBuilder.makeCast(
              keyTypes.get(i), rexBuilder.makeInputRef(rel, keys.get(i)), true, false);
      Expression expression = ExpressionCompiler.compile(cast, side.types());
      keys.set(i, width + i);
      expressions.add(expression);
      types.add(expression.type());
    }
    return planner.instrument(
        new OperatorStream(
            side.stream(), new FilterProjectOperator(context, null, expressions), context),
        "Project",
        "join keys cast to " + keyTypes,
        types,
        side);
  }

  private static List<Integer> range(int count) {
    List<Integer> channels = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      channels.add(i);
    }
    return channels;
  }

  /** Drains the build stream on the first request, then streams the probe side's output. */
  private static final class JoinStream implements PageStream {
    private final PageStream build;
    private final PageStream probe;
    private boolean isBuilt;

    JoinStream(PageStream build, PageStream probe) {
      this.build = build;
      this.probe = probe;
    }

    @Override
    public @Nullable Page next() {
      if (!isBuilt) {
        while (build.next() != null) {
          // The builder emits nothing; draining it runs it to completion.
        }
        isBuilt = true;
      }
      return probe.next();
    }

    @Override
    public void close() {
      try {
        probe.close();
      } finally {
        build.close();
      }
    }
  }
}
