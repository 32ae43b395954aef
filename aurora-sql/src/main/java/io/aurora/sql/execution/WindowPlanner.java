package io.aurora.sql.execution;

import io.aurora.sql.execution.LocalExecutionPlanner.Node;
import io.aurora.sql.expression.Expression;
import io.aurora.sql.expression.ExpressionCompiler;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.operator.SortKey;
import io.aurora.sql.operator.window.Frame;
import io.aurora.sql.operator.window.WindowFunctionKind;
import io.aurora.sql.operator.window.WindowFunctionSpec;
import io.aurora.sql.operator.window.WindowOperator;
import io.aurora.sql.planner.CalciteTypes;
import io.aurora.sql.planner.GroupsFrames;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.jspecify.annotations.Nullable;

/**
 * Plans Calcite window groups as a chain of window operators, one per group.
 *
 * <p>LAG and LEAD return the common type of their value and default, as PostgreSQL's {@code
 * anycompatible} does: when the value or the default (a constant or a column) is of another type, a
 * projection below the window operator appends it cast to the result type, and one above removes
 * those columns again.
 */
final class WindowPlanner {
  private static final long MICROS_PER_MILLISECOND = 1000;

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
      List<SortKey> orderKeys = LocalExecutionPlanner.sortKeys(group.orderKeys);
      Frame frame = frame(group, window, inputWidth, node.types(), orderKeys);
      int width = node.types().size();
      Calls calls = new Calls(window, inputWidth, new ArrayList<>(node.types()));
      List<WindowFunctionSpec> functions = new ArrayList<>();
      for (Window.RexWinAggCall call : group.aggCalls) {
        WindowFunctionSpec function = calls.function(call, frame);
        DataType expected = ExpressionCompiler.toDataType(call.getType());
        if (!function.outputType().equals(expected)) {
          throw new AuroraException(
              ErrorCode.INTERNAL_ERROR,
              "Window function["
                  + call.getOperator().getName()
                  + "] computes "
                  + function.outputType()
                  + " where the plan expects "
                  + expected);
        }
        functions.add(function);
      }
      RelDataTypeFactory factory = window.getCluster().getTypeFactory();
      if (!calls.appended.isEmpty()) {
        node = appendColumns(node, calls.appended, factory);
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
                  + ", frame="
                  + frame
                  + ", functions="
                  + group.aggCalls,
              types,
              node);
      if (!calls.appended.isEmpty()) {
        node = dropColumns(node, width, calls.appended.size(), factory);
      }
    }
    return node;
  }

  /** Appends computed columns to the rows of {@code input}. */
  private Node appendColumns(Node input, List<RexNode> columns, RelDataTypeFactory factory) {
    List<Expression> expressions = new ArrayList<>();
    List<DataType> types = new ArrayList<>(input.types());
    for (int i = 0; i < input.types().size(); i++) {
      expressions.add(
          ExpressionCompiler.compile(inputReference(factory, input.types(), i), input.types()));
    }
    for (RexNode column : columns) {
      Expression expression = ExpressionCompiler.compile(column, input.types());
      expressions.add(expression);
      types.add(expression.type());
    }
    return planner.instrument(
        new OperatorStream(
            input.stream(), new FilterProjectOperator(context, null, expressions), context),
        "Project",
        "window arguments " + columns,
        types,
        input);
  }

  /** Removes {@code count} columns starting at {@code from}. */
  private Node dropColumns(Node input, int from, int count, RelDataTypeFactory factory) {
    List<Expression> expressions = new ArrayList<>();
    List<DataType> types = new ArrayList<>();
    for (int i = 0; i < input.types().size(); i++) {
      if (i < from || i >= from + count) {
        expressions.add(
            ExpressionCompiler.compile(inputReference(factory, input.types(), i), input.types()));
        types.add(input.types().get(i));
      }
    }
    return planner.instrument(
        new OperatorStream(
            input.stream(), new FilterProjectOperator(context, null, expressions), context),
        "Project",
        "drop window arguments",
        types,
        input);
  }

  private static RexInputRef inputReference(
      RelDataTypeFactory factory, List<DataType> types, int channel) {
    return new RexInputRef(channel, CalciteTypes.toRelDataType(factory, types.get(channel), true));
  }

  /**
   * Turns a group's calls into specs, collecting the columns to append: arguments and defaults cast
   * to their call's type.
   */
  private static final class Calls {
    private final Window window;
    private final int inputWidth;
    private final List<DataType> types;
    private final RexBuilder rexBuilder;
    final List<RexNode> appended = new ArrayList<>();

    Calls(Window window, int inputWidth, List<DataType> types) {
      this.window = window;
      this.inputWidth = inputWidth;
      this.types = types;
      this.rexBuilder = window.getCluster().getRexBuilder();
    }

    WindowFunctionSpec function(Window.RexWinAggCall call, Frame frame) {
      String name = call.getOperator().getName();
      WindowFunctionKind kind =
          switch (call.getOperator().getKind()) {
            case ROW_NUMBER -> WindowFunctionKind.ROW_NUMBER;
            case RANK -> WindowFunctionKind.RANK;
            case DENSE_RANK -> WindowFunctionKind.DENSE_RANK;
            case PERCENT_RANK -> WindowFunctionKind.PERCENT_RANK;
            case CUME_DIST -> WindowFunctionKind.CUME_DIST;
            case NTILE -> WindowFunctionKind.NTILE;
            case SUM, SUM0 -> WindowFunctionKind.SUM;
            case AVG -> WindowFunctionKind.AVG;
            case COUNT -> WindowFunctionKind.COUNT;
            case MIN -> WindowFunctionKind.MIN;
            case MAX -> WindowFunctionKind.MAX;
            case LAG -> WindowFunctionKind.LAG;
            case LEAD -> WindowFunctionKind.LEAD;
            case FIRST_VALUE -> WindowFunctionKind.FIRST_VALUE;
            case LAST_VALUE -> WindowFunctionKind.LAST_VALUE;
            case NTH_VALUE -> WindowFunctionKind.NTH_VALUE;
            default -> throw unsupported("Window function[" + name + "]");
          };
      if (call.distinct) {
        throw unsupported("DISTINCT in window function[" + name + "]");
      }
      if (call.ignoreNulls) {
        throw unsupported("IGNORE NULLS in window function[" + name + "]");
      }
      List<RexNode> operands = call.getOperands();
      return switch (kind) {
        case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST ->
            WindowFunctionSpec.of(kind, Frame.RANGE_UNBOUNDED_TO_CURRENT_ROW);
        case NTILE -> {
          long buckets = positiveConstant(operands.get(0), name);
          yield WindowFunctionSpec.ntile(buckets);
        }
        case LAG, LEAD -> {
          DataType type = ExpressionCompiler.toDataType(call.getType());
          int channel = valueChannel(operands.get(0), call.getType(), name);
          long offset = operands.size() > 1 ? integerConstant(operands.get(1), name) : 1;
          int defaultChannel =
              operands.size() > 2 ? defaultChannel(operands.get(2), call.getType()) : -1;
          yield WindowFunctionSpec.shift(kind, channel, type, offset, defaultChannel);
        }
        case NTH_VALUE -> {
          int channel = argumentChannel(operands.get(0), name);
          long n = positiveConstant(operands.get(1), name);
          yield WindowFunctionSpec.nthValue(channel, types.get(channel), n, frame);
        }
        case SUM, AVG, COUNT, MIN, MAX, FIRST_VALUE, LAST_VALUE -> {
          if (operands.isEmpty()) {
            yield WindowFunctionSpec.of(kind, frame);
          }
          if (operands.size() != 1) {
            throw unsupported("Window function[" + name + "] of several arguments");
          }
          int channel = argumentChannel(operands.get(0), name);
          yield WindowFunctionSpec.of(kind, channel, types.get(channel), frame);
        }
      };
    }

    private int argumentChannel(RexNode operand, String name) {
      if (!(operand instanceof RexInputRef reference) || reference.getIndex() >= inputWidth) {
        throw unsupported("Window function[" + name + "] over a constant");
      }
      return reference.getIndex();
    }

    /** The channel of LAG's or LEAD's value, cast to the result type if needed. */
    private int valueChannel(RexNode operand, RelDataType type, String name) {
      int channel = argumentChannel(operand, name);
      return types.get(channel).equals(ExpressionCompiler.toDataType(type))
          ? channel
          : append(operand, type);
    }

    /** The channel of LAG's or LEAD's default, cast to the result type if needed; -1 for NULL. */
    private int defaultChannel(RexNode operand, RelDataType type) {
      RexNode value = constantOrSelf(operand);
      if (value instanceof RexLiteral literal && literal.isNull()) {
        return -1;
      }
      if (value instanceof RexInputRef reference
          && types.get(reference.getIndex()).equals(ExpressionCompiler.toDataType(type))) {
        return reference.getIndex();
      }
      return append(value, type);
    }

    private int append(RexNode value, RelDataType type) {
      RelDataTypeFactory factory = rexBuilder.getTypeFactory();
      appended.add(
          rexBuilder.makeCast(
              factory.createTypeWithNullability(type, value.getType().isNullable()), value));
      types.add(ExpressionCompiler.toDataType(type));
      return types.size() - 1;
    }

    private RexNode constantOrSelf(RexNode node) {
      if (node instanceof RexInputRef reference && reference.getIndex() >= inputWidth) {
        return window.constants.get(reference.getIndex() - inputWidth);
      }
      return node;
    }

    private long integerConstant(RexNode operand, String name) {
      BigDecimal value =
          constantOrSelf(operand) instanceof RexLiteral literal
              ? literal.getValueAs(BigDecimal.class)
              : null;
      if (value == null) {
        throw unsupported("A non-constant or NULL argument of window function[" + name + "]");
      }
      try {
        return value.longValueExact();
      } catch (ArithmeticException e) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Argument[" + value + "] of window function[" + name + "] is not an integer",
            e);
      }
    }

    private long positiveConstant(RexNode operand, String name) {
      long value = integerConstant(operand, name);
      if (value <= 0) {
        throw new AuroraException(
            name.equals("NTILE")
                ? ErrorCode.INVALID_ARGUMENT_FOR_NTILE
                : name.equals("NTH_VALUE")
                    ? ErrorCode.INVALID_ARGUMENT_FOR_NTH_VALUE
                    : ErrorCode.INVALID_PARAMETER_VALUE,
            "argument of "
                + name.toLowerCase(java.util.Locale.ROOT)
                + " must be greater than zero");
      }
      return value;
    }
  }

  private static Frame frame(
      Window.Group group,
      Window window,
      int inputWidth,
      List<DataType> types,
      List<SortKey> orderKeys) {
    Frame.Unit unit = group.isRows ? Frame.Unit.ROWS : Frame.Unit.RANGE;
    DataType keyType = orderKeys.size() == 1 ? types.get(orderKeys.get(0).channel()) : null;
    Frame.Bound start = bound(group.lowerBound, window, inputWidth, unit, keyType);
    Frame.Bound end = bound(group.upperBound, window, inputWidth, unit, keyType);
    if (unit == Frame.Unit.ROWS && (isGroupsBound(start) || isGroupsBound(end))) {
      if (orderKeys.isEmpty()) {
        throw new AuroraException(
            ErrorCode.WINDOWING_ERROR, "GROUPS mode requires an ORDER BY clause");
      }
      unit = Frame.Unit.GROUPS;
      start = groupsBound(start);
      end = groupsBound(end);
    }
    Frame.Exclusion exclusion =
        switch (group.exclude) {
          case EXCLUDE_NO_OTHER -> Frame.Exclusion.NO_OTHERS;
          case EXCLUDE_CURRENT_ROW -> Frame.Exclusion.CURRENT_ROW;
          case EXCLUDE_GROUP -> Frame.Exclusion.GROUP;
          case EXCLUDE_TIES -> Frame.Exclusion.TIES;
        };
    try {
      return new Frame(unit, start, end, exclusion);
    } catch (IllegalArgumentException e) {
      throw unsupported("Window frame[" + unit + " BETWEEN " + start + " AND " + end + "]");
    }
  }

  /** Whether a ROWS bound stands for a GROUPS bound ({@link GroupsFrames}). */
  private static boolean isGroupsBound(Frame.Bound bound) {
    return bound.hasOffset() && GroupsFrames.isMarked(bound.offset());
  }

  private static Frame.Bound groupsBound(Frame.Bound bound) {
    if (!isGroupsBound(bound)) {
      return bound;
    }
    long offset = GroupsFrames.unmarked(bound.offset());
    return bound.type() == Frame.BoundType.PRECEDING
        ? Frame.Bound.preceding(offset)
        : Frame.Bound.following(offset);
  }

  private static Frame.Bound bound(
      RexWindowBound bound,
      Window window,
      int inputWidth,
      Frame.Unit unit,
      @Nullable DataType keyType) {
    if (bound.isCurrentRow()) {
      return Frame.Bound.currentRow();
    }
    if (bound.isUnbounded()) {
      return bound.isPreceding()
          ? Frame.Bound.unboundedPreceding()
          : Frame.Bound.unboundedFollowing();
    }
    RexNode node = bound.getOffset();
    RexNode value = node;
    if (node instanceof RexInputRef reference && reference.getIndex() >= inputWidth) {
      value = window.constants.get(reference.getIndex() - inputWidth);
    }
    if (!(value instanceof RexLiteral literal)) {
      throw unsupported("A window frame offset that is not a constant");
    }
    BigDecimal amount = literal.getValueAs(BigDecimal.class);
    if (amount == null) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE, "A window frame offset must not be NULL");
    }
    if (amount.signum() < 0) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE, "A window frame offset must not be negative");
    }
    if (unit == Frame.Unit.RANGE && keyType != null) {
      return rangeBound(bound.isPreceding(), literal, amount, keyType);
    }
    long offset = exactLong(amount, "A ROWS frame offset[" + amount + "]");
    return bound.isPreceding() ? Frame.Bound.preceding(offset) : Frame.Bound.following(offset);
  }

  /**
   * A RANGE offset in the units of the ORDER BY key: numbers for numeric keys (exactly, so an
   * integer key needs an integer offset, as in PostgreSQL), intervals for DATE and TIMESTAMP keys,
   * day-to-second ones as microseconds and year-month ones as months.
   */
  private static Frame.Bound rangeBound(
      boolean isPreceding, RexLiteral literal, BigDecimal amount, DataType keyType) {
    SqlTypeFamily family = literal.getType().getSqlTypeName().getFamily();
    boolean isInterval = family == SqlTypeFamily.INTERVAL_DAY_TIME;
    boolean isNumeric = family == SqlTypeFamily.NUMERIC;
    String what = "A RANGE offset of type[" + literal.getType() + "] for ORDER BY type[" + keyType;
    boolean isDateTime = keyType.kind() == TypeKind.DATE || keyType.kind() == TypeKind.TIMESTAMP;
    if (isDateTime && family == SqlTypeFamily.INTERVAL_YEAR_MONTH) {
      long months = exactLong(amount, what + "] this large");
      return isPreceding
          ? Frame.Bound.monthsPreceding(months)
          : Frame.Bound.monthsFollowing(months);
    }
    if (keyType.kind() == TypeKind.REAL || keyType.kind() == TypeKind.DOUBLE) {
      if (!isNumeric) {
        throw unsupported(what + "]");
      }
      double doubleOffset = amount.doubleValue();
      return isPreceding
          ? Frame.Bound.preceding(doubleOffset)
          : Frame.Bound.following(doubleOffset);
    }
    long offset =
        switch (keyType.kind()) {
          case SMALLINT, INTEGER, BIGINT, DECIMAL -> {
            if (!isNumeric) {
              throw unsupported(what + "]");
            }
            yield exactLong(amount.movePointRight(keyType.scale()), what + "] with this scale");
          }
          case DATE, TIMESTAMP -> {
            if (!isInterval) {
              throw unsupported(what + "]");
            }
            yield exactLong(
                amount.multiply(BigDecimal.valueOf(MICROS_PER_MILLISECOND)), what + "] this large");
          }
          case BOOLEAN, VARCHAR, REAL, DOUBLE -> throw unsupported(what + "]");
        };
    return isPreceding ? Frame.Bound.preceding(offset) : Frame.Bound.following(offset);
  }

  private static long exactLong(BigDecimal value, String what) {
    try {
      return value.longValueExact();
    } catch (ArithmeticException e) {
      throw unsupported(what);
    }
  }

  private static AuroraException unsupported(String what) {
    return new AuroraException(ErrorCode.FEATURE_NOT_SUPPORTED, what + " is not supported yet");
  }
}
