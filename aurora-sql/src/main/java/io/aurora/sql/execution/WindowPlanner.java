package io.aurora.sql.execution;

import io.aurora.sql.execution.LocalExecutionPlanner.Node;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.operator.SortKey;
import io.aurora.sql.operator.window.Frame;
import io.aurora.sql.operator.window.WindowFunctionKind;
import io.aurora.sql.operator.window.WindowFunctionSpec;
import io.aurora.sql.operator.window.WindowOperator;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;

/** Plans Calcite window groups as a chain of window operators, one per group. */
final class WindowPlanner {
  private final LocalExecutionPlanner planner;
  private final OperatorContext context;

  WindowPlanner(LocalExecutionPlanner planner, OperatorContext context) {
    this.planner = planner;
    this.context = context;
  }

  Node window(Window window) {
    Node node = planner.visit(window.getInput());
    int inputWidth = window.getInput().getRowType().getFieldCount();
    for (Window.Group group : window.groups) {
      List<Integer> partitionChannels = group.keys.asList();
      List<SortKey> orderKeys = new ArrayList<>();
      for (RelFieldCollation collation : group.orderKeys.getFieldCollations()) {
        boolean isAscending = !collation.getDirection().isDescending();
        boolean isNullsFirst =
            switch (collation.nullDirection) {
              case FIRST -> true;
              case LAST -> false;
              default -> !isAscending;
            };
        orderKeys.add(new SortKey(collation.getFieldIndex(), isAscending, isNullsFirst));
      }
      Frame frame = frame(group, window, inputWidth);
      List<WindowFunctionSpec> functions = new ArrayList<>();
      for (Window.RexWinAggCall call : group.aggCalls) {
        functions.add(function(call, node.types(), frame, inputWidth));
      }
      List<DataType> types = new ArrayList<>(node.types());
      for (WindowFunctionSpec function : functions) {
        types.add(function.outputType());
      }
      WindowOperator operator =
          new WindowOperator(context, node.types(), partitionChannels, orderKeys, functions);
      node =
          planner.instrument(
              new OperatorStream(node.stream(), operator, context),
              "Window",
              "partition="
                  + partitionChannels
                  + ", order="
                  + orderKeys
                  + ", functions="
                  + group.aggCalls,
              types,
              node);
    }
    return node;
  }

  private static WindowFunctionSpec function(
      Window.RexWinAggCall call, List<DataType> types, Frame frame, int inputWidth) {
    String name = call.getOperator().getName();
    WindowFunctionKind kind =
        switch (call.getOperator().getKind()) {
          case ROW_NUMBER -> WindowFunctionKind.ROW_NUMBER;
          case RANK -> WindowFunctionKind.RANK;
          case DENSE_RANK -> WindowFunctionKind.DENSE_RANK;
          case SUM, SUM0 -> WindowFunctionKind.SUM;
          case AVG -> WindowFunctionKind.AVG;
          case COUNT -> WindowFunctionKind.COUNT;
          case MIN -> WindowFunctionKind.MIN;
          case MAX -> WindowFunctionKind.MAX;
          default -> throw unsupported("Window function[" + name + "]");
        };
    if (call.distinct) {
      throw unsupported("DISTINCT in window function[" + name + "]");
    }
    if (kind.isRanking()) {
      return WindowFunctionSpec.of(kind, Frame.RANGE_UNBOUNDED_TO_CURRENT_ROW);
    }
    if (call.getOperands().isEmpty()) {
      return WindowFunctionSpec.of(kind, frame);
    }
    if (call.getOperands().size() != 1
        || !(call.getOperands().get(0) instanceof RexInputRef reference)
        || reference.getIndex() >= inputWidth) {
      throw unsupported("Window function[" + name + "] over an expression");
    }
    int channel = reference.getIndex();
    return WindowFunctionSpec.of(kind, channel, types.get(channel), frame);
  }

  private static Frame frame(Window.Group group, Window window, int inputWidth) {
    Frame.Bound start = bound(group.lowerBound, window, inputWidth);
    Frame.Bound end = bound(group.upperBound, window, inputWidth);
    try {
      return new Frame(group.isRows ? Frame.Unit.ROWS : Frame.Unit.RANGE, start, end);
    } catch (IllegalArgumentException e) {
      throw unsupported("Window frame[" + group.lowerBound + " AND " + group.upperBound + "]");
    }
  }

  private static Frame.Bound bound(RexWindowBound bound, Window window, int inputWidth) {
    if (bound.isCurrentRow()) {
      return Frame.Bound.currentRow();
    }
    if (bound.isUnbounded()) {
      return bound.isPreceding()
          ? Frame.Bound.unboundedPreceding()
          : Frame.Bound.unboundedFollowing();
    }
    long offset = offset(bound.getOffset(), window, inputWidth);
    return bound.isPreceding() ? Frame.Bound.preceding(offset) : Frame.Bound.following(offset);
  }

  private static long offset(RexNode node, Window window, int inputWidth) {
    RexNode value = node;
    if (node instanceof RexInputRef reference && reference.getIndex() >= inputWidth) {
      value = window.constants.get(reference.getIndex() - inputWidth);
    }
    if (value instanceof RexLiteral literal) {
      Long offset = literal.getValueAs(Long.class);
      if (offset != null && offset >= 0) {
        return offset;
      }
    }
    throw unsupported("A window frame offset that is not a non-negative constant");
  }

  private static AuroraException unsupported(String what) {
    return new AuroraException(ErrorCode.FEATURE_NOT_SUPPORTED, what + " is not supported yet");
  }
}
