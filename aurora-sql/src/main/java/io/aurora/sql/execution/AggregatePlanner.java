package io.aurora.sql.execution;

import io.aurora.sql.expression.ExpressionCompiler;
import io.aurora.sql.operator.AggregateSpec;
import io.aurora.sql.operator.AggregateSpec.AggregateKind;
import io.aurora.sql.planner.AuroraOperatorTable;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/** Translates Calcite aggregate calls into the aggregation operator's {@link AggregateSpec}s. */
final class AggregatePlanner {
  private AggregatePlanner() {}

  static AggregateSpec spec(AggregateCall call, RelNode input, List<DataType> inputTypes) {
    DataType outputType = ExpressionCompiler.toDataType(call.getType());
    List<Integer> arguments = call.getArgList();
    String name = call.getAggregation().getName();
    if (call.getAggregation() == AuroraOperatorTable.APPROX_PERCENTILE) {
      int channel = arguments.get(0);
      double fraction = constantFraction(input, arguments.get(1), name);
      return new AggregateSpec(
          AggregateKind.APPROX_PERCENTILE,
          channel,
          inputTypes.get(channel),
          false,
          outputType,
          fraction);
    }
    switch (call.getAggregation().getKind()) {
      case COUNT -> {
        if (arguments.isEmpty()) {
          return new AggregateSpec(AggregateKind.COUNT_ALL, -1, null, false, outputType, 0);
        }
        if (arguments.size() > 1) {
          throw unsupported("COUNT over several columns");
        }
        int channel = arguments.get(0);
        AggregateKind kind =
            call.isApproximate() ? AggregateKind.APPROX_COUNT_DISTINCT : AggregateKind.COUNT;
        boolean isDistinct = call.isDistinct() && kind == AggregateKind.COUNT;
        return new AggregateSpec(kind, channel, inputTypes.get(channel), isDistinct, outputType, 0);
      }
      case SUM, SUM0 -> {
        return single(AggregateKind.SUM, call, inputTypes, outputType);
      }
      case AVG -> {
        return single(AggregateKind.AVG, call, inputTypes, outputType);
      }
      case MIN -> {
        return single(AggregateKind.MIN, call, inputTypes, outputType);
      }
      case MAX -> {
        return single(AggregateKind.MAX, call, inputTypes, outputType);
      }
      case ANY_VALUE, SINGLE_VALUE -> {
        return single(AggregateKind.ANY_VALUE, call, inputTypes, outputType);
      }
      case PERCENTILE_CONT -> {
        if (call.collation.getFieldCollations().size() != 1 || arguments.size() != 1) {
          throw unsupported("percentile_cont needs one fraction and one ORDER BY column");
        }
        int channel = call.collation.getFieldCollations().get(0).getFieldIndex();
        double fraction = constantFraction(input, arguments.get(0), name);
        return new AggregateSpec(
            AggregateKind.PERCENTILE_CONT,
            channel,
            inputTypes.get(channel),
            false,
            outputType,
            fraction);
      }
      default -> {
        return switch (name.toUpperCase(Locale.ROOT)) {
          case "BOOL_AND", "EVERY" -> single(AggregateKind.BOOL_AND, call, inputTypes, outputType);
          case "BOOL_OR", "SOME" -> single(AggregateKind.BOOL_OR, call, inputTypes, outputType);
          default -> throw unsupported("Aggregate function[" + name + "]");
        };
      }
    }
  }

  private static AggregateSpec single(
      AggregateKind kind, AggregateCall call, List<DataType> inputTypes, DataType outputType) {
    if (call.getArgList().size() != 1) {
      throw unsupported(kind + " over " + call.getArgList().size() + " arguments");
    }
    int channel = call.getArgList().get(0);
    boolean isDistinct =
        call.isDistinct() && (kind == AggregateKind.SUM || kind == AggregateKind.AVG);
    return new AggregateSpec(kind, channel, inputTypes.get(channel), isDistinct, outputType, 0);
  }

  private static double constantFraction(RelNode input, int channel, String function) {
    if (input instanceof Project project) {
      RexNode node = project.getProjects().get(channel);
      if (node instanceof RexLiteral literal) {
        BigDecimal value = literal.getValueAs(BigDecimal.class);
        if (value != null && value.signum() >= 0 && value.compareTo(BigDecimal.ONE) <= 0) {
          return value.doubleValue();
        }
        throw new AuroraException(
            ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
            "Percentile[" + value + "] of " + function + " is not between 0 and 1");
      }
    }
    throw unsupported(function + " with a fraction that is not a constant");
  }

  private static AuroraException unsupported(String what) {
    return new AuroraException(ErrorCode.FEATURE_NOT_SUPPORTED, what + " is not supported yet");
  }
}
