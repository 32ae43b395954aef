package io.aurora.sql.execution;

import io.aurora.sql.expression.ExpressionCompiler;
import io.aurora.sql.operator.AggregateSpec;
import io.aurora.sql.operator.AggregateSpec.AggregateKind;
import io.aurora.sql.operator.SortKey;
import io.aurora.sql.planner.AuroraOperatorTable;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlAggFunction;

/** Translates Calcite aggregate calls into the aggregation operator's {@link AggregateSpec}s. */
final class AggregatePlanner {
  private AggregatePlanner() {}

  static AggregateSpec spec(AggregateCall call, RelNode input, List<DataType> inputTypes) {
    DataType outputType = ExpressionCompiler.toDataType(call.getType());
    List<Integer> arguments = call.getArgList();
    SqlAggFunction function = call.getAggregation();
    String name = function.getName();
    if (function == AuroraOperatorTable.APPROX_PERCENTILE) {
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
    if (function == AuroraOperatorTable.PERCENTILE_CONT) {
      int channel = arguments.get(1);
      double fraction = constantFraction(input, arguments.get(0), "percentile_cont");
      // descending, the percentile is the ascending one at 1 - fraction
      boolean isDescending = orderedSetKey(call, channel).getDirection().isDescending();
      return new AggregateSpec(
          AggregateKind.PERCENTILE_CONT,
          channel,
          inputTypes.get(channel),
          false,
          outputType,
          isDescending ? 1 - fraction : fraction);
    }
    if (function == AuroraOperatorTable.PERCENTILE_DISC) {
      int channel = arguments.get(1);
      double fraction = constantFraction(input, arguments.get(0), "percentile_disc");
      return ordered(
          AggregateKind.PERCENTILE_DISC, call, channel, inputTypes, outputType, fraction);
    }
    if (function == AuroraOperatorTable.MODE) {
      return ordered(AggregateKind.MODE, call, arguments.get(0), inputTypes, outputType, 0);
    }
    switch (function.getKind()) {
      case COUNT -> {
        if (arguments.isEmpty()) {
          return new AggregateSpec(AggregateKind.COUNT_ALL, -1, null, false, outputType, 0);
        }
        int channel = arguments.get(0);
        if (call.isApproximate()) {
          if (arguments.size() > 1) {
            throw unsupported("APPROX_COUNT_DISTINCT over several columns");
          }
          return new AggregateSpec(
              AggregateKind.APPROX_COUNT_DISTINCT,
              channel,
              inputTypes.get(channel),
              false,
              outputType,
              0);
        }
        List<Integer> more = arguments.subList(1, arguments.size());
        return new AggregateSpec(
            AggregateKind.COUNT,
            channel,
            inputTypes.get(channel),
            call.isDistinct(),
            outputType,
            0,
            more,
            more.stream().map(inputTypes::get).toList(),
            List.of(),
            List.of(),
            "");
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
      case STDDEV_SAMP -> {
        return single(AggregateKind.STDDEV_SAMP, call, inputTypes, outputType);
      }
      case STDDEV_POP -> {
        return single(AggregateKind.STDDEV_POP, call, inputTypes, outputType);
      }
      case VAR_SAMP -> {
        return single(AggregateKind.VAR_SAMP, call, inputTypes, outputType);
      }
      case VAR_POP -> {
        return single(AggregateKind.VAR_POP, call, inputTypes, outputType);
      }
      case LISTAGG, STRING_AGG -> {
        return stringAggregate(call, input, inputTypes, outputType);
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

  /**
   * The input channel of an aggregate call: the column whose nulls it skips, which FILTER (WHERE
   * ...) replaces by NULL where the condition does not hold; -1 for COUNT(*).
   */
  static int valueArgument(AggregateCall call) {
    SqlAggFunction function = call.getAggregation();
    if (function == AuroraOperatorTable.PERCENTILE_CONT
        || function == AuroraOperatorTable.PERCENTILE_DISC) {
      return 1;
    }
    return call.getArgList().isEmpty() ? -1 : 0;
  }

  /** The WITHIN GROUP key of an ordered-set aggregate, which must order by its argument. */
  private static RelFieldCollation orderedSetKey(AggregateCall call, int channel) {
    List<RelFieldCollation> keys = call.collation.getFieldCollations();
    if (keys.size() != 1 || keys.get(0).getFieldIndex() != channel) {
      throw unsupported(call.getAggregation().getName() + " with an ORDER BY of several columns");
    }
    return keys.get(0);
  }

  private static AggregateSpec ordered(
      AggregateKind kind,
      AggregateCall call,
      int channel,
      List<DataType> inputTypes,
      DataType outputType,
      double fraction) {
    SortKey key = sortKey(orderedSetKey(call, channel));
    DataType type = inputTypes.get(channel);
    return new AggregateSpec(
        kind,
        channel,
        type,
        false,
        outputType,
        fraction,
        List.of(),
        List.of(),
        List.of(key),
        List.of(type),
        "");
  }

  /** string_agg(x, separator [ORDER BY ...]); Calcite names it LISTAGG. */
  private static AggregateSpec stringAggregate(
      AggregateCall call, RelNode input, List<DataType> inputTypes, DataType outputType) {
    List<Integer> arguments = call.getArgList();
    if (arguments.size() != 2) {
      throw unsupported("string_agg without a separator");
    }
    int channel = arguments.get(0);
    String separator = constantString(input, arguments.get(1));
    List<SortKey> orderBy = new ArrayList<>();
    List<DataType> orderByTypes = new ArrayList<>();
    for (RelFieldCollation collation : call.collation.getFieldCollations()) {
      orderBy.add(sortKey(collation));
      orderByTypes.add(inputTypes.get(collation.getFieldIndex()));
    }
    return new AggregateSpec(
        AggregateKind.STRING_AGG,
        channel,
        inputTypes.get(channel),
        call.isDistinct(),
        outputType,
        0,
        List.of(),
        List.of(),
        orderBy,
        orderByTypes,
        separator);
  }

  private static SortKey sortKey(RelFieldCollation collation) {
    boolean isAscending = !collation.getDirection().isDescending();
    boolean isNullsFirst =
        switch (collation.nullDirection) {
          case FIRST -> true;
          case LAST -> false;
          case UNSPECIFIED -> !isAscending;
        };
    return new SortKey(collation.getFieldIndex(), isAscending, isNullsFirst);
  }

  /** A string literal of the aggregate's input projection; NULL is the empty string. */
  private static String constantString(RelNode input, int channel) {
    if (input instanceof Project project
        && project.getProjects().get(channel) instanceof RexLiteral literal) {
      String value = literal.getValueAs(String.class);
      return value == null ? "" : value;
    }
    throw unsupported("string_agg with a separator that is not a constant");
  }

  private static AggregateSpec single(
      AggregateKind kind, AggregateCall call, List<DataType> inputTypes, DataType outputType) {
    if (call.getArgList().size() != 1) {
      throw unsupported(kind + " over " + call.getArgList().size() + " arguments");
    }
    int channel = call.getArgList().get(0);
    boolean isDistinct =
        call.isDistinct()
            && switch (kind) {
              case SUM, AVG, STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP -> true;
              default -> false;
            };
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
