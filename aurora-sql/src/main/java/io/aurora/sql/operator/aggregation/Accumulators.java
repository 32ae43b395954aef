package io.aurora.sql.operator.aggregation;

import io.aurora.sql.operator.AggregateSpec;
import io.aurora.sql.operator.AggregateSpec.AggregateKind;
import io.aurora.sql.operator.MemoryContext;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PhysicalType;
import java.util.ArrayList;
import java.util.List;

/** Creates the {@link Accumulator} for an {@link AggregateSpec}. */
public final class Accumulators {
  private Accumulators() {}

  /**
   * Whether the aggregate can run as PARTIAL then FINAL steps: every one except DISTINCT aggregates
   * and the ordered ones (PERCENTILE_CONT, PERCENTILE_DISC, MODE, STRING_AGG), which need all of a
   * group's values in one place.
   */
  public static boolean isSplittable(AggregateSpec spec) {
    if (spec.isDistinct()) {
      return false;
    }
    return switch (spec.kind()) {
      case PERCENTILE_CONT, PERCENTILE_DISC, MODE, STRING_AGG -> false;
      case COUNT_ALL,
          COUNT,
          SUM,
          AVG,
          MIN,
          MAX,
          APPROX_COUNT_DISTINCT,
          APPROX_PERCENTILE,
          STDDEV_SAMP,
          STDDEV_POP,
          VAR_SAMP,
          VAR_POP,
          BOOL_AND,
          BOOL_OR,
          ANY_VALUE ->
          true;
    };
  }

  /** A new accumulator for {@code spec}, reserving its memory from {@code memory}. */
  public static Accumulator create(AggregateSpec spec, MemoryContext memory) {
    if (spec.isDistinct() && spec.kind() != AggregateKind.COUNT_ALL) {
      List<DataType> inputTypes = new ArrayList<>();
      inputTypes.add(inputType(spec));
      inputTypes.addAll(spec.moreTypes());
      return new DistinctAccumulator(
          createPlain(spec, memory), countChannels(spec), inputTypes, memory);
    }
    return createPlain(spec, memory);
  }

  private static int[] countChannels(AggregateSpec spec) {
    int[] channels = new int[spec.moreChannels().size() + 1];
    channels[0] = spec.inputChannel();
    for (int i = 1; i < channels.length; i++) {
      channels[i] = spec.moreChannels().get(i - 1);
    }
    return channels;
  }

  private static Accumulator createPlain(AggregateSpec spec, MemoryContext memory) {
    int channel = spec.inputChannel();
    return switch (spec.kind()) {
      case COUNT_ALL -> new CountAccumulator(new int[0], memory);
      case COUNT -> new CountAccumulator(countChannels(spec), memory);
      case SUM -> {
        PhysicalType type = inputType(spec).physicalType();
        yield switch (type) {
          case INT, LONG -> new LongSumAccumulator(channel, spec.outputType(), memory);
          case FLOAT, DOUBLE -> new DoubleSumAccumulator(channel, memory);
          case BOOLEAN, VARCHAR -> throw unsupported(spec);
        };
      }
      case AVG -> {
        DataType type = inputType(spec);
        yield switch (type.physicalType()) {
          case INT, LONG, FLOAT, DOUBLE -> new AverageAccumulator(channel, type, memory);
          case BOOLEAN, VARCHAR -> throw unsupported(spec);
        };
      }
      case MIN -> valueAccumulator(spec, KeptValue.MINIMUM, memory);
      case MAX -> valueAccumulator(spec, KeptValue.MAXIMUM, memory);
      case ANY_VALUE -> valueAccumulator(spec, KeptValue.FIRST, memory);
      case BOOL_AND -> booleanAccumulator(spec, KeptValue.MINIMUM, memory);
      case BOOL_OR -> booleanAccumulator(spec, KeptValue.MAXIMUM, memory);
      case APPROX_COUNT_DISTINCT -> new ApproxDistinctAccumulator(channel, memory);
      case APPROX_PERCENTILE ->
          new ApproxPercentileAccumulator(channel, numericInputType(spec), spec.fraction(), memory);
      case PERCENTILE_CONT ->
          new PercentileContAccumulator(channel, numericInputType(spec), spec.fraction(), memory);
      case STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP ->
          new VarianceAccumulator(channel, numericInputType(spec), spec.kind(), memory);
      case PERCENTILE_DISC, MODE -> new OrderedValuesAccumulator(spec, memory);
      case STRING_AGG -> {
        if (inputType(spec).physicalType() != PhysicalType.VARCHAR) {
          throw unsupported(spec);
        }
        yield new OrderedValuesAccumulator(spec, memory);
      }
    };
  }

  private static Accumulator valueAccumulator(
      AggregateSpec spec, KeptValue kept, MemoryContext memory) {
    DataType type = inputType(spec);
    int channel = spec.inputChannel();
    return switch (type.physicalType()) {
      case INT, LONG -> new LongValueAccumulator(channel, type, kept, memory);
      case FLOAT, DOUBLE -> new DoubleValueAccumulator(channel, type, kept, memory);
      case BOOLEAN -> new BooleanValueAccumulator(channel, kept, memory);
      case VARCHAR -> new VarcharValueAccumulator(channel, kept, memory);
    };
  }

  private static Accumulator booleanAccumulator(
      AggregateSpec spec, KeptValue kept, MemoryContext memory) {
    if (inputType(spec).physicalType() != PhysicalType.BOOLEAN) {
      throw unsupported(spec);
    }
    return new BooleanValueAccumulator(spec.inputChannel(), kept, memory);
  }

  private static DataType numericInputType(AggregateSpec spec) {
    DataType type = inputType(spec);
    return switch (type.physicalType()) {
      case INT, LONG, FLOAT, DOUBLE -> type;
      case BOOLEAN, VARCHAR -> throw unsupported(spec);
    };
  }

  private static DataType inputType(AggregateSpec spec) {
    DataType type = spec.inputType();
    if (type == null) {
      throw new IllegalArgumentException("aggregate " + spec.kind() + " needs an input type");
    }
    return type;
  }

  private static IllegalArgumentException unsupported(AggregateSpec spec) {
    return new IllegalArgumentException(
        "aggregate " + spec.kind() + " does not accept input of type " + spec.inputType());
  }
}
