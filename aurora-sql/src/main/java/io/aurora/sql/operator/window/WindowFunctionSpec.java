package io.aurora.sql.operator.window;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import org.jspecify.annotations.Nullable;

/**
 * One window function call as the planner hands it to {@link WindowOperator}.
 *
 * @param kind which function
 * @param argumentChannel the input channel of the argument, or -1 for ranking functions and
 *     COUNT(*)
 * @param argumentType the type of that channel, or null when there is no argument
 * @param outputType the result type, which must be {@link #outputTypeOf}
 * @param frame the frame aggregates and FIRST_VALUE, LAST_VALUE and NTH_VALUE work over; other
 *     functions ignore it
 * @param parameter the constant second argument: LAG's and LEAD's offset (any sign; a negative LAG
 *     looks ahead), NTH_VALUE's n and NTILE's bucket count (both at least 1); 0 for others
 * @param defaultChannel the input channel, of the argument's type, whose value LAG and LEAD return
 *     for a row without a row at the offset, or -1 for NULL; -1 for other functions
 */
public record WindowFunctionSpec(
    WindowFunctionKind kind,
    int argumentChannel,
    @Nullable DataType argumentType,
    DataType outputType,
    Frame frame,
    long parameter,
    int defaultChannel) {

  public WindowFunctionSpec {
    requireNonNull(kind, "kind is null");
    requireNonNull(outputType, "outputType is null");
    requireNonNull(frame, "frame is null");
    boolean hasArgument = argumentChannel >= 0;
    if (hasArgument != (argumentType != null)) {
      throw new IllegalArgumentException("argumentType must be given exactly with a channel");
    }
    if (kind.isRanking() && hasArgument) {
      throw new IllegalArgumentException(kind + " takes no argument");
    }
    if (!kind.isRanking() && kind != WindowFunctionKind.COUNT && !hasArgument) {
      throw new IllegalArgumentException(kind + " needs an argument");
    }
    boolean hasParameter =
        switch (kind) {
          case NTILE, NTH_VALUE -> {
            if (parameter < 1) {
              throw new IllegalArgumentException(kind + " needs a parameter of at least 1");
            }
            yield true;
          }
          case LAG, LEAD -> true;
          case ROW_NUMBER,
              RANK,
              DENSE_RANK,
              PERCENT_RANK,
              CUME_DIST,
              SUM,
              AVG,
              COUNT,
              MIN,
              MAX,
              FIRST_VALUE,
              LAST_VALUE ->
              false;
        };
    if (!hasParameter && parameter != 0) {
      throw new IllegalArgumentException(kind + " takes no parameter");
    }
    boolean takesDefault = kind == WindowFunctionKind.LAG || kind == WindowFunctionKind.LEAD;
    if (defaultChannel < -1 || (!takesDefault && defaultChannel != -1)) {
      throw new IllegalArgumentException(
          kind + " cannot have default channel[" + defaultChannel + "]");
    }
    DataType expected = outputTypeOf(kind, argumentType);
    if (!expected.equals(outputType)) {
      throw new IllegalArgumentException(
          "Output type[" + outputType + "] of " + kind + " should be[" + expected + "]");
    }
  }

  /** A function without an argument (ranking, COUNT(*)). */
  public static WindowFunctionSpec of(WindowFunctionKind kind, Frame frame) {
    return new WindowFunctionSpec(kind, -1, null, outputTypeOf(kind, null), frame, 0, -1);
  }

  /** NTILE(buckets). */
  public static WindowFunctionSpec ntile(long buckets) {
    return new WindowFunctionSpec(
        WindowFunctionKind.NTILE,
        -1,
        null,
        DataType.BIGINT,
        Frame.RANGE_UNBOUNDED_TO_CURRENT_ROW,
        buckets,
        -1);
  }

  /** LAG or LEAD of a channel by {@code offset} rows, with a default channel or -1 for NULL. */
  public static WindowFunctionSpec shift(
      WindowFunctionKind kind,
      int argumentChannel,
      DataType argumentType,
      long offset,
      int defaultChannel) {
    return new WindowFunctionSpec(
        kind,
        argumentChannel,
        argumentType,
        argumentType,
        Frame.RANGE_UNBOUNDED_TO_CURRENT_ROW,
        offset,
        defaultChannel);
  }

  /** NTH_VALUE of a channel over a frame. */
  public static WindowFunctionSpec nthValue(
      int argumentChannel, DataType argumentType, long n, Frame frame) {
    return new WindowFunctionSpec(
        WindowFunctionKind.NTH_VALUE, argumentChannel, argumentType, argumentType, frame, n, -1);
  }

  /** A function of one argument, with its natural output type. */
  public static WindowFunctionSpec of(
      WindowFunctionKind kind, int argumentChannel, DataType argumentType, Frame frame) {
    return new WindowFunctionSpec(
        kind, argumentChannel, argumentType, outputTypeOf(kind, argumentType), frame, 0, -1);
  }

  /** The result type of a function over an argument type (null when there is no argument). */
  public static DataType outputTypeOf(WindowFunctionKind kind, @Nullable DataType argumentType) {
    return switch (kind) {
      case ROW_NUMBER, RANK, DENSE_RANK, NTILE, COUNT -> DataType.BIGINT;
      case PERCENT_RANK, CUME_DIST -> DataType.DOUBLE;
      case MIN, MAX, LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE ->
          requireNonNull(argumentType, "argumentType is null");
      case SUM -> {
        TypeKind argument = numericKind(kind, argumentType);
        yield switch (argument) {
          case DECIMAL -> DataType.decimal(DataType.MAX_DECIMAL_PRECISION, argumentType.scale());
          case REAL, DOUBLE -> DataType.DOUBLE;
          case SMALLINT, INTEGER, BIGINT -> DataType.BIGINT;
          case BOOLEAN, VARCHAR, DATE, TIMESTAMP -> throw new IllegalStateException();
        };
      }
      case AVG -> {
        numericKind(kind, argumentType);
        yield DataType.DOUBLE;
      }
    };
  }

  private static TypeKind numericKind(WindowFunctionKind kind, @Nullable DataType argumentType) {
    requireNonNull(argumentType, "argumentType is null");
    return switch (argumentType.kind()) {
      case SMALLINT, INTEGER, BIGINT, DECIMAL, REAL, DOUBLE -> argumentType.kind();
      case BOOLEAN, VARCHAR, DATE, TIMESTAMP ->
          throw new IllegalArgumentException(kind + " does not accept " + argumentType);
    };
  }
}
